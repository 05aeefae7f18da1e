import Foundation
import Hummingbird
import KubeAPI
import KubeAuth

/// The create-only review APIs kube-apiserver serves without storing anything: SelfSubjectAccessReview,
/// SubjectAccessReview, LocalSubjectAccessReview, SelfSubjectRulesReview (`kubectl auth can-i`),
/// SelfSubjectReview (`kubectl auth whoami`), TokenReview; and `serviceaccounts/<name>/token` (TokenRequest,
/// `kubectl create token`).
struct ReviewHandler: Sendable {
    let registry: Registry
    let access: AccessControl
    let tokens: TokenAuthenticator?

    /// Whether the path is one of these APIs.
    static func handles(_ path: ResourcePath) -> Bool {
        switch (path.group, path.resource) {
        case ("authorization.k8s.io", "selfsubjectaccessreviews"), ("authorization.k8s.io", "subjectaccessreviews"),
            ("authorization.k8s.io", "localsubjectaccessreviews"), ("authorization.k8s.io", "selfsubjectrulesreviews"),
            ("authentication.k8s.io", "selfsubjectreviews"), ("authentication.k8s.io", "tokenreviews"):
            return path.version == "v1" && path.name == nil
        case ("", "serviceaccounts"):
            return path.subresource == "token" && path.namespace != nil && path.name != nil
        default:
            return false
        }
    }

    func respond(to request: Request, path: ResourcePath, user: UserInfo) async throws -> Response {
        guard request.method == .post else {
            throw StatusError.methodNotAllowed("the server does not allow this method on the requested resource")
        }
        var request = request
        guard let body = try await request.jsonBody(), body.objectValue != nil else {
            throw StatusError.badRequest("the body of the request could not be decoded")
        }
        let spec = body["spec"] ?? .emptyObject
        var review: JSONValue = [
            "kind": body["kind"] ?? .null, "apiVersion": .string("\(path.group)/\(path.version)"),
            "metadata": body["metadata"] ?? ["creationTimestamp": .null], "spec": spec,
        ]
        switch path.resource {
        case "selfsubjectaccessreviews":
            review["kind"] = "SelfSubjectAccessReview"
            review["status"] = try await accessStatus(spec, user: user, namespace: nil)
        case "subjectaccessreviews":
            review["kind"] = "SubjectAccessReview"
            review["status"] = try await accessStatus(spec, user: Self.subject(spec), namespace: nil)
        case "localsubjectaccessreviews":
            review["kind"] = "LocalSubjectAccessReview"
            review["status"] = try await accessStatus(spec, user: Self.subject(spec), namespace: path.namespace)
        case "selfsubjectrulesreviews":
            review["kind"] = "SelfSubjectRulesReview"
            review["status"] = await rulesStatus(user: user, namespace: spec["namespace"]?.stringValue ?? "")
        case "selfsubjectreviews":
            review = [
                "kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1", "metadata": ["creationTimestamp": .null],
                "status": ["userInfo": user.json],
            ]
        case "tokenreviews":
            review["kind"] = "TokenReview"
            review["status"] = await tokenStatus(spec)
        default:
            return APIResponse.json(
                try await TokenRequestIssuer(registry: registry, tokens: tokens).issue(
                    body, namespace: path.namespace ?? "", serviceAccount: path.name ?? ""),
                status: 201)
        }
        return APIResponse.json(review, status: 201)
    }

    /// A SubjectAccessReview's user: `spec.user`, `groups`, `uid`, `extra`.
    private static func subject(_ spec: JSONValue) throws -> UserInfo {
        let name = spec["user"]?.stringValue ?? ""
        let groups = spec["groups"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard !name.isEmpty || !groups.isEmpty else {
            throw StatusError.invalid(
                group: "authorization.k8s.io", kind: "SubjectAccessReview", name: "",
                errors: [FieldError(.required, "spec.user", "at least one of user or group must be specified")])
        }
        let extra = (spec["extra"]?.objectValue ?? [:]).mapValues { $0.arrayValue?.compactMap(\.stringValue) ?? [] }
        return UserInfo(name: name, uid: spec["uid"]?.stringValue ?? "", groups: groups, extra: extra)
    }

    /// `status.allowed` (and `denied`, `reason`) for `spec.resourceAttributes` or `spec.nonResourceAttributes`.
    private func accessStatus(_ spec: JSONValue, user: UserInfo, namespace: String?) async throws -> JSONValue {
        let attributes: AuthorizationAttributes
        if let resource = spec["resourceAttributes"], resource.objectValue != nil {
            let given = resource["namespace"]?.stringValue ?? ""
            if let namespace, given != namespace {
                throw StatusError.invalid(
                    group: "authorization.k8s.io", kind: "LocalSubjectAccessReview", name: "",
                    errors: [FieldError(.invalid, "spec.resourceAttributes.namespace", value: given, "must match metadata.namespace")])
            }
            attributes = AuthorizationAttributes(
                user: user, verb: resource["verb"]?.stringValue ?? "", namespace: given,
                apiGroup: resource["group"]?.stringValue ?? "", apiVersion: resource["version"]?.stringValue ?? "",
                resource: resource["resource"]?.stringValue ?? "", subresource: resource["subresource"]?.stringValue ?? "",
                name: resource["name"]?.stringValue ?? "")
        } else if let nonResource = spec["nonResourceAttributes"], nonResource.objectValue != nil {
            attributes = AuthorizationAttributes(
                user: user, verb: nonResource["verb"]?.stringValue ?? "", path: nonResource["path"]?.stringValue ?? "")
        } else {
            throw StatusError.badRequest("exactly one of nonResourceAttributes or resourceAttributes must be specified")
        }
        let decision = await access.allows(user, attributes)
        var status: JSONValue = ["allowed": .bool(decision.allowed)]
        if case .deny = decision { status["denied"] = true }
        if !decision.reason.isEmpty { status["reason"] = .string(decision.reason) }
        return status
    }

    /// The rules the user holds in a namespace (RBAC's and, for `system:masters`, everything).
    private func rulesStatus(user: UserInfo, namespace: String) async -> JSONValue {
        var (rules, errors) = await access.rbac.rules(for: user, namespace: namespace)
        if user.groups.contains(UserInfo.masters) {
            rules.insert(contentsOf: [RBACRule(verbs: ["*"], apiGroups: ["*"], resources: ["*"]), RBACRule(verbs: ["*"], nonResourceURLs: ["*"])], at: 0)
        }
        let resourceRules = rules.filter { !$0.resources.isEmpty }.map { rule -> JSONValue in
            var json = rule.json
            json["apiGroups"] = .array(rule.apiGroups.map { .string($0) })
            return json
        }
        let nonResourceRules = rules.filter { !$0.nonResourceURLs.isEmpty }.map { rule -> JSONValue in
            ["verbs": .array(rule.verbs.map { .string($0) }), "nonResourceURLs": .array(rule.nonResourceURLs.map { .string($0) })]
        }
        var status: JSONValue = [
            "resourceRules": .array(resourceRules), "nonResourceRules": .array(nonResourceRules), "incomplete": .bool(!errors.isEmpty),
        ]
        if !errors.isEmpty { status["evaluationError"] = .string(errors.joined(separator: ", ")) }
        return status
    }

    /// Whether `spec.token` authenticates, for `spec.audiences` or the API server's.
    private func tokenStatus(_ spec: JSONValue) async -> JSONValue {
        let token = spec["token"]?.stringValue ?? ""
        let audiences = spec["audiences"]?.arrayValue?.compactMap(\.stringValue) ?? []
        guard let tokens, !token.isEmpty else { return ["user": .emptyObject] }
        do {
            let (user, matched) = try await tokens.authenticate(token, audiences: audiences)
            return ["authenticated": true, "user": user.authenticated().json, "audiences": .array(matched.map { .string($0) })]
        } catch {
            return ["user": .emptyObject, "error": .string("[invalid bearer token, \(error)]")]
        }
    }
}
