import Crypto
import CryptoExtras
import Foundation
import KubeAuth
import Testing

/// `sa.key` as `kubeadm init phase certs sa` makes it with `encryptionAlgorithm: ECDSA-P256`, and the tokens it
/// signs as kube-apiserver signs them: ES256 for an ECDSA key, RS256 for an RSA key a directory already has.
@Suite struct ServiceAccountKeyTests {
    private static func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sa-key-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    private static func claims(now: Date) -> ServiceAccountClaims {
        let seconds = Int64(now.timeIntervalSince1970)
        return ServiceAccountClaims(
            iss: ServiceAccountTokens.issuer, sub: "system:serviceaccount:default:robot", aud: [ServiceAccountTokens.issuer],
            exp: seconds + 3600, iat: seconds, nbf: seconds, jti: "1",
            kubernetes: .init(namespace: "default", serviceaccount: .init(name: "robot", uid: "u-1")))
    }

    /// The JWT header of `token`, decoded.
    private static func header(_ token: String) throws -> [String: String] {
        var part = String(token.split(separator: ".")[0]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        part += String(repeating: "=", count: (4 - part.count % 4) % 4)
        let data = try #require(Data(base64Encoded: part))
        return try JSONDecoder().decode([String: String].self, from: data)
    }

    /// kube-apiserver's key id: SHA-256 of the public key's PKIX DER, unpadded base64url.
    private static func keyID(_ der: Data) -> String {
        Data(SHA256.hash(data: der)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The key in `keyFile` signs tokens with `algorithm`, named by kube-apiserver's key id, that it verifies.
    private static func expectSignsAndVerifies(keyFile: String, algorithm: String, publicKeyDER: Data) async throws {
        let tokens = try await ServiceAccountTokens.load(keyFile: keyFile)
        let now = Date()
        let token = try await tokens.sign(claims(now: now))
        #expect(try header(token)["alg"] == algorithm)
        #expect(try header(token)["kid"] == keyID(publicKeyDER))
        #expect(try await tokens.verify(token, now: now).sub == "system:serviceaccount:default:robot")
    }

    @Test func aNewKeyIsECDSAP256WithItsPublicKeyAndSignsES256Tokens() async throws {
        try await Self.withDirectory { directory in
            let keyFile = try ServiceAccountKey.ensure(directory: directory)
            let key = try P256.Signing.PrivateKey(pemRepresentation: try String(contentsOfFile: keyFile, encoding: .utf8))
            let publicKey = try P256.Signing.PublicKey(pemRepresentation: try String(contentsOfFile: directory + "/sa.pub", encoding: .utf8))
            #expect(publicKey.rawRepresentation == key.publicKey.rawRepresentation)
            let permissions = try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int
            #expect(permissions == 0o600)

            try await Self.expectSignsAndVerifies(keyFile: keyFile, algorithm: "ES256", publicKeyDER: key.publicKey.derRepresentation)
        }
    }

    @Test func anExistingRSAKeyIsKeptAndSignsRS256Tokens() async throws {
        try await Self.withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let rsa = try _RSA.Signing.PrivateKey(keySize: .bits2048)
            let keyFile = directory + "/sa.key"
            try Data((rsa.pemRepresentation + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))

            #expect(try ServiceAccountKey.ensure(directory: directory) == keyFile)
            #expect(try String(contentsOfFile: keyFile, encoding: .utf8) == rsa.pemRepresentation + "\n")
            #expect(try String(contentsOfFile: directory + "/sa.pub", encoding: .utf8) == rsa.publicKey.pemRepresentation + "\n")

            try await Self.expectSignsAndVerifies(keyFile: keyFile, algorithm: "RS256", publicKeyDER: rsa.publicKey.derRepresentation)
        }
    }

    @Test func aTokenSignedWithAnotherKeyDoesNotVerify() async throws {
        try await Self.withDirectory { first in
            try await Self.withDirectory { second in
                let signer = try await ServiceAccountTokens.load(keyFile: try ServiceAccountKey.ensure(directory: first))
                let other = try await ServiceAccountTokens.load(keyFile: try ServiceAccountKey.ensure(directory: second))
                let now = Date()
                let token = try await signer.sign(Self.claims(now: now))
                await #expect(throws: TokenError.self) { try await other.verify(token, now: now) }
            }
        }
    }
}
