/// What `etcdctl snapshot status` reports of a snapshot file (etcd 3.4's `snapshot.Status`).
public struct SnapshotStatus: Sendable, Hashable {
    /// CRC-32C over every bucket's name, then its keys and values, in bbolt's order.
    public var hash: UInt32
    /// The highest main revision in the `key` bucket.
    public var revision: Int64
    /// Keys in all buckets.
    public var totalKeys: Int
    /// The database's size (pages in use times the page size), without the SHA-256 trailer.
    public var totalSize: Int64

    public init(hash: UInt32, revision: Int64, totalKeys: Int, totalSize: Int64) {
        self.hash = hash
        self.revision = revision
        self.totalKeys = totalKeys
        self.totalSize = totalSize
    }

    /// The status of a database: etcdctl 3.4's walk over the top-level buckets (a nested bucket's entry
    /// counts as a key with an empty value).
    init(database: BoltBucket, size: Int64) {
        var crc = CRC32C()
        var revision: Int64 = 0
        var keys = 0
        for bucket in database.children {
            crc.update(bucket.name)
            let nested = bucket.bucket.children.map { BoltBucket.Entry(key: $0.name, value: []) }
            let entries = (bucket.bucket.entries + nested).sorted { boltPrecedes($0.key, $1.key) }
            let isKeyBucket = bucket.name == Array(BackendSchema.key.utf8)
            for entry in entries {
                crc.update(entry.key)
                crc.update(entry.value)
                if isKeyBucket, entry.key.count >= 17 {
                    revision = Int64(bitPattern: BackendSchema.fromBigEndian(entry.key[0..<8]))
                }
                keys += 1
            }
        }
        self.init(hash: crc.value, revision: revision, totalKeys: keys, totalSize: size)
    }
}
