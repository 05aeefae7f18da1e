/// Why a snapshot file was refused, naming the file.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the file.
    public enum Reason: Error, Sendable, Hashable, CustomStringConvertible {
        /// No SHA-256 trailer (size % 512 != 32) and the hash check was not skipped.
        case missingHash
        /// The SHA-256 trailer does not match the database.
        case hashMismatch
        /// The database is not a valid bbolt file.
        case invalidDatabase(BoltError)
        /// The database is bbolt but not etcd's backend as expected.
        case corrupt(String)
        /// The file cannot be read or written.
        case io(String)

        public var description: String {
            switch self {
            case .missingHash: "snapshot missing hash but --skip-hash-check=false"
            case .hashMismatch: "snapshot file integrity check failed: SHA-256 of the database does not match its trailer"
            case .invalidDatabase(let error): error.description
            case .corrupt(let why): "not an etcd snapshot: \(why)"
            case .io(let why): why
            }
        }
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
