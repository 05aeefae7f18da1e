import Foundation
import HTTPTypes
import KubeAPI
import KubeAuth
import NIOSSL
import SwiftASN1
import X509

/// kube-apiserver's authentication: a client certificate the client CA signed (CN the user, O the groups),
/// else a bearer token (bootstrap or service-account), else the anonymous user; then impersonation
/// (`Impersonate-User`, `Impersonate-Group`, `Impersonate-Uid`), each impersonated name checked against the
/// `impersonate` verb.
struct RequestAuthenticator: Sendable {
    /// The client CA's check of certificates.
    let certificates: ClientCertificateVerifier?
    /// nil when the server has no `sa.key`: bearer tokens then never authenticate.
    let tokens: TokenAuthenticator?

    /// The user a request's credentials name; nil for no credentials (anonymous).
    /// - Throws: 401 for credentials that do not authenticate.
    func credentialsUser(headers: HTTPFields, certificate: NIOSSLCertificate?) async throws -> UserInfo? {
        if let certificate {
            guard let der = try? certificate.toDERBytes(), let user = certificates?.user(ofDER: der) else {
                throw APIResponse.unauthorized
            }
            return user.authenticated()
        }
        guard let authorization = headers[.authorization] else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let tokens else { throw APIResponse.unauthorized }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        guard !token.isEmpty, let (user, _) = try? await tokens.authenticate(token) else { throw APIResponse.unauthorized }
        return user.authenticated()
    }

    /// The user impersonated by the request's headers, each impersonation allowed by `authorizer`; the
    /// authenticated user itself without them.
    /// - Throws: 403 for an impersonation the user may not do, 400 for groups or a uid without a user.
    static func impersonating(_ user: UserInfo, headers: HTTPFields, authorizer: any Authorizer) async throws -> UserInfo {
        let name = headers[Self.impersonateUser]
        let groups = headers[values: Self.impersonateGroup]
        let uid = headers[Self.impersonateUid]
        guard let name else {
            if !groups.isEmpty || uid != nil {
                throw StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: requested \(groups.map { "{Group \($0)}" }.joined(separator: " ")) without impersonating a user")
            }
            return user
        }
        var checks: [AuthorizationAttributes] = []
        var impersonated = UserInfo(name: name, uid: uid ?? "", groups: groups)
        if let account = impersonated.serviceAccount {
            checks.append(AuthorizationAttributes(user: user, verb: "impersonate", namespace: account.namespace, resource: "serviceaccounts", name: account.name))
            if groups.isEmpty {
                impersonated.groups = UserInfo.serviceAccount(namespace: account.namespace, name: account.name, uid: "").groups
            }
        } else {
            checks.append(AuthorizationAttributes(user: user, verb: "impersonate", resource: "users", name: name))
        }
        for group in groups {
            checks.append(AuthorizationAttributes(user: user, verb: "impersonate", resource: "groups", name: group))
        }
        if let uid {
            checks.append(AuthorizationAttributes(user: user, verb: "impersonate", apiGroup: "authentication.k8s.io", resource: "uids", name: uid))
        }
        for check in checks {
            let decision = await authorizer.authorize(check)
            guard decision.allowed else { throw check.forbidden(reason: decision.reason) }
        }
        if name == UserInfo.anonymousName {
            if !impersonated.groups.contains(UserInfo.allUnauthenticated) { impersonated.groups.append(UserInfo.allUnauthenticated) }
            return impersonated
        }
        return impersonated.authenticated()
    }

    static let impersonateUser = HTTPField.Name("Impersonate-User")!
    static let impersonateGroup = HTTPField.Name("Impersonate-Group")!
    static let impersonateUid = HTTPField.Name("Impersonate-Uid")!
}
