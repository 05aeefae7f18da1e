import Foundation
import KubeAPI
import KubeAuth

/// `POST …/serviceaccounts/<name>/token` (TokenRequest): a bound service-account token for the API server's
/// audiences or `spec.audiences`, valid `spec.expirationSeconds` (default 3600, at least 600, at most 2^32: no
/// other cap, as kube-apiserver without `--service-account-max-token-expiration`), bound to a Pod or Secret of
/// the namespace when `spec.boundObjectRef` names one.
///
/// As kube-apiserver with `--service-account-extend-token-expiration` (default true), a pod-bound token for the
/// API server's own audiences asked for 3607 s (what kubelets ask for projected volumes) is valid a year, with a
/// `kubernetes.io.warnafter` claim at 3607 s, so that clients that do not reload their token keep working;
/// `status.expirationTimestamp` still says 3607 s.
public struct TokenRequestIssuer: Sendable {
    /// The requested lifetime that is extended (`WarnOnlyBoundTokenExpirationSeconds`: an hour and 7 s).
    static let warnOnlyExpirationSeconds: Int64 = 3607
    /// What it is extended to (`ExpirationExtensionSeconds`: 365 days).
    static let expirationExtensionSeconds: Int64 = 365 * 24 * 60 * 60

    let registry: Registry
    let tokens: TokenAuthenticator?

    public init(registry: Registry, tokens: TokenAuthenticator?) {
        self.registry = registry
        self.tokens = tokens
    }

    /// The TokenRequest `request` answered: `status.token` signed for the account `name` of `namespace`.
    public func issue(_ request: JSONValue, namespace: String, serviceAccount name: String) async throws -> JSONValue {
        guard let tokens else {
            throw StatusError(code: 500, reason: "InternalError", message: "Internal error occurred: no service account signing key")
        }
        let account = try await registry.get(BuiltinResources.serviceAccounts, namespace: namespace, name: name)
        var spec = request["spec"] ?? .emptyObject
        let seconds = spec["expirationSeconds"]?.intValue ?? 3600
        guard seconds >= 600 else {
            throw Self.invalid(name, FieldError(.invalid, "spec.expirationSeconds", value: "\(seconds)", "may not specify a duration less than 10 minutes"))
        }
        guard seconds <= 1 << 32 else {
            throw Self.invalid(name, FieldError(.invalid, "spec.expirationSeconds", value: "\(seconds)", "may not specify a duration larger than 2^32 seconds"))
        }
        var audiences = spec["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if audiences.isEmpty { audiences = tokens.audiences }
        spec["audiences"] = .array(audiences.map { .string($0) })
        spec["expirationSeconds"] = .int(seconds)
        let now = Date()
        var bound = ServiceAccountClaims.Private(
            namespace: namespace, serviceaccount: .init(name: name, uid: account.uid ?? ""))
        if let reference = spec["boundObjectRef"], reference.objectValue != nil {
            let kind = reference["kind"]?.stringValue ?? ""
            let objectName = reference["name"]?.stringValue ?? ""
            let type: ResourceType
            switch kind {
            case "Pod": type = BuiltinResources.pods
            case "Secret": type = BuiltinResources.secrets
            default:
                throw Self.invalid(name, FieldError(.notSupported, "spec.boundObjectRef.kind", value: kind, "supported values: \"Pod\", \"Secret\""))
            }
            let object = try await registry.get(type, namespace: namespace, name: objectName)
            if let uid = reference["uid"]?.stringValue, !uid.isEmpty, uid != object.uid {
                throw StatusError(code: 409, reason: "Conflict", message: "the UID in the bound object reference (\(uid)) does not match the UID in record. The object might have been deleted and then recreated")
            }
            let objectReference = ServiceAccountClaims.Reference(name: objectName, uid: object.uid ?? "")
            if kind == "Pod" {
                bound.pod = objectReference
                if let node = object.spec?["nodeName"]?.stringValue, !node.isEmpty,
                    let nodeObject = try? await registry.get(BuiltinResources.nodes, namespace: nil, name: node) {
                    bound.node = .init(name: node, uid: nodeObject.uid ?? "")
                }
            } else {
                bound.secret = objectReference
            }
            var echoed = reference
            echoed["uid"] = .string(object.uid ?? "")
            spec["boundObjectRef"] = echoed
        }
        let issued = Int64(now.timeIntervalSince1970)
        var lifetime = seconds
        if bound.pod != nil, seconds == Self.warnOnlyExpirationSeconds, Set(tokens.audiences).isSuperset(of: audiences) {
            bound.warnafter = issued + seconds
            lifetime = Self.expirationExtensionSeconds
        }
        let claims = ServiceAccountClaims(
            iss: ServiceAccountTokens.issuer, sub: UserInfo.serviceAccountName(namespace: namespace, name: name),
            aud: audiences, exp: issued + lifetime, iat: issued, nbf: issued, jti: UUID().uuidString.lowercased(), kubernetes: bound)
        let token = try await tokens.tokens.sign(claims)
        let expiration = Date(timeIntervalSince1970: TimeInterval(issued + seconds))
        return [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace),
                "creationTimestamp": .string(Self.timestamp(now)),
            ],
            "spec": spec,
            "status": ["token": .string(token), "expirationTimestamp": .string(Self.timestamp(expiration))],
        ]
    }

    private static func invalid(_ name: String, _ error: FieldError) -> StatusError {
        StatusError.invalid(group: "authentication.k8s.io", kind: "TokenRequest", name: name, errors: [error])
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
