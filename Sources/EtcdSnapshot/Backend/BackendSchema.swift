import EtcdCore

/// etcd 3.4's backend buckets and keys (`mvcc/kvstore.go`, `mvcc/revision.go`, `lease/lessor.go`,
/// `etcdserver/api/membership/store.go`, `auth/store.go`, `etcdserver/api/v3alarm`).
enum BackendSchema {
    /// Revision-keyed `mvccpb.KeyValue`s: the whole readable history.
    static let key = "key"
    /// `consistent_index`, `scheduledCompactRev`, `finishedCompactRev`.
    static let meta = "meta"
    /// Lease id (u64 big-endian) to `leasepb.Lease`.
    static let lease = "lease"
    /// Member id (lower-case hex) to the member as JSON.
    static let members = "members"
    static let membersRemoved = "members_removed"
    /// `clusterVersion`: the cluster's major.minor.0.
    static let cluster = "cluster"
    static let alarm = "alarm"
    static let auth = "auth"
    static let authUsers = "authUsers"
    static let authRoles = "authRoles"

    static let consistentIndex = "consistent_index"
    static let scheduledCompactRevision = "scheduledCompactRev"
    static let finishedCompactRevision = "finishedCompactRev"
    static let clusterVersion = "clusterVersion"
    /// `auth`: whether auth is on (one byte, 0 off), and the auth store's revision (u64 big-endian).
    static let authEnabled = "authEnabled"
    static let authRevision = "authRevision"

    /// The version KubeSim's snapshots declare (the etcd whose backend layout they follow).
    static let version = "3.4.0"

    /// A revision key: main u64 big-endian, `_`, sub u64 big-endian, then `t` for a tombstone.
    struct RevisionKey: Hashable {
        var main: Revision
        var sub: Int64
        var tombstone = false

        static let size = 17

        var bytes: [UInt8] {
            var result = bigEndian(UInt64(bitPattern: main))
            result.append(UInt8(ascii: "_"))
            result += bigEndian(UInt64(bitPattern: sub))
            if tombstone { result.append(UInt8(ascii: "t")) }
            return result
        }

        /// Parses a key bucket's key (17 bytes, or 18 ending in `t`); nil for anything else.
        init?(_ bytes: [UInt8]) {
            guard bytes.count == Self.size || (bytes.count == Self.size + 1 && bytes[17] == UInt8(ascii: "t")),
                bytes[8] == UInt8(ascii: "_")
            else { return nil }
            main = Int64(bitPattern: fromBigEndian(bytes[0..<8]))
            sub = Int64(bitPattern: fromBigEndian(bytes[9..<17]))
            tombstone = bytes.count == Self.size + 1
        }

        init(main: Revision, sub: Int64, tombstone: Bool = false) {
            self.main = main
            self.sub = sub
            self.tombstone = tombstone
        }
    }

    static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * $0)) } }

    static func fromBigEndian(_ bytes: ArraySlice<UInt8>) -> UInt64 { bytes.reduce(0) { $0 << 8 | UInt64($1) } }
}
