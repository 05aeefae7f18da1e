import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import KubeAuth

/// The checks kube-apiserver's RBAC and certificates registries make on writes beyond the request's own
/// authorization: escalation and bind prevention for roles and bindings, the approver's `approve` on the
/// signer for a CSR's `approval`, and a new CSR's requester (`spec.username`, `groups`, `uid`, `extra`) taken
/// from the authenticated user.
struct PolicyWriteChecks: Sendable {
    let registry: Registry
    let access: AccessControl

    func check(_ request: inout Request, path: ResourcePath, user: UserInfo) async throws {
        guard [.post, .put, .patch].contains(request.method) else { return }
        switch (path.group, path.resource, path.subresource) {
        case ("rbac.authorization.k8s.io", "roles", nil), ("rbac.authorization.k8s.io", "clusterroles", nil):
            guard let object = try await resulting(&request, path: path) else { return }
            try await checkRole(object, path: path, user: user)
        case ("rbac.authorization.k8s.io", "rolebindings", nil), ("rbac.authorization.k8s.io", "clusterrolebindings", nil):
            guard let object = try await resulting(&request, path: path) else { return }
            try await checkBinding(object, path: path, user: user)
        case ("certificates.k8s.io", "certificatesigningrequests", nil) where request.method == .post:
            guard var object = try await request.jsonBody(), object.objectValue != nil else { return }
            var spec = object["spec"] ?? .emptyObject
            spec["username"] = .string(user.name)
            spec["uid"] = user.uid.isEmpty ? nil : .string(user.uid)
            spec["groups"] = .array(user.groups.map { .string($0) })
            spec["extra"] = user.extra.isEmpty ? nil : .object(user.extra.mapValues { .array($0.map { .string($0) }) })
            object["spec"] = spec
            request.replaceBody(json: object)
        case ("certificates.k8s.io", "certificatesigningrequests", "approval"):
            guard let name = path.name,
                let stored = try? await registry.get(BuiltinResources.certificateSigningRequests, namespace: nil, name: name),
                let signer = stored.spec?["signerName"]?.stringValue
            else { return }
            try await checkSigner(signer, verb: "approve", user: user)
        default:
            return
        }
    }

    /// The object a write would store: the body of a create or update, the dry-run result of a patch.
    private func resulting(_ request: inout Request, path: ResourcePath) async throws -> JSONValue? {
        guard let type = registry.catalog.type(group: path.group, version: path.version, plural: path.resource) else { return nil }
        if request.method != .patch { return try await request.jsonBody() }
        guard let name = path.name, let contentType = request.headers[.contentType], let patchType = PatchType(contentType: contentType)
        else { return nil }
        let data = try await RequestBodyReader.read(request.body)
        request.body = RequestBody(buffer: ByteBuffer(bytes: data))
        let query = QueryParameters(request.uri.query)
        let options = WriteOptions(dryRun: true, fieldManager: query["fieldManager"] ?? "kubectl", force: query.flag("force"))
        return try? await registry.patch(type, namespace: path.namespace, name: name, patchType: patchType, body: data, options: options).object.json
    }

    /// A role's rules must be held by its author, unless they may `escalate` roles.
    private func checkRole(_ role: JSONValue, path: ResourcePath, user: UserInfo) async throws {
        let name = role[["metadata", "name"]]?.stringValue ?? path.name ?? ""
        let escalate = AuthorizationAttributes(
            user: user, verb: "escalate", namespace: path.namespace ?? "", apiGroup: path.group, resource: path.resource, name: name)
        if await access.allows(user, escalate).allowed { return }
        let namespace = path.namespace ?? ""
        try await requireCovered(RBACRule.rules(of: role), user: user, namespace: namespace, resource: path.resource, name: name)
    }

    /// A binding's role must be held by its author, unless they may `bind` it.
    private func checkBinding(_ binding: JSONValue, path: ResourcePath, user: UserInfo) async throws {
        let name = binding[["metadata", "name"]]?.stringValue ?? path.name ?? ""
        let namespace = path.namespace ?? ""
        let roleKind = binding[["roleRef", "kind"]]?.stringValue ?? ""
        let roleName = binding[["roleRef", "name"]]?.stringValue ?? ""
        let roleResource = roleKind == "ClusterRole" ? "clusterroles" : "roles"
        let bind = AuthorizationAttributes(
            user: user, verb: "bind", namespace: namespace,
            apiGroup: "rbac.authorization.k8s.io", resource: roleResource, name: roleName)
        if await access.allows(user, bind).allowed { return }
        let role =
            roleKind == "ClusterRole"
            ? try? await registry.get(BuiltinResources.clusterRoles, namespace: nil, name: roleName)
            : try? await registry.get(BuiltinResources.roles, namespace: namespace, name: roleName)
        guard let role else { return }
        try await requireCovered(RBACRule.rules(of: role.json), user: user, namespace: namespace, resource: path.resource, name: name)
    }

    private func requireCovered(_ rules: [RBACRule], user: UserInfo, namespace: String, resource: String, name: String) async throws {
        if user.groups.contains(UserInfo.masters) { return }
        let (owned, errors) = await access.rbac.rules(for: user, namespace: namespace)
        let missing = RBACEscalation.uncovered(rules, by: owned)
        guard !missing.isEmpty else { return }
        let listed = missing.map(Self.describe).joined(separator: "\n")
        var message =
            "\(resource).rbac.authorization.k8s.io \(FieldError.quoted(name)) is forbidden: user \(FieldError.quoted(user.name)) "
            + "(groups=[\(user.groups.map(FieldError.quoted).joined(separator: " "))]) is attempting to grant RBAC permissions not currently held:\n\(listed)"
        if !errors.isEmpty { message += "; resolution errors: [\(errors.joined(separator: " "))]" }
        throw StatusError(code: 403, reason: "Forbidden", message: message, name: name, group: "rbac.authorization.k8s.io", kind: resource)
    }

    /// A rule as kube-apiserver's escalation message prints it (`{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`).
    private static func describe(_ rule: RBACRule) -> String {
        func list(_ values: [String]) -> String { "[" + values.map(FieldError.quoted).joined(separator: " ") + "]" }
        var parts: [String] = []
        if !rule.nonResourceURLs.isEmpty { parts.append("NonResourceURLs:\(list(rule.nonResourceURLs))") }
        if !rule.apiGroups.isEmpty { parts.append("APIGroups:\(list(rule.apiGroups))") }
        if !rule.resources.isEmpty { parts.append("Resources:\(list(rule.resources))") }
        if !rule.resourceNames.isEmpty { parts.append("ResourceNames:\(list(rule.resourceNames))") }
        parts.append("Verbs:\(list(rule.verbs))")
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// `approve` (or `sign`) on `signers` named by the signer or its domain's wildcard (`example.com/*`).
    private func checkSigner(_ signer: String, verb: String, user: UserInfo) async throws {
        let names = [signer] + (signer.split(separator: "/").first.map { ["\($0)/*"] } ?? [])
        for name in names {
            let attributes = AuthorizationAttributes(
                user: user, verb: verb, apiGroup: "certificates.k8s.io", resource: "signers", name: name)
            if await access.allows(user, attributes).allowed { return }
        }
        throw StatusError(
            code: 403, reason: "Forbidden",
            message: "certificatesigningrequests.certificates.k8s.io is forbidden: user not permitted to \(verb) requests with signerName \(FieldError.quoted(signer))",
            group: "certificates.k8s.io", kind: "certificatesigningrequests")
    }
}
