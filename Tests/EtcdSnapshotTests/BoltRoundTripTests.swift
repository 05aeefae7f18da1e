import Foundation
import Testing

@testable import EtcdSnapshot

/// The bbolt writer and reader against each other, on shapes that need every page kind.
@Suite struct BoltRoundTripTests {
    /// Deterministic keys and values: `count` entries, keys zero-padded so their order is the numeric one.
    static func entries(_ count: Int, prefix: String, valueSize: (Int) -> Int = { 10 + $0 % 90 }) -> [BoltBucket.Entry] {
        (0..<count).map { index in
            let key = Array("\(prefix)/\(String(format: "%08d", index))".utf8)
            let value = (0..<valueSize(index)).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0) }
            return BoltBucket.Entry(key: key, value: value)
        }
    }

    @Test func manyKeysNeedSeveralBranchLevelsAndReadBackInOrder() throws {
        // 60 000 keys of ~70 bytes: ~1 200 leaves, whose ~1 200 branch elements need a second branch level.
        let keys = Self.entries(60_000, prefix: "/registry/pods")
        let database = BoltBucket(children: [BoltBucket.Child(name: Array("key".utf8), bucket: BoltBucket(entries: keys))])
        let bytes = BoltWriter().write(database)
        let reader = try BoltReader(bytes: bytes)
        #expect(bytes.count == Int(reader.size))
        #expect(reader.size % 4096 == 0)
        #expect(try reader.root() == database)
        #expect(Self.branchDepth(bytes, root: Self.bucketRoot(bytes)) >= 2, "a branch above branches")
    }

    @Test func aLargeValueSpansOverflowPages() throws {
        let large = BoltBucket.Entry(key: Array("big".utf8), value: (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * 7) })
        let database = BoltBucket(children: [
            BoltBucket.Child(name: Array("key".utf8), bucket: BoltBucket(entries: [large] + Self.entries(3, prefix: "small"))),
            BoltBucket.Child(name: Array("meta".utf8), bucket: BoltBucket()),
        ])
        let bytes = BoltWriter().write(database)
        #expect(try BoltReader(bytes: bytes).root() == database)
        #expect(bytes.count > 100_000 + 4 * 4096)
    }

    @Test func nestedBucketsInsideBucketsReadBack() throws {
        let inner = BoltBucket(entries: Self.entries(500, prefix: "inner"))
        let middle = BoltBucket(
            entries: Self.entries(3, prefix: "a"), children: [BoltBucket.Child(name: Array("z-inner".utf8), bucket: inner)])
        let database = BoltBucket(children: [BoltBucket.Child(name: Array("outer".utf8), bucket: middle)])
        #expect(try BoltReader(bytes: BoltWriter().write(database)).root() == database)
    }

    @Test func theMetaWithTheHigherValidTxidWins() throws {
        var bytes = BoltWriter().write(BoltBucket(children: [BoltBucket.Child(name: Array("a".utf8), bucket: BoltBucket())]))
        #expect(try BoltReader(bytes: bytes).txid == 3)
        // Break meta 1 (txid 3): meta 0 (txid 2) is used.
        bytes[4096 + 16 + 20] ^= 0xFF
        #expect(try BoltReader(bytes: bytes).txid == 2)
        // Break meta 0 too: nothing is valid.
        bytes[16 + 20] ^= 0xFF
        #expect(throws: BoltError.self) { try BoltReader(bytes: bytes) }
    }

    @Test func anInlineBucketIsReadInPlace() throws {
        // A bucket value with root 0 followed by its leaf page, as bbolt writes small buckets.
        var inline = ByteWriter(count: 16 + 16 + 16 + 3 + 2)
        inline.put(UInt16(BoltLayout.leafPage), at: 16 + 8)
        inline.put(UInt16(1), at: 16 + 10)
        inline.put(UInt32(16), at: 32 + 4)
        inline.put(UInt32(3), at: 32 + 8)
        inline.put(UInt32(2), at: 32 + 12)
        inline.put(Array("abcxy".utf8), at: 48)
        let holder = BoltBucket(entries: [BoltBucket.Entry(key: Array("inline".utf8), value: inline.bytes)])
        var bytes = BoltWriter().write(BoltBucket(children: [BoltBucket.Child(name: Array("b".utf8), bucket: holder)]))
        // Flag the entry as a bucket: the leaf of bucket `b` is the first data page written (page 3).
        bytes[3 * 4096 + 16] = UInt8(BoltLayout.bucketLeafFlag)
        let root = try BoltReader(bytes: bytes).root()
        let expected = BoltBucket(entries: [BoltBucket.Entry(key: Array("abc".utf8), value: Array("xy".utf8))])
        #expect(root.child("b")?.child("inline") == expected)
    }

    @Test func fnv1aMatchesGosHash() {
        // Go: fnv.New64a() over "hello" = 0xa430d84680aabd0b.
        #expect(BoltMeta.fnv1a64(Array("hello".utf8)) == 0xa430_d846_80aa_bd0b)
    }

    // MARK: - Page inspection

    static func bucketRoot(_ bytes: [UInt8]) -> Int {
        // The root bucket's leaf holds one bucket; its header's root pgid is the element's value.
        let reader = ByteReader(bytes: bytes)
        let rootPage = Int(try! reader.read(UInt64.self, at: 16 + 16))
        let element = rootPage * 4096 + 16
        let position = Int(try! reader.read(UInt32.self, at: element + 4))
        let keySize = Int(try! reader.read(UInt32.self, at: element + 8))
        return Int(try! reader.read(UInt64.self, at: element + position + keySize))
    }

    /// How many branch levels lie above the leaves under `root`.
    static func branchDepth(_ bytes: [UInt8], root: Int) -> Int {
        let reader = ByteReader(bytes: bytes)
        var page = root
        var depth = 0
        while try! reader.read(UInt16.self, at: page * 4096 + 8) == BoltLayout.branchPage {
            depth += 1
            page = Int(try! reader.read(UInt64.self, at: page * 4096 + 16 + 8))
        }
        return depth
    }
}
