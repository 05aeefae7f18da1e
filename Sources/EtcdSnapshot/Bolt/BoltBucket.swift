import Foundation

/// A bucket's contents as bbolt orders them: key-value pairs and nested buckets, each list sorted by key
/// (bytewise), names and keys never shared between the two.
public struct BoltBucket: Sendable, Hashable {
    /// One key and its value.
    public struct Entry: Sendable, Hashable {
        public var key: [UInt8]
        public var value: [UInt8]

        public init(key: [UInt8], value: [UInt8]) {
            self.key = key
            self.value = value
        }
    }

    /// A nested bucket under its name.
    public struct Child: Sendable, Hashable {
        public var name: [UInt8]
        public var bucket: BoltBucket

        public init(name: [UInt8], bucket: BoltBucket) {
            self.name = name
            self.bucket = bucket
        }
    }

    public var entries: [Entry]
    public var children: [Child]

    public init(entries: [Entry] = [], children: [Child] = []) {
        self.entries = entries
        self.children = children
    }

    /// The nested bucket called `name`, if any.
    public func child(_ name: String) -> BoltBucket? {
        let bytes = Array(name.utf8)
        return children.first { $0.name == bytes }?.bucket
    }

    /// The value stored under `key`, if any.
    public func value(_ key: some Sequence<UInt8>) -> [UInt8]? {
        let bytes = Array(key)
        return entries.first { $0.key == bytes }?.value
    }
}

/// Bytewise order, as bbolt compares keys.
func boltPrecedes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool { lhs.lexicographicallyPrecedes(rhs) }
