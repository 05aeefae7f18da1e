import HTTPTypes
import KubeAPI
import KubeAuth

/// What a request asks, for the authorizers (`request.RequestInfoFactory`): a verb on a resource from its method,
/// path and `watch`, or a verb (the lowercased method) on a non-resource path.
enum RequestAttributes {
    static func of(method: HTTPRequest.Method, path: APIPath, rawPath: String, query: QueryParameters, user: UserInfo) -> AuthorizationAttributes {
        guard case .resource(let resource) = path else {
            return AuthorizationAttributes(user: user, verb: method.rawValue.lowercased(), path: rawPath)
        }
        let verb: String =
            switch method {
            case .post: "create"
            case .put: "update"
            case .patch: "patch"
            case .delete: resource.name == nil ? "deletecollection" : "delete"
            default: resource.name == nil ? (query.flag("watch") ? "watch" : "list") : "get"
            }
        // A namespace's own path (`/api/v1/namespaces/<name>`) names the namespace as its object.
        let namespace = resource.group.isEmpty && resource.resource == "namespaces" ? (resource.name ?? "") : (resource.namespace ?? "")
        return AuthorizationAttributes(
            user: user, verb: verb, namespace: namespace, apiGroup: resource.group, apiVersion: resource.version,
            resource: resource.resource, subresource: resource.subresource ?? "", name: resource.name ?? "")
    }
}
