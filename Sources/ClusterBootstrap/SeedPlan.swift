import KubeAPI

/// One write of a component of the cluster: an object created by `manager`, then, when it has a status that
/// the API server does not keep on create, given that status through the `status` subresource by
/// `statusManager` (the kubelet for pods).
struct SeedObject: Sendable {
    var object: JSONValue
    var manager: String
    var statusManager: String?

    init(_ object: JSONValue, by manager: String, statusBy statusManager: String? = nil) {
        self.object = object
        self.manager = manager
        self.statusManager = statusManager
    }

    var kind: String { object["kind"]?.stringValue ?? "" }
    var name: String { object[["metadata", "name"]]?.stringValue ?? "" }
    var namespace: String? { object[["metadata", "namespace"]]?.stringValue }
}

/// What the objects written so far were given by the API server, for the ones that refer to them
/// (owner references, endpoint targets).
struct SeededObjects: Sendable {
    private var uids: [String: String] = [:]

    /// A stand-in for every uid, to build the objects before any is written (for the preflight check).
    static let placeholder = SeededObjects(fallback: "00000000-0000-0000-0000-000000000000")

    private var fallback: String?

    init(fallback: String? = nil) {
        self.fallback = fallback
    }

    mutating func record(kind: String, namespace: String?, name: String, uid: String) {
        uids[Self.key(kind, namespace, name)] = uid
    }

    /// The uid of an object written earlier.
    func uid(_ kind: String, _ namespace: String?, _ name: String) -> String {
        if let uid = uids[Self.key(kind, namespace, name)] { return uid }
        if let fallback { return fallback }
        preconditionFailure("\(kind) \(namespace ?? "")/\(name) is referred to before it is written")
    }

    private static func key(_ kind: String, _ namespace: String?, _ name: String) -> String {
        "\(kind)/\(namespace ?? "")/\(name)"
    }
}

/// A step of the cluster's bring-up: the component that acts, and the objects it writes, which may refer to
/// objects written by earlier steps.
public struct SeedPhase: Sendable {
    public var name: String
    var objects: @Sendable (SeededObjects) -> [SeedObject]
}
