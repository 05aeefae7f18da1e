import EtcdCore
import Foundation

/// A CRC-32C (Castagnoli, etcd's hash polynomial) over every key's key, create and mod revisions, version,
/// lease and value at one revision, read in pages through `range`.
///
/// etcd's Hash/HashKV hash its bbolt pages and MVCC history, which a SQLite store does not have; this hash
/// serves the same purpose (two stores with the same state agree, a change alters it) but its values are
/// KubeSim's own.
enum KeyValueHash {
    static let pageSize: Int64 = 1000

    static func hash(_ store: any KeyValueStore, at revision: Revision) async throws -> UInt32 {
        var crc = CRC32C()
        var start = Data([0])
        while true {
            let page = try await store.range(
                RangeRequest(key: start, rangeEnd: Data([0]), limit: pageSize, revision: revision))
            for kv in page.kvs {
                crc.update(kv.key)
                for number in [kv.createRevision, kv.modRevision, kv.version, kv.lease] { crc.update(number) }
                crc.update(kv.value)
            }
            guard page.more, let last = page.kvs.last else { return crc.value }
            start = last.key + [0]
        }
    }
}

/// CRC-32C, table-driven.
struct CRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        return crc
    }

    private var state: UInt32 = 0xFFFF_FFFF

    var value: UInt32 { ~state }

    mutating func update(_ bytes: some Sequence<UInt8>) {
        for byte in bytes { state = Self.table[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8) }
    }

    mutating func update(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { update($0) }
    }
}
