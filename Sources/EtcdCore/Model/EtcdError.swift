/// The errors etcd answers with; `description` is etcd's own text (`api/v3rpc/rpctypes`).
public enum EtcdError: Error, Sendable, Hashable, CustomStringConvertible {
    case compacted
    case futureRevision
    case emptyKey
    case tooManyOperations
    case duplicateKey
    case leaseNotFound
    case leaseExists
    case leaseTTLTooLarge
    case keyNotFound
    case valueProvided
    case leaseProvided
    case requestTooLarge
    /// A compaction at or below the current compaction revision.
    case alreadyCompacted
    /// A write that would grow the store past its space quota, or any growing write while the NOSPACE alarm
    /// is raised (etcd's `ErrNoSpace`).
    case noSpace

    public var description: String {
        switch self {
        case .compacted, .alreadyCompacted: "etcdserver: mvcc: required revision has been compacted"
        case .futureRevision: "etcdserver: mvcc: required revision is a future revision"
        case .emptyKey: "etcdserver: key is not provided"
        case .tooManyOperations: "etcdserver: too many operations in txn request"
        case .duplicateKey: "etcdserver: duplicate key given in txn request"
        case .leaseNotFound: "etcdserver: requested lease not found"
        case .leaseExists: "etcdserver: lease already exists"
        case .leaseTTLTooLarge: "etcdserver: too large lease TTL"
        case .keyNotFound: "etcdserver: key not found"
        case .valueProvided: "etcdserver: value is provided"
        case .leaseProvided: "etcdserver: lease is provided"
        case .requestTooLarge: "etcdserver: request is too large"
        case .noSpace: "etcdserver: mvcc: database space exceeded"
        }
    }
}

/// Failures of the embedded store's storage itself, naming the data file.
public struct StorageError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
