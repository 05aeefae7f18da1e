@testable import APIServer
import EtcdCore
import Foundation
import KubeAPI
import KubeAuth
import Testing

/// `serviceaccounts/<name>/token` lifetimes as a default-configured kubeadm kube-apiserver gives them
/// (`--service-account-max-token-expiration` unset, `--service-account-extend-token-expiration=true`).
@Suite struct TokenRequestExpirationTests {
    /// A store with service account `robot` and pod `web` running as it, and the TokenRequest endpoint over it.
    private static func withIssuer(_ body: (TokenRequestIssuer, ServiceAccountTokens) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("token-request-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.appendingPathComponent("data").path, configuration: configuration)
        let registry = Registry(store: store)
        do {
            try await registry.bootstrap()
            _ = try await registry.create(
                BuiltinResources.serviceAccounts, namespace: "default",
                object: ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": "robot"]])
            _ = try await registry.create(
                BuiltinResources.pods, namespace: "default",
                object: [
                    "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web"],
                    "spec": ["serviceAccountName": "robot", "containers": [["name": "web", "image": "nginx"]]],
                ])
            let keyFile = try ServiceAccountKey.ensure(directory: directory.appendingPathComponent("pki").path)
            let tokens = try await ServiceAccountTokens.load(keyFile: keyFile)
            try await body(TokenRequestIssuer(registry: registry, tokens: TokenAuthenticator(registry: registry, tokens: tokens)), tokens)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    private static func request(_ seconds: Int64?, pod: Bool = false, audiences: [String] = []) -> JSONValue {
        var spec: JSONValue = [:]
        if let seconds { spec["expirationSeconds"] = .int(seconds) }
        if pod { spec["boundObjectRef"] = ["apiVersion": "v1", "kind": "Pod", "name": "web"] }
        if !audiences.isEmpty { spec["audiences"] = .array(audiences.map { .string($0) }) }
        return ["apiVersion": "authentication.k8s.io/v1", "kind": "TokenRequest", "spec": spec]
    }

    @Test(arguments: [
        (Int64(599), "spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes"),
        (Int64(1) << 32 + 1, "spec.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds"),
    ])
    func expirationsOutsideTenMinutesTo2To32SecondsAreInvalid(seconds: Int64, message: String) async throws {
        try await Self.withIssuer { issuer, _ in
            let error = await #expect(throws: StatusError.self) {
                try await issuer.issue(Self.request(seconds), namespace: "default", serviceAccount: "robot")
            }
            #expect(error?.code == 422)
            #expect(error?.message == "TokenRequest.authentication.k8s.io \"robot\" is invalid: \(message)")
        }
    }

    /// No `--service-account-max-token-expiration`: 10 minutes and 2^32 seconds are both given as asked.
    @Test(arguments: [Int64(600), Int64(1) << 32])
    func expirationsFromTenMinutesTo2To32SecondsAreGivenAsAsked(seconds: Int64) async throws {
        try await Self.withIssuer { issuer, tokens in
            let response = try await issuer.issue(Self.request(seconds), namespace: "default", serviceAccount: "robot")
            let claims = try await tokens.verify(response[["status", "token"]]?.stringValue ?? "", now: Date())
            #expect(claims.exp.map { $0 - (claims.iat ?? 0) } == seconds)
            #expect(claims.kubernetes?.warnafter == nil)
            #expect(response[["spec", "expirationSeconds"]]?.intValue == seconds)
        }
    }

    @Test func theDefaultExpirationIsAnHour() async throws {
        try await Self.withIssuer { issuer, tokens in
            let response = try await issuer.issue(Self.request(nil), namespace: "default", serviceAccount: "robot")
            let claims = try await tokens.verify(response[["status", "token"]]?.stringValue ?? "", now: Date())
            #expect(claims.exp.map { $0 - (claims.iat ?? 0) } == 3600)
            #expect(response[["spec", "expirationSeconds"]]?.intValue == 3600)
        }
    }

    /// The kubelet's 3607 s pod-bound token for the API server is valid a year and warns after 3607 s; the
    /// status still reports 3607 s.
    @Test func aPodBoundTokenOf3607SecondsIsExtendedToAYearWithWarnAfter() async throws {
        try await Self.withIssuer { issuer, tokens in
            let response = try await issuer.issue(Self.request(3607, pod: true), namespace: "default", serviceAccount: "robot")
            let claims = try await tokens.verify(response[["status", "token"]]?.stringValue ?? "", now: Date())
            let issued = try #require(claims.iat)
            #expect(claims.exp == issued + 365 * 24 * 3600)
            #expect(claims.kubernetes?.warnafter == issued + 3607)
            #expect(claims.kubernetes?.pod?.name == "web")
            let expiration = try #require(response[["status", "expirationTimestamp"]]?.stringValue)
            let formatter = ISO8601DateFormatter()
            #expect(formatter.date(from: expiration).map { Int64($0.timeIntervalSince1970) } == issued + 3607)
            // Past the warning, the token still authenticates.
            _ = try await tokens.verify(response[["status", "token"]]?.stringValue ?? "", now: Date().addingTimeInterval(2 * 3600))
        }
    }

    /// Not bound to a pod, not 3607 s, or for another audience: no extension.
    @Test(arguments: [(false, Int64(3607), [String]()), (true, Int64(3600), []), (true, 3607, ["vault"])])
    func otherTokensAreNotExtended(pod: Bool, seconds: Int64, audiences: [String]) async throws {
        try await Self.withIssuer { issuer, tokens in
            let response = try await issuer.issue(
                Self.request(seconds, pod: pod, audiences: audiences), namespace: "default", serviceAccount: "robot")
            let claims = try await tokens.verify(response[["status", "token"]]?.stringValue ?? "", now: Date())
            #expect(claims.exp.map { $0 - (claims.iat ?? 0) } == seconds)
            #expect(claims.kubernetes?.warnafter == nil)
        }
    }
}
