import Crypto
import CryptoExtras
import Foundation

/// The key pair that signs service-account tokens, in kubeadm's files: `sa.key` (PEM) and `sa.pub` (its public
/// key, PEM), beside the cluster CA. A new key is ECDSA P-256, as kubeadm makes it with `encryptionAlgorithm:
/// ECDSA-P256`, the algorithm of every other key KubeSim makes; an existing RSA key (kubeadm's default) is kept.
public enum ServiceAccountKey {
    /// `<directory>/sa.key` and `sa.pub`, created when neither exists (as `kubeadm init phase certs sa`).
    /// - Returns: the private key file.
    @discardableResult
    public static func ensure(directory: String) throws -> String {
        let keyPath = URL(fileURLWithPath: directory).appendingPathComponent("sa.key").path
        let publicPath = URL(fileURLWithPath: directory).appendingPathComponent("sa.pub").path
        let manager = FileManager.default
        if manager.fileExists(atPath: keyPath) {
            if !manager.fileExists(atPath: publicPath) {
                try write(try publicKeyPEM(ofPrivateKey: try String(contentsOfFile: keyPath, encoding: .utf8)) + "\n", to: publicPath, mode: 0o644)
            }
            return keyPath
        }
        try manager.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let key = P256.Signing.PrivateKey()
        try write(key.pemRepresentation + "\n", to: keyPath, mode: 0o600)
        try write(key.publicKey.pemRepresentation + "\n", to: publicPath, mode: 0o644)
        return keyPath
    }

    private static func publicKeyPEM(ofPrivateKey pem: String) throws -> String {
        if let key = try? P256.Signing.PrivateKey(pemRepresentation: pem) { return key.publicKey.pemRepresentation }
        return try _RSA.Signing.PrivateKey(pemRepresentation: pem).publicKey.pemRepresentation
    }

    private static func write(_ contents: String, to path: String, mode: Int) throws {
        guard manager.createFile(atPath: path, contents: Data(contents.utf8), attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    private static var manager: FileManager { .default }
}
