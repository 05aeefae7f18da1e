/// Reads a bbolt database file into its buckets, checking every offset against the file, so a truncated or
/// damaged file is refused with a `BoltError`, never a crash.
///
/// Of the two meta pages the valid one with the higher txid wins (bbolt's `db.meta()`). Buckets are followed
/// through branch pages down to their leaves, large pages through their overflow, and inline buckets (a
/// bucket header with root 0 followed by the bucket's leaf page, which etcd writes for small buckets) in place.
public struct BoltReader: Sendable {
    /// The page size the file was written with.
    public let pageSize: Int
    /// The committed transaction the file holds.
    public let txid: UInt64
    /// Pages in use (the high-water mark); the database's size is this times the page size.
    public let pageCount: UInt64

    fileprivate let reader: ByteReader
    private let rootPage: UInt64
    /// Deeper nesting than this (branches or buckets) is refused.
    fileprivate static let maxDepth = 64

    /// Parses the metas of `bytes`; pages are read by `root()`.
    /// - Throws: `BoltError.invalidMeta` when no meta page is valid, `.corrupt` when the chosen meta's pages
    ///   lie outside the file.
    public init(bytes: [UInt8]) throws(BoltError) {
        let reader = ByteReader(bytes: bytes)
        guard bytes.count >= 2 * BoltLayout.pageHeaderSize + BoltMeta.size else {
            throw .invalidMeta("file too small (\(bytes.count) bytes)")
        }
        var metas: [BoltMeta] = []
        var firstError: BoltError?
        do throws(BoltError) {
            metas.append(try BoltMeta.read(reader, at: BoltLayout.pageHeaderSize))
        } catch { firstError = error }
        // The second meta is one page on; with the first one unreadable, assume the usual page size.
        let secondPage = Int(metas.first?.pageSize ?? UInt32(BoltLayout.defaultPageSize))
        do throws(BoltError) {
            metas.append(try BoltMeta.read(reader, at: secondPage + BoltLayout.pageHeaderSize))
        } catch { firstError = firstError ?? error }
        guard let meta = metas.max(by: { $0.txid < $1.txid }) else { throw firstError ?? .invalidMeta("no meta page") }
        let pageSize = Int(meta.pageSize)
        guard pageSize >= 512, pageSize <= 1 << 16, pageSize & (pageSize - 1) == 0 else {
            throw .invalidMeta("page size \(pageSize) is not a power of two between 512 and 65536")
        }
        guard meta.highWater >= 3, meta.highWater <= UInt64(bytes.count / pageSize) else {
            throw .corrupt(
                "the database claims \(meta.highWater) pages of \(pageSize) bytes but the file holds \(bytes.count) bytes")
        }
        guard meta.root >= 2, meta.root < meta.highWater else {
            throw .corrupt("root bucket page \(meta.root) is outside the database's \(meta.highWater) pages")
        }
        self.reader = reader
        self.pageSize = pageSize
        self.txid = meta.txid
        self.pageCount = meta.highWater
        self.rootPage = meta.root
    }

    /// The database's size in bytes, as bbolt's `tx.Size()` reports it.
    public var size: Int64 { Int64(pageCount) * Int64(pageSize) }

    /// All buckets and keys.
    public func root() throws(BoltError) -> BoltBucket {
        try Traversal(file: self).bucket(rootPage: rootPage, depth: 0)
    }
}

/// One walk over the pages: a page reached twice (a cycle or a shared page in a damaged file) is refused, so
/// the walk ends after at most every page once.
private final class Traversal {
    let file: BoltReader
    var visited = Set<UInt64>()

    init(file: BoltReader) { self.file = file }

    var reader: ByteReader { file.reader }
    var pageCount: UInt64 { file.pageCount }
    var pageSize: Int { file.pageSize }
    static var maxDepth: Int { BoltReader.maxDepth }

    // MARK: - Buckets

    func bucket(rootPage: UInt64, depth: Int) throws(BoltError) -> BoltBucket {
        var result = BoltBucket()
        var last: [UInt8]?
        try collect(page: rootPage, into: &result, last: &last, depth: depth)
        return result
    }

    /// The bucket whose value (header, then an inline page when root is 0) is `value`.
    private func nested(_ value: ArraySlice<UInt8>, depth: Int) throws(BoltError) -> BoltBucket {
        let bytes = Array(value)
        let header = ByteReader(bytes: bytes)
        let root = try header.read(UInt64.self, at: 0)
        guard root == 0 else {
            guard root >= 2, root < pageCount else { throw .corrupt("bucket root page \(root) is outside the database") }
            return try bucket(rootPage: root, depth: depth + 1)
        }
        guard bytes.count >= BoltLayout.bucketHeaderSize + BoltLayout.pageHeaderSize else {
            throw .corrupt("inline bucket of \(bytes.count) bytes is too short")
        }
        var result = BoltBucket()
        var last: [UInt8]?
        let page = Page(reader: header, start: BoltLayout.bucketHeaderSize, end: bytes.count)
        let flags = try page.flags
        guard flags == BoltLayout.leafPage else { throw .corrupt("inline bucket page has flags \(flags), not a leaf's") }
        try leaf(page, into: &result, last: &last, depth: depth)
        return result
    }

    // MARK: - Pages

    /// A page's bytes within a buffer: `start` is its header, `end` the end of its last overflow page.
    private struct Page {
        let reader: ByteReader
        let start: Int
        let end: Int

        var flags: UInt16 { get throws(BoltError) { try reader.read(UInt16.self, at: start + 8) } }
        var count: Int { get throws(BoltError) { Int(try reader.read(UInt16.self, at: start + 10)) } }

        /// `count` bytes at `offset`, which must lie inside the page.
        func bytes(_ offset: Int, _ count: Int) throws(BoltError) -> ArraySlice<UInt8> {
            guard offset >= start, count >= 0, offset <= end - count else {
                throw .corrupt("an element of the page at offset \(start) points past the page's end")
            }
            return try reader.slice(offset, count)
        }
    }

    private func page(_ id: UInt64) throws(BoltError) -> Page {
        guard id >= 2, id < pageCount else { throw .corrupt("page \(id) is outside the database's data pages") }
        guard visited.insert(id).inserted else { throw .corrupt("page \(id) is referenced twice") }
        let start = Int(id) * pageSize
        let storedID = try reader.read(UInt64.self, at: start)
        guard storedID == id else { throw .corrupt("page \(id) calls itself page \(storedID)") }
        let overflow = UInt64(try reader.read(UInt32.self, at: start + 12))
        guard id + overflow < pageCount else { throw .corrupt("page \(id) overflows past the database's end") }
        return Page(reader: reader, start: start, end: start + Int(overflow + 1) * pageSize)
    }

    private func collect(
        page id: UInt64, into bucket: inout BoltBucket, last: inout [UInt8]?, depth: Int
    ) throws(BoltError) {
        guard depth < Self.maxDepth else { throw .corrupt("pages nest deeper than \(Self.maxDepth) levels (a cycle?)") }
        let page = try page(id)
        switch try page.flags {
        case BoltLayout.leafPage:
            try leaf(page, into: &bucket, last: &last, depth: depth)
        case BoltLayout.branchPage:
            for index in 0..<(try page.count) {
                let element = page.start + BoltLayout.pageHeaderSize + index * BoltLayout.branchElementSize
                let child = try reader.read(UInt64.self, at: element + 8)
                _ = try page.bytes(element, BoltLayout.branchElementSize)
                try collect(page: child, into: &bucket, last: &last, depth: depth + 1)
            }
        case let flags:
            throw .corrupt("page \(id) has flags \(flags), neither a branch's nor a leaf's")
        }
    }

    private func leaf(
        _ page: Page, into bucket: inout BoltBucket, last: inout [UInt8]?, depth: Int
    ) throws(BoltError) {
        for index in 0..<(try page.count) {
            let element = page.start + BoltLayout.pageHeaderSize + index * BoltLayout.leafElementSize
            let fields = try page.bytes(element, BoltLayout.leafElementSize)
            let values = ByteReader(bytes: Array(fields))
            let flags = try values.read(UInt32.self, at: 0)
            let position = Int(try values.read(UInt32.self, at: 4))
            let keySize = Int(try values.read(UInt32.self, at: 8))
            let valueSize = Int(try values.read(UInt32.self, at: 12))
            let key = Array(try page.bytes(element + position, keySize))
            let value = try page.bytes(element + position + keySize, valueSize)
            if let previous = last, !boltPrecedes(previous, key) {
                throw .corrupt("keys out of order in the page at offset \(page.start)")
            }
            last = key
            if flags & BoltLayout.bucketLeafFlag != 0 {
                bucket.children.append(BoltBucket.Child(name: key, bucket: try nested(value, depth: depth + 1)))
            } else {
                bucket.entries.append(BoltBucket.Entry(key: key, value: Array(value)))
            }
        }
    }
}
