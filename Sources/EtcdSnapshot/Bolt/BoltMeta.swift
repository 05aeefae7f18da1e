/// A bbolt meta page's body (`db.go`'s `meta`), 64 bytes after the page header: magic u32, version u32,
/// page size u32, flags u32, root bucket {root pgid u64, sequence u64}, freelist pgid u64, high-water pgid u64
/// (pages in use), txid u64, checksum u64 = FNV-1a 64 of the 56 bytes before it.
struct BoltMeta: Hashable {
    static let magic: UInt32 = 0xED0C_DAED
    static let version: UInt32 = 2
    static let size = 64
    private static let checksummed = 56

    var pageSize: UInt32
    var root: UInt64
    var freelist: UInt64
    var highWater: UInt64
    var txid: UInt64

    /// Writes the meta page `id` (0 or 1) at the start of `writer`'s page.
    func write(into writer: inout ByteWriter, page id: UInt64) {
        let base = Int(id) * Int(pageSize)
        writer.put(id, at: base)
        writer.put(BoltLayout.metaPage, at: base + 8)
        let body = base + BoltLayout.pageHeaderSize
        writer.put(Self.magic, at: body)
        writer.put(Self.version, at: body + 4)
        writer.put(pageSize, at: body + 8)
        writer.put(UInt32(0), at: body + 12)
        writer.put(root, at: body + 16)
        writer.put(UInt64(0), at: body + 24)
        writer.put(freelist, at: body + 32)
        writer.put(highWater, at: body + 40)
        writer.put(txid, at: body + 48)
        writer.put(Self.fnv1a64(writer.bytes[body..<(body + Self.checksummed)]), at: body + 56)
    }

    /// Reads and validates the meta body at `offset` (just after a page header).
    static func read(_ reader: ByteReader, at offset: Int) throws(BoltError) -> BoltMeta {
        guard try reader.read(UInt32.self, at: offset) == magic else { throw .invalidMeta("bad magic number") }
        let version = try reader.read(UInt32.self, at: offset + 4)
        guard version == Self.version else { throw .invalidMeta("version \(version), expected \(Self.version)") }
        let stored = try reader.read(UInt64.self, at: offset + 56)
        guard stored == fnv1a64(try reader.slice(offset, checksummed)) else { throw .invalidMeta("checksum mismatch") }
        return BoltMeta(
            pageSize: try reader.read(UInt32.self, at: offset + 8), root: try reader.read(UInt64.self, at: offset + 16),
            freelist: try reader.read(UInt64.self, at: offset + 32),
            highWater: try reader.read(UInt64.self, at: offset + 40), txid: try reader.read(UInt64.self, at: offset + 48))
    }

    /// FNV-1a, 64-bit (Go's `hash/fnv.New64a`).
    static func fnv1a64(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
