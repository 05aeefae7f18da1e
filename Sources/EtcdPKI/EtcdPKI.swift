import Crypto
import Foundation
import SwiftASN1
import X509

/// A kubeadm-like etcd PKI: an etcd CA and the certificates kubeadm issues from it, in kubeadm's files.
///
/// kubeadm keeps them in `/etc/kubernetes/pki/etcd/`; KubeSim keeps them in `<data-dir>/pki/etcd/`:
///
/// | file | what | extended key usage | subject alternative names |
/// |---|---|---|---|
/// | `ca.crt`, `ca.key` | the etcd CA (`CN=etcd-ca`) | – | – |
/// | `server.crt`, `server.key` | etcd's serving certificate | server and client auth | localhost, 127.0.0.1, ::1, the host names |
/// | `peer.crt`, `peer.key` | etcd's peer certificate | server and client auth | as the server's |
/// | `healthcheck-client.crt`, `.key` | the liveness probe's client (`CN=kube-etcd-healthcheck-client`) | client auth | – |
///
/// As with kubeadm, `server.crt` is valid for client authentication too, so the lesson's
/// `etcdctl --cacert ca.crt --cert server.crt --key server.key` works. Keys are ECDSA P-256 (kubeadm's
/// `--encryption-algorithm=ECDSA-P256`), written as PKCS #8 PEM with mode 0600.
///
/// ```swift
/// let pki = try await EtcdPKI.ensure(directory: "/tmp/kubesim/pki/etcd")
/// print(pki.serverCertificate)   // /tmp/kubesim/pki/etcd/server.crt
/// ```
public struct EtcdPKI: Sendable, Hashable {
    /// The folder holding the files.
    public let directory: String

    public var caCertificate: String { path("ca.crt") }
    public var caKey: String { path("ca.key") }
    public var serverCertificate: String { path("server.crt") }
    public var serverKey: String { path("server.key") }
    public var peerCertificate: String { path("peer.crt") }
    public var peerKey: String { path("peer.key") }
    public var healthcheckClientCertificate: String { path("healthcheck-client.crt") }
    public var healthcheckClientKey: String { path("healthcheck-client.key") }

    /// kubeadm's certificate lifetimes: ten years for the CA, one year for the leaves.
    public static let caValidity: TimeInterval = 10 * 365 * 24 * 3600
    public static let leafValidity: TimeInterval = 365 * 24 * 3600

    public init(directory: String) {
        self.directory = directory
    }

    private func path(_ name: String) -> String {
        URL(fileURLWithPath: directory).appendingPathComponent(name).path
    }

    /// Every file of the PKI, certificate then key.
    public var files: [String] {
        [
            caCertificate, caKey, serverCertificate, serverKey, peerCertificate, peerKey,
            healthcheckClientCertificate, healthcheckClientKey,
        ]
    }

    /// Whether every file exists.
    public var isComplete: Bool { files.allSatisfy { FileManager.default.fileExists(atPath: $0) } }

    /// The PKI in `directory`, created there if any file is missing.
    ///
    /// An existing complete PKI is kept as it is (its CA may have signed other clients' certificates). A partial
    /// one is an error rather than silently replaced.
    /// - Parameter hostNames: extra DNS names for the server and peer certificates, besides `localhost`.
    public static func ensure(directory: String, hostNames: [String] = []) async throws -> EtcdPKI {
        let pki = EtcdPKI(directory: directory)
        if pki.isComplete { return pki }
        let present = pki.files.filter { FileManager.default.fileExists(atPath: $0) }
        guard present.isEmpty else {
            throw EtcdPKIError(
                message: "\(directory) holds only part of an etcd PKI (\(present.map { URL(fileURLWithPath: $0).lastPathComponent }.joined(separator: ", "))); remove it or complete it")
        }
        try await pki.create(hostNames: hostNames)
        return pki
    }

    /// Writes a new CA and the certificates it issues, replacing any files there.
    public func create(hostNames: [String] = [], now: Date = Date()) async throws {
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])

        let caKey = P256.Signing.PrivateKey()
        let caName = try DistinguishedName { CommonName("etcd-ca") }
        let caPublicKey = Certificate.PublicKey(caKey.publicKey)
        let ca = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: caPublicKey, notValidBefore: now.addingTimeInterval(-300),
            notValidAfter: now.addingTimeInterval(Self.caValidity),
            issuer: caName, subject: caName, signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: nil))
                Critical(KeyUsage(digitalSignature: true, keyEncipherment: true, keyCertSign: true))
                SubjectKeyIdentifier(hash: caPublicKey)
            },
            issuerPrivateKey: Certificate.PrivateKey(caKey))
        try write(ca, to: caCertificate)
        try write(caKey, to: self.caKey)

        let names = ["localhost"] + hostNames.filter { $0 != "localhost" }
        let alternativeNames: [GeneralName] =
            names.map { .dnsName($0) } + [
                .ipAddress(ASN1OctetString(contentBytes: [127, 0, 0, 1])),
                .ipAddress(ASN1OctetString(contentBytes: ArraySlice([UInt8](repeating: 0, count: 15) + [1]))),
            ]
        let issuer = Issuer(certificate: ca, key: caKey)
        let bothUsages: [ExtendedKeyUsage.Usage] = [.serverAuth, .clientAuth]
        let commonName = hostNames.first ?? "localhost"
        try issuer.issue(
            commonName: commonName, usages: bothUsages, alternativeNames: alternativeNames, now: now,
            certificate: serverCertificate, key: serverKey)
        try issuer.issue(
            commonName: commonName, usages: bothUsages, alternativeNames: alternativeNames, now: now,
            certificate: peerCertificate, key: peerKey)
        try issuer.issue(
            commonName: "kube-etcd-healthcheck-client", usages: [.clientAuth], alternativeNames: [], now: now,
            certificate: healthcheckClientCertificate, key: healthcheckClientKey)
    }

    /// Issues an extra client certificate from this PKI's CA (for tests and other clients).
    public func issueClientCertificate(commonName: String, certificate: String, key: String) throws {
        let caPEM = try String(contentsOfFile: caCertificate, encoding: .utf8)
        let keyPEM = try String(contentsOfFile: caKey, encoding: .utf8)
        let issuer = Issuer(
            certificate: try Certificate(pemEncoded: caPEM), key: try P256.Signing.PrivateKey(pemRepresentation: keyPEM))
        try issuer.issue(
            commonName: commonName, usages: [.clientAuth], alternativeNames: [], now: Date(),
            certificate: certificate, key: key)
    }

    private struct Issuer {
        let certificate: Certificate
        let key: P256.Signing.PrivateKey

        func issue(
            commonName: String, usages: [ExtendedKeyUsage.Usage], alternativeNames: [GeneralName], now: Date,
            certificate path: String, key keyPath: String
        ) throws {
            let leafKey = P256.Signing.PrivateKey()
            let publicKey = Certificate.PublicKey(leafKey.publicKey)
            let issuerKeyID = try certificate.extensions.subjectKeyIdentifier?.keyIdentifier
            let leaf = try Certificate(
                version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: publicKey,
                notValidBefore: now.addingTimeInterval(-300), notValidAfter: now.addingTimeInterval(EtcdPKI.leafValidity),
                issuer: certificate.subject, subject: try DistinguishedName { CommonName(commonName) },
                signatureAlgorithm: .ecdsaWithSHA256,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.notCertificateAuthority)
                    Critical(KeyUsage(digitalSignature: true, keyEncipherment: true))
                    try ExtendedKeyUsage(usages)
                    if let issuerKeyID { AuthorityKeyIdentifier(keyIdentifier: issuerKeyID) }
                    if !alternativeNames.isEmpty { SubjectAlternativeNames(alternativeNames) }
                },
                issuerPrivateKey: Certificate.PrivateKey(key))
            try write(leaf, to: path)
            try write(leafKey, to: keyPath)
        }
    }
}

/// A PKI that cannot be used or made.
public struct EtcdPKIError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

private func write(_ certificate: Certificate, to path: String) throws {
    try writeFile(try certificate.serializeAsPEM().pemString + "\n", to: path, mode: 0o644)
}

private func write(_ key: P256.Signing.PrivateKey, to path: String) throws {
    try writeFile(key.pemRepresentation + "\n", to: path, mode: 0o600)
}

private func writeFile(_ contents: String, to path: String, mode: Int) throws {
    let partial = path + ".tmp"
    guard FileManager.default.createFile(atPath: partial, contents: Data(contents.utf8), attributes: [.posixPermissions: mode])
    else { throw EtcdPKIError(message: "\(path): cannot write the file") }
    _ = try? FileManager.default.removeItem(atPath: path)
    try FileManager.default.moveItem(atPath: partial, toPath: path)
}
