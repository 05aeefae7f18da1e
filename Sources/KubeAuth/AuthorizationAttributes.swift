/// What a request asks to do, as kube-apiserver's authorizers see it (`authorizer.Attributes`).
public struct AuthorizationAttributes: Sendable, Hashable {
    public var user: UserInfo
    /// `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`, `deletecollection`, `impersonate`, `bind`,
    /// `escalate`, `approve`, `sign`, ... on resources; the lowercased HTTP method on other paths.
    public var verb: String
    public var isResourceRequest: Bool
    /// The request path, for non-resource requests.
    public var path: String
    public var namespace: String
    public var apiGroup: String
    public var apiVersion: String
    public var resource: String
    public var subresource: String
    public var name: String

    public init(
        user: UserInfo, verb: String, namespace: String = "", apiGroup: String = "", apiVersion: String = "",
        resource: String, subresource: String = "", name: String = ""
    ) {
        self.user = user
        self.verb = verb
        isResourceRequest = true
        path = ""
        self.namespace = namespace
        self.apiGroup = apiGroup
        self.apiVersion = apiVersion
        self.resource = resource
        self.subresource = subresource
        self.name = name
    }

    public init(user: UserInfo, verb: String, path: String) {
        self.user = user
        self.verb = verb
        isResourceRequest = false
        self.path = path
        namespace = ""
        apiGroup = ""
        apiVersion = ""
        resource = ""
        subresource = ""
        self.name = ""
    }

    /// `pods/log`, or `pods` without a subresource.
    public var resourceWithSubresource: String { subresource.isEmpty ? resource : "\(resource)/\(subresource)" }
}

/// An authorizer's answer (`authorizer.Decision`): allow, deny, or no opinion (the next authorizer decides).
public enum AuthorizationDecision: Sendable, Hashable {
    case allow
    case deny(reason: String)
    case noOpinion(reason: String)

    public var allowed: Bool { self == .allow }

    public var reason: String {
        switch self {
        case .allow: ""
        case .deny(let reason), .noOpinion(let reason): reason
        }
    }
}

/// One of kube-apiserver's authorizers (`--authorization-mode`), consulted in order.
public protocol Authorizer: Sendable {
    func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision
}

/// The authorizers in order: the first that allows or denies decides (`union.New`).
public struct AuthorizerChain: Authorizer {
    public let authorizers: [any Authorizer]

    public init(_ authorizers: [any Authorizer]) {
        self.authorizers = authorizers
    }

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        var reasons: [String] = []
        for authorizer in authorizers {
            let decision = await authorizer.authorize(attributes)
            switch decision {
            case .allow, .deny: return decision
            case .noOpinion(let reason): if !reason.isEmpty { reasons.append(reason) }
            }
        }
        return .noOpinion(reason: reasons.joined(separator: ", "))
    }
}

/// `system:masters` may do anything, before any other authorizer is asked (kube-apiserver's privileged-groups
/// authorizer).
public struct PrivilegedGroupsAuthorizer: Authorizer {
    public init() {}

    public func authorize(_ attributes: AuthorizationAttributes) async -> AuthorizationDecision {
        attributes.user.groups.contains(UserInfo.masters) ? .allow : .noOpinion(reason: "")
    }
}
