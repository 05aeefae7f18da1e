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
        let detail = reason.isEmpty ? forbiddenMessage : "\(forbiddenMessage): \(reason)"
        guard isResourceRequest, !resource.isEmpty else {
            return StatusError(code: 403, reason: "Forbidden", message: "forbidden: \(detail)")
        }
        let qualified = apiGroup.isEmpty ? resource : "\(resource).\(apiGroup)"
        let message = name.isEmpty ? "\(qualified) is forbidden: \(detail)" : "\(qualified) \(quoted(name)) is forbidden: \(detail)"
        return StatusError(
            code: 403, reason: "Forbidden", message: message, name: name.isEmpty ? nil : name, group: apiGroup, kind: resource)
    }
}

/// Go's `%q` for the names and paths in these messages.
func quoted(_ text: String) -> String {
    FieldError.quoted(text)
}
