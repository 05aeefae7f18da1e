import KubeAPI

/// What a request path names: one of the server's fixed endpoints or a resource path.
enum APIPath: Equatable {
    case version
    /// `/healthz`, `/livez`, `/readyz` and their checks below them (`/livez/etcd`).
    case health(endpoint: String, check: String?)
    /// `/api`: the core group's versions.
    case coreDiscovery
    /// `/apis`: every other group.
    case groupsDiscovery
    /// `/apis/<group>`.
    case group(String)
    /// `/api/v1`, `/apis/<group>/<version>`: a group-version's resources.
    case groupVersion(group: String, version: String)
    /// `/openapi/v2`.
    case openAPIV2
    /// `/openapi/v3`.
    case openAPIIndex
    /// `/openapi/v3/api/v1`, `/openapi/v3/apis/<group>/<version>`.
    case openAPIDocument(String)
    case resource(ResourcePath)

    /// The path's meaning, or nil when it names nothing the server serves.
    init?(_ path: String) {
        let segments = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch segments.first {
        case "version" where segments.count == 1: self = .version
        case "healthz", "livez", "readyz" where segments.count <= 2:
            self = .health(endpoint: segments[0], check: segments.count == 2 ? segments[1] : nil)
        case "openapi" where segments == ["openapi", "v2"]: self = .openAPIV2
        case "openapi" where segments.count >= 2 && segments[1] == "v3":
            self = segments.count == 2 ? .openAPIIndex : .openAPIDocument(segments.dropFirst(2).joined(separator: "/"))
        case "api":
            guard segments.count > 1 else { self = .coreDiscovery; return }
            guard segments.count > 2 else { self = .groupVersion(group: "", version: segments[1]); return }
            guard let resource = ResourcePath(group: "", version: segments[1], rest: Array(segments.dropFirst(2)))
            else { return nil }
            self = .resource(resource)
        case "apis":
            switch segments.count {
            case 1: self = .groupsDiscovery
            case 2: self = .group(segments[1])
            case 3: self = .groupVersion(group: segments[1], version: segments[2])
            default:
                guard let resource = ResourcePath(group: segments[1], version: segments[2], rest: Array(segments.dropFirst(3)))
                else { return nil }
                self = .resource(resource)
            }
        default: return nil
        }
    }
}

/// A resource path below a group-version: `[namespaces/<ns>/]<resource>[/<name>[/<subresource>]]`.
struct ResourcePath: Equatable {
    var group: String
    var version: String
    /// The namespace the path names, nil for cluster-wide paths.
    var namespace: String?
    var resource: String
    var name: String?
    var subresource: String?

    /// The subresources of a namespace object itself, which a namespaced path would otherwise read as a
    /// resource: `/api/v1/namespaces/<name>/status`.
    private static let namespaceSubresources: Set<String> = ["status", "finalize"]

    init?(group: String, version: String, rest: [String]) {
        self.group = group
        self.version = version
        var rest = rest[...]
        if rest.first == "namespaces", rest.count >= 3, !(rest.count == 3 && Self.namespaceSubresources.contains(rest[rest.startIndex + 2])) {
            namespace = rest[rest.startIndex + 1]
            rest = rest.dropFirst(2)
        }
        guard let resource = rest.first, rest.count <= 3 else { return nil }
        self.resource = resource
        name = rest.count > 1 ? rest[rest.startIndex + 1] : nil
        subresource = rest.count > 2 ? rest[rest.startIndex + 2] : nil
    }
}
