import Foundation

/// An etcd revision: the store's logical clock, bumped once by every transaction that writes.
public typealias Revision = Int64

/// A key and its value at one revision, as etcd's `mvccpb.KeyValue` carries it.
public struct KeyValue: Sendable, Hashable {
    /// The key, any bytes.
    public var key: Data
    /// The revision of the key's last creation (after a delete, a put creates it again).
    public var createRevision: Revision
    /// The revision of the key's last modification.
    public var modRevision: Revision
    /// How many times the key was written since its creation (1 after the creating put).
    public var version: Int64
    /// The value; empty for keys-only reads.
    public var value: Data
    /// The lease the key is attached to, 0 for none.
    public var lease: Int64

    public init(
        key: Data, createRevision: Revision, modRevision: Revision, version: Int64, value: Data = Data(), lease: Int64 = 0
    ) {
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.value = value
        self.lease = lease
    }
}
