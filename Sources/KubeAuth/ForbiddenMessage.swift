import Foundation
import KubeAPI

extension AuthorizationAttributes {
    /// kube-apiserver's words for a refusal (`responsewriters.forbiddenMessage`).
    public var forbiddenMessage: String {
        guard isResourceRequest else { return "User \(quoted(user.name)) cannot \(verb) path \(quoted(path))" }
        let scope = namespace.isEmpty ? "at the cluster scope" : "in the namespace \(quoted(namespace))"
        return "User \(quoted(user.name)) cannot \(verb) resource \(quoted(resourceWithSubresource)) in API group \(quoted(apiGroup)) \(scope)"
    }

    /// The 403 kube-apiserver answers (`responsewriters.Forbidden`): `<resource>[.<group>] ["<name>"] is
    /// forbidden: <message>[: <reason>]`.
    public func forbidden(reason: String) -> StatusError {
        // kube-apiserver escapes HTML in its own words (not in the reason).
        let message = forbiddenMessage.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        let detail = reason.isEmpty ? message : "\(message): \(reason)"
        guard isResourceRequest, !resource.isEmpty else {
            return StatusError(code: 403, reason: "Forbidden", message: "forbidden: \(detail)")
        }
        let qualified = apiGroup.isEmpty ? resource : "\(resource).\(apiGroup)"
        let subject = name.isEmpty ? qualified : "\(qualified) \(quoted(name))"
        return StatusError(
            code: 403, reason: "Forbidden", message: "\(subject) is forbidden: \(detail)", name: name.isEmpty ? nil : name,
            group: apiGroup, kind: resource)
    }
}

/// Go's `%q` for the names and paths in these messages.
func quoted(_ text: String) -> String {
    FieldError.quoted(text)
}
