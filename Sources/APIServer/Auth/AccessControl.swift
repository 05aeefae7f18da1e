import HTTPTypes
import KubeAPI
import KubeAuth
import NIOSSL

/// Authentication then authorization of every request before it reaches a handler, as kube-apiserver's filter
/// chain does: credentials or anonymous, impersonation, then the authorizers (`system:masters`, Node, RBAC).
/// A request without credentials that the authorizers refuse is answered 401, one with credentials 403 with
/// kube-apiserver's message.
struct AccessControl: Sendable {
    /// false for the plain-HTTP port, whose requests act with full rights (kube-apiserver's old insecure port).
    let enabled: Bool
    let authenticator: RequestAuthenticator
    let authorizer: any Authorizer
    let rbac: RBACAuthorizer

    /// The user of the plain-HTTP port.
    static let unsecured = UserInfo(name: "system:unsecured", groups: [UserInfo.masters, UserInfo.allAuthenticated])

    init(registry: Registry, enabled: Bool, certificates: ClientCertificateVerifier?, tokens: TokenAuthenticator?) {
        self.enabled = enabled
        authenticator = RequestAuthenticator(certificates: certificates, tokens: tokens)
        rbac = RBACAuthorizer(source: RegistryPolicySource(registry: registry))
        authorizer = AuthorizerChain.nodeAndRBAC(registry: registry, rbac: rbac)
    }

    /// Whether the request's own credentials (no impersonation) are a `system:masters` user's: a certificate the
    /// cluster CA signed or a token; what the registry explorer takes besides its token.
    func isAdministrator(headers: HTTPFields, certificate: NIOSSLCertificate?) async -> Bool {
        guard let user = try? await authenticator.credentialsUser(headers: headers, certificate: certificate) else { return false }
        return user.groups.contains(UserInfo.masters)
    }

    /// The authenticated (or impersonated) user, once the request is allowed.
    /// - Throws: 401 or 403 `StatusError`s.
    func admit(
        method: HTTPRequest.Method, path: APIPath?, rawPath: String, query: QueryParameters, headers: HTTPFields,
        certificate: NIOSSLCertificate?, facts: inout AuditFacts
    ) async throws -> UserInfo {
        let credentials = enabled ? try await authenticator.credentialsUser(headers: headers, certificate: certificate) : Self.unsecured
        facts.authenticated = credentials
        let user = try await RequestAuthenticator.impersonating(
            credentials ?? .anonymous, headers: headers, authorizer: authorizer)
        if user != (credentials ?? .anonymous) { facts.impersonated = user }
        guard let path else {
            if credentials == nil { throw APIResponse.unauthorized }
            return user
        }
        let attributes = RequestAttributes.of(method: method, path: path, rawPath: rawPath, query: query, user: user)
        facts.attributes = attributes
        guard enabled else {
            facts.decision = .allow
            return user
        }
        let decision = await authorizer.authorize(attributes)
        if decision.allowed, attributes.verb == "get", attributes.apiGroup.isEmpty, attributes.resource == "pods",
            ["exec", "attach", "portforward"].contains(attributes.subresource)
        {
            // A WebSocket stream starts with a GET; kube-apiserver 1.32 also requires `create` on the subresource
            // (AuthorizePodWebsocketUpgradeCreatePermission).
            var create = attributes
            create.verb = "create"
            let created = await authorizer.authorize(create)
            if !created.allowed {
                facts.decision = created
                throw create.forbidden(reason: created.reason)
            }
        }
        facts.decision = decision
        if decision.allowed { return user }
        if credentials == nil && user == .anonymous { throw APIResponse.unauthorized }
        throw attributes.forbidden(reason: decision.reason)
    }

    /// Whether `user` may do what `attributes` (whose user is replaced) name.
    func allows(_ user: UserInfo, _ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        var attributes = attributes
        attributes.user = user
        return await authorizer.authorize(attributes)
    }
}
