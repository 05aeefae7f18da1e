/// What a client asked of the key-value store, as the model sees it.
public enum KVRequest: Hashable, Sendable {
    /// A range read of one key.
    case get(key: String)
    /// A put, with a lease (0 for none).
    case put(key: String, value: String, lease: Int64)
    case delete(key: String)
    /// A transaction: `If(mod_revision(key) == expected) Then Put(key, value) Else Get(key)`.
    case compareAndSwap(key: String, expectedModRevision: Int64, value: String)
    /// A transaction without compares putting `value` to several distinct keys at one revision.
    case multiPut(keys: [String], value: String)
    case leaseGrant(id: Int64)
    case leaseRevoke(id: Int64)
}

/// What the store answered. `revision` is the response header's (nil where the client did not see one).
public enum KVResponse: Hashable, Sendable {
    case get(value: String?, modRevision: Int64, revision: Int64?)
    /// A put or a multi-put.
    case write(revision: Int64)
    /// `revision` nil where the client did not see it (the Kubernetes API's delete).
    case delete(deleted: Int, revision: Int64?)
    /// On failure the else branch's read of the key, when the client saw it.
    case compareAndSwap(succeeded: Bool, revision: Int64?, current: String?, currentModRevision: Int64?)
    case leaseGrant(revision: Int64)
    case leaseRevoke(revision: Int64)
    /// A determinate failure that changed nothing (`etcdserver: requested lease not found`).
    case leaseNotFound
    /// No answer (the connection was lost, the call timed out, the server failed): it may or may not have
    /// happened, as porcupine's indeterminate operations.
    case unknown
}

/// One key's state in the model.
public struct KVEntry: Hashable, Sendable {
    public var value: String
    public var modRevision: Int64
    public var lease: Int64
}

/// A change the store makes at a revision, as a watcher should see it.
public struct KVEvent: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var revision: Int64
    public var key: String
    /// nil for a delete.
    public var value: String?

    public init(revision: Int64, key: String, value: String?) {
        self.revision = revision
        self.key = key
        self.value = value
    }

    public static func < (a: KVEvent, b: KVEvent) -> Bool { (a.revision, a.key) < (b.revision, b.key) }

    public var description: String { "\(revision):\(value.map { "PUT \(key)=\($0)" } ?? "DELETE \(key)")" }
}

/// etcd's key-value store as a state machine over the whole keyspace, with its one global revision (as etcd's
/// robustness model: operations on different keys cannot be checked apart, every write moves the revision all
/// reads report).
public struct KVState: Hashable, Sendable {
    public var revision: Int64
    public var keys: [String: KVEntry]
    public var leases: Set<Int64>

    public init(revision: Int64 = 1, keys: [String: KVEntry] = [:], leases: Set<Int64> = []) {
        self.revision = revision
        self.keys = keys
        self.leases = leases
    }

    /// The state after `request`, if `response` is what the store may answer from this state; else nil.
    /// An unknown response accepts any outcome of the request.
    public func step(_ request: KVRequest, _ response: KVResponse) -> KVState? {
        let (next, expected) = apply(request)
        return response == .unknown || matches(response, expected) ? next : nil
    }

    /// The state after `request` and the events it makes.
    public func events(of request: KVRequest) -> (KVState, [KVEvent]) {
        let (next, _) = apply(request)
        guard next.revision != revision else { return (next, []) }
        var events: [KVEvent] = []
        for (key, entry) in next.keys where entry.modRevision == next.revision {
            events.append(KVEvent(revision: next.revision, key: key, value: entry.value))
        }
        for key in keys.keys where next.keys[key] == nil {
            events.append(KVEvent(revision: next.revision, key: key, value: nil))
        }
        return (next, events.sorted())
    }

    private func matches(_ actual: KVResponse, _ expected: KVResponse) -> Bool {
        switch (actual, expected) {
        case let (.get(value, mod, revision), .get(expectedValue, expectedMod, expectedRevision)):
            return value == expectedValue && mod == expectedMod && (revision == nil || revision == expectedRevision)
        case let (.delete(deleted, revision), .delete(expectedDeleted, expectedRevision)):
            return deleted == expectedDeleted && (revision == nil || revision == expectedRevision)
        case let (.compareAndSwap(succeeded, revision, current, currentMod), .compareAndSwap(s2, r2, c2, m2)):
            guard succeeded == s2, revision == nil || revision == r2 else { return false }
            return succeeded || ((current == nil || current == c2) && (currentMod == nil || currentMod == m2))
        default:
            return actual == expected
        }
    }

    private func apply(_ request: KVRequest) -> (KVState, KVResponse) {
        var next = self
        switch request {
        case .get(let key):
            let entry = keys[key]
            return (self, .get(value: entry?.value, modRevision: entry?.modRevision ?? 0, revision: revision))
        case .put(let key, let value, let lease):
            if lease != 0 && !leases.contains(lease) { return (self, .leaseNotFound) }
            next.revision += 1
            next.keys[key] = KVEntry(value: value, modRevision: next.revision, lease: lease)
            return (next, .write(revision: next.revision))
        case .delete(let key):
            guard keys[key] != nil else { return (self, .delete(deleted: 0, revision: revision)) }
            next.revision += 1
            next.keys[key] = nil
            return (next, .delete(deleted: 1, revision: next.revision))
        case .compareAndSwap(let key, let expected, let value):
            let entry = keys[key]
            guard (entry?.modRevision ?? 0) == expected else {
                return (
                    self,
                    .compareAndSwap(
                        succeeded: false, revision: revision, current: entry?.value,
                        currentModRevision: entry?.modRevision ?? 0)
                )
            }
            next.revision += 1
            next.keys[key] = KVEntry(value: value, modRevision: next.revision, lease: 0)
            return (next, .compareAndSwap(succeeded: true, revision: next.revision, current: nil, currentModRevision: nil))
        case .multiPut(let keys, let value):
            next.revision += 1
            for key in keys { next.keys[key] = KVEntry(value: value, modRevision: next.revision, lease: 0) }
            return (next, .write(revision: next.revision))
        case .leaseGrant(let id):
            next.leases.insert(id)
            return (next, .leaseGrant(revision: revision))
        case .leaseRevoke(let id):
            guard leases.contains(id) else { return (self, .leaseNotFound) }
            next.leases.remove(id)
            let attached = keys.filter { $0.value.lease == id }.map(\.key)
            if !attached.isEmpty {
                next.revision += 1
                for key in attached { next.keys[key] = nil }
            }
            return (next, .leaseRevoke(revision: next.revision))
        }
    }
}
