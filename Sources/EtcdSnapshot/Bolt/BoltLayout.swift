/// bbolt's on-disk layout (bbolt 1.3, `page.go`), little-endian throughout.
///
/// Every page starts with a 16-byte header: id u64, flags u16, count u16 (elements), overflow u32 (how many
/// pages past the first one a large page spans). Leaf elements are 16 bytes (flags u32, pos u32, ksize u32,
/// vsize u32) and branch elements 16 bytes (pos u32, ksize u32, child pgid u64); `pos` counts from the element
/// itself to its key, a leaf's value follows its key.
enum BoltLayout {
    static let pageHeaderSize = 16
    static let leafElementSize = 16
    static let branchElementSize = 16
    /// A nested bucket's value starts with this header: root pgid u64 (0 for an inline bucket), sequence u64.
    static let bucketHeaderSize = 16
    /// The page size etcd's bbolt uses on Linux (the OS page size).
    static let defaultPageSize = 4096

    /// Page flags.
    static let branchPage: UInt16 = 0x01
    static let leafPage: UInt16 = 0x02
    static let metaPage: UInt16 = 0x04
    static let freelistPage: UInt16 = 0x10

    /// Leaf element flag of a nested bucket.
    static let bucketLeafFlag: UInt32 = 0x01
}

/// Little-endian writes into a byte buffer, growing it as needed.
struct ByteWriter {
    var bytes: [UInt8]

    init(count: Int) { bytes = [UInt8](repeating: 0, count: count) }

    mutating func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        var little = value.littleEndian
        withUnsafeBytes(of: &little) { raw in
            for (index, byte) in raw.enumerated() { bytes[offset + index] = byte }
        }
    }

    mutating func put(_ data: some Collection<UInt8>, at offset: Int) {
        var index = offset
        for byte in data {
            bytes[index] = byte
            index += 1
        }
    }
}

/// Little-endian reads from a byte buffer that never trap: a read past the end throws.
struct ByteReader {
    let bytes: [UInt8]

    func read<T: FixedWidthInteger>(_: T.Type, at offset: Int) throws(BoltError) -> T {
        let size = MemoryLayout<T>.size
        guard offset >= 0, offset <= bytes.count - size else {
            throw .corrupt("a \(size)-byte field at offset \(offset) lies past the end of the file (\(bytes.count) bytes)")
        }
        var value: T = 0
        for index in 0..<size { value |= T(bytes[offset + index]) << (8 * index) }
        return value
    }

    func slice(_ offset: Int, _ count: Int) throws(BoltError) -> ArraySlice<UInt8> {
        guard offset >= 0, count >= 0, offset <= bytes.count - count else {
            throw .corrupt("\(count) bytes at offset \(offset) lie past the end of the file (\(bytes.count) bytes)")
        }
        return bytes[offset..<(offset + count)]
    }
}
