/// One kind of object the API server serves: its names, scope and where it lives in etcd.
public struct ResourceType: Sendable, Hashable {
    /// The API group; empty for the core group.
    public var group: String
    public var version: String
    public var kind: String
    /// The resource name in URLs and discovery, e.g. "deployments".
    public var plural: String
    public var singular: String
    public var shortNames: [String]
    public var namespaced: Bool
    /// The path under `/registry/`, e.g. "pods", "minions", "services/specs", "apps.example.com/widgets".
    public var etcdPrefix: String
    /// The discovery categories, e.g. "all".
    public var categories: [String]
    /// The verbs discovery advertises.
    public var verbs: [String]
    /// A custom resource's `status` and `scale` subresources, as its definition enables them (built-in types'
    /// come from ``subresources``' table).
    public var customSubresources: [Subresource] = []
    /// A custom resource's scale paths (`specReplicasPath`, ...), when its definition enables `scale`.
    public var scalePaths: ScalePaths?
    /// A custom resource's storage version; another served version is a view of its objects (`None` conversion).
    public var customStorageVersion: String?

    public init(
        group: String, version: String, kind: String, plural: String, singular: String? = nil,
        shortNames: [String] = [], namespaced: Bool, etcdPrefix: String? = nil, categories: [String] = [],
        verbs: [String] = ResourceType.allVerbs
    ) {
        self.group = group
        self.version = version
        self.kind = kind
        self.plural = plural
        self.singular = singular ?? kind.lowercased()
        self.shortNames = shortNames
        self.namespaced = namespaced
        self.etcdPrefix = etcdPrefix ?? plural
        self.categories = categories
        self.verbs = verbs
    }

    /// Where a custom resource keeps what its Scale shows (`subresources.scale` of its definition).
    public struct ScalePaths: Sendable, Hashable {
        /// `.spec.replicas`.
        public var specReplicas: String
        /// `.status.replicas`.
        public var statusReplicas: String
        /// `.status.selector`: a label selector in string form, when given.
        public var labelSelector: String?

        public init(specReplicas: String, statusReplicas: String, labelSelector: String?) {
            self.specReplicas = specReplicas
            self.statusReplicas = statusReplicas
            self.labelSelector = labelSelector
        }
    }

    public static let allVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]

    /// `v1` or `apps/v1`.
    public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// The resource with its group, as messages name it: "pods", "deployments.apps".
    public var groupResource: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// The kind with its group, as 422 messages name it: "Pod", "Deployment.apps".
    public var groupKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// kubectl's "TYPE/NAME" prefix: "pod", "deployment.apps".
    public var kubectlName: String { group.isEmpty ? singular : "\(singular).\(group)" }

    /// The etcd key of one object: `/registry/<prefix>[/<namespace>]/<name>`.
    public func key(namespace: String?, name: String) -> String {
        if namespaced, let namespace { return "/registry/\(etcdPrefix)/\(namespace)/\(name)" }
        return "/registry/\(etcdPrefix)/\(name)"
    }

    /// The etcd prefix of every object in `namespace`, or of every object when nil.
    public func keyPrefix(namespace: String?) -> String {
        if namespaced, let namespace { return "/registry/\(etcdPrefix)/\(namespace)/" }
        return "/registry/\(etcdPrefix)/"
    }
}
