import Foundation
import KubeAPI

/// kube-apiserver's bearer-token authenticators, in its order: bootstrap tokens (`--enable-bootstrap-token-auth`),
/// then service-account tokens: bound ones (issuer, audience, expiry, and the service account, pod or secret
/// they are bound to still existing with the same uid) and legacy ones kept in `kubernetes.io/service-account-token`
/// Secrets.
public struct TokenAuthenticator: Sendable {
    public let registry: Registry
    public let tokens: ServiceAccountTokens
    /// The API server's audiences (`--api-audiences`, kubeadm: the issuer).
    public let audiences: [String]

    public init(registry: Registry, tokens: ServiceAccountTokens, audiences: [String] = [ServiceAccountTokens.issuer]) {
        self.registry = registry
        self.tokens = tokens
        self.audiences = audiences
    }

    /// The user a token authenticates and the audiences it was checked for (`requested`, or the API server's).
    /// - Throws: ``TokenError`` for a token no authenticator accepts.
    public func authenticate(_ token: String, audiences requested: [String] = [], now: Date = Date()) async throws -> (
        user: UserInfo, audiences: [String]
    ) {
        if let user = try await bootstrapUser(token, now: now) { return (user, audiences) }
        let claims = try await tokens.verify(token, now: now)
        if claims.iss == ServiceAccountTokens.legacyIssuer { return (try await legacyUser(token, claims), audiences) }
        guard claims.iss == ServiceAccountTokens.issuer, let bound = claims.kubernetes else {
            throw TokenError.invalid("invalid bearer token")
        }
        let wanted = requested.isEmpty ? audiences : requested
        let matching = (claims.aud ?? []).filter(wanted.contains)
        guard !matching.isEmpty else { throw TokenError.invalid("token audiences \(claims.aud ?? []) is invalid for the target audiences \(wanted)") }
        let account = try? await registry.get(BuiltinResources.serviceAccounts, namespace: bound.namespace, name: bound.serviceaccount.name)
        guard let account, account.uid == bound.serviceaccount.uid, account.deletionTimestamp == nil else {
            throw TokenError.invalid("service account \(bound.namespace)/\(bound.serviceaccount.name) has been deleted")
        }
        var extra: [String: [String]] = [:]
        if let pod = bound.pod {
            let object = try? await registry.get(BuiltinResources.pods, namespace: bound.namespace, name: pod.name)
            guard let object, object.uid == pod.uid, object.deletionTimestamp == nil else {
                throw TokenError.invalid("pod \(bound.namespace)/\(pod.name) has been deleted")
            }
            extra["authentication.kubernetes.io/pod-name"] = [pod.name]
            extra["authentication.kubernetes.io/pod-uid"] = [pod.uid]
        }
        if let secret = bound.secret {
            let object = try? await registry.get(BuiltinResources.secrets, namespace: bound.namespace, name: secret.name)
            guard let object, object.uid == secret.uid, object.deletionTimestamp == nil else {
                throw TokenError.invalid("secret \(bound.namespace)/\(secret.name) has been deleted")
            }
        }
        if let node = bound.node {
            extra["authentication.kubernetes.io/node-name"] = [node.name]
            extra["authentication.kubernetes.io/node-uid"] = [node.uid]
        }
        if let jti = claims.jti { extra["authentication.kubernetes.io/credential-id"] = ["JTI=\(jti)"] }
        let user = UserInfo.serviceAccount(
            namespace: bound.namespace, name: bound.serviceaccount.name, uid: bound.serviceaccount.uid, extra: extra)
        return (user, matching)
    }

    /// A legacy token: its Secret must still exist and hold it, and its service account must be the one named.
    private func legacyUser(_ token: String, _ claims: ServiceAccountClaims) async throws -> UserInfo {
        guard let namespace = claims.legacyNamespace, let secretName = claims.legacySecretName,
            let accountName = claims.legacyServiceAccountName, let uid = claims.legacyServiceAccountUID
        else { throw TokenError.invalid("invalid bearer token") }
        let secret = try? await registry.get(BuiltinResources.secrets, namespace: namespace, name: secretName)
        guard let secret, secret.deletionTimestamp == nil,
            secret.json[["data", "token"]]?.stringValue.flatMap({ Data(base64Encoded: $0) }) == Data(token.utf8)
        else { throw TokenError.invalid("secret \(namespace)/\(secretName) has been deleted or its token changed") }
        let account = try? await registry.get(BuiltinResources.serviceAccounts, namespace: namespace, name: accountName)
        guard let account, account.uid == uid else {
            throw TokenError.invalid("service account \(namespace)/\(accountName) has been deleted")
        }
        return UserInfo.serviceAccount(
            namespace: namespace, name: accountName, uid: uid,
            extra: ["authentication.kubernetes.io/credential-id": ["secret:\(secretName)"] ])
    }

    /// A bootstrap token (`<id>.<secret>`) of a `bootstrap-token-<id>` Secret in kube-system that allows
    /// authentication and has not expired: `system:bootstrap:<id>` in `system:bootstrappers` and its extra groups.
    private func bootstrapUser(_ token: String, now: Date) async throws -> UserInfo? {
        guard token.wholeMatch(of: /([a-z0-9]{6})\.([a-z0-9]{16})/) != nil else { return nil }
        let id = String(token.prefix(6))
        let secret = try? await registry.get(BuiltinResources.secrets, namespace: "kube-system", name: "bootstrap-token-\(id)")
        func field(_ key: String) -> String? {
            secret?.json[["data", key]]?.stringValue.flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
        }
        guard let secret, secret.json["type"]?.stringValue == "bootstrap.kubernetes.io/token", secret.deletionTimestamp == nil,
            field("token-id") == id, field("token-secret") == String(token.suffix(16)),
            field("usage-bootstrap-authentication") == "true"
        else { throw TokenError.invalid("invalid bearer token") }
        if let expiration = field("expiration"), let date = ISO8601DateFormatter().date(from: expiration), date < now {
            throw TokenError.invalid("bootstrap token has expired")
        }
        let extra = (field("auth-extra-groups") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return UserInfo(name: "system:bootstrap:\(id)", groups: ["system:bootstrappers"] + extra.filter { !$0.isEmpty })
    }
}
