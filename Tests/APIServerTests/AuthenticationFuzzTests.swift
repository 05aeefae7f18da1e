@testable import APIServer
import EtcdCore
import EtcdPKI
import Foundation
import HTTPTypes
import KubeAPI
import KubeAuth
import NIOSSL
import Testing

/// Hostile credentials never crash authentication: seeded random and mutated bearer tokens (bootstrap-shaped,
/// JWT-shaped, a real token with bytes changed) are answered 401 or authenticate, and mutated client
/// certificates never verify.
@Suite(.serialized) struct AuthenticationFuzzTests {
    /// SplitMix64: the same cases on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func fuzzedAuthorizationHeadersAreAnswered401OrAuthenticate() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("auth-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.appendingPathComponent("data").path, configuration: configuration)
        let registry = Registry(store: store)
        try await registry.bootstrap()
        let account = try await registry.create(
            BuiltinResources.serviceAccounts, namespace: "default",
            object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
        let tokens = try await ServiceAccountTokens.load(keyFile: try ServiceAccountKey.ensure(directory: directory.path))
        let now = Int64(Date().timeIntervalSince1970)
        let valid = try await tokens.sign(ServiceAccountClaims(
            iss: ServiceAccountTokens.issuer, sub: "system:serviceaccount:default:robot", aud: [ServiceAccountTokens.issuer],
            exp: now + 3600, iat: now, nbf: now, jti: "j",
            kubernetes: .init(namespace: "default", serviceaccount: .init(name: "robot", uid: account.uid ?? ""))))
        let authenticator = RequestAuthenticator(certificates: nil, tokens: TokenAuthenticator(registry: registry, tokens: tokens))
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.=+/ \u{7f}\u{e9}")
        var random = SeededGenerator(state: 17)
        var authenticated = 0
        for round in 0..<600 {
            let value: String
            switch round % 5 {
            case 0: value = String((0..<Int.random(in: 0...80, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            case 1: value = "Bearer " + String((0..<23).map { _ in alphabet.randomElement(using: &random)! })
            case 2:
                value = "Bearer " + (0..<3).map { _ in
                    Data((0..<Int.random(in: 0...60, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) })
                        .base64EncodedString()
                }.joined(separator: ".")
            case 3:
                var bytes = Array(valid.utf8)
                for _ in 0..<Int.random(in: 1...4, using: &random) {
                    bytes[Int.random(in: 0..<bytes.count, using: &random)] = Array("aZ09-_.".utf8).randomElement(using: &random)!
                }
                value = "Bearer " + String(decoding: bytes, as: UTF8.self)
            default: value = round % 10 == 4 ? "Bearer \(valid)" : "bearer  \(valid) "
            }
            var headers = HTTPFields()
            headers[.authorization] = value
            do {
                if try await authenticator.credentialsUser(headers: headers, certificate: nil) != nil { authenticated += 1 }
            } catch let error as StatusError {
                #expect(error.code == 401)
            }
        }
        // The untouched token authenticates (each `default` round), mutated ones practically never.
        #expect(authenticated >= 120)
        await store.close()
    }

    @Test func mutatedClientCertificatesAreReadOrRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cert-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = KubePKI(directory: directory.path)
        try pki.create()
        let pem = try pki.issueClientCredentials(commonName: "jane", organizations: ["devs", "qa"]).certificatePEM
        let der = try NIOSSLCertificate(bytes: Array(pem.utf8), format: .pem).toDERBytes()
        let verifier = try ClientCertificateVerifier(caPEM: try pki.caCertificatePEM())
        #expect(verifier.user(ofDER: der) == UserInfo(name: "jane", groups: ["devs", "qa"]))
        var random = SeededGenerator(state: 23)
        for _ in 0..<2000 {
            var bytes = der
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            if Bool.random(using: &random) { bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &random))) }
            // A changed certificate no longer verifies, and neither reading it crashes.
            if bytes != der { #expect(verifier.user(ofDER: bytes) == nil) }
            _ = try? NIOSSLCertificate(bytes: bytes, format: .der)
        }
    }
}
