/// Writes a bbolt database file bottom-up, with no copy-on-write machinery: each bucket's leaves first, then
/// the branch levels above them, nested buckets before the bucket that holds them, and last the freelist and
/// the two meta pages.
///
/// Layout: pages 0 and 1 are the metas, page 2 an empty freelist, the data from page 3 on; every page below
/// the high-water mark is reachable, so bbolt's `tx.Check` (which `etcdctl snapshot status` runs) passes.
/// Nested buckets are always written as pages (never inline); bbolt reads either.
public struct BoltWriter: Sendable {
    public let pageSize: Int

    public init(pageSize: Int = 4096) { self.pageSize = pageSize }

    /// The database file holding `root`'s buckets and keys at the top level, as of transaction `txid`.
    public func write(_ root: BoltBucket, txid: UInt64 = 2) -> [UInt8] {
        var file = PageFile(pageSize: pageSize)
        let rootPage = file.writeBucket(root)
        var writer = ByteWriter(count: 0)
        swap(&writer.bytes, &file.bytes)
        // The freelist: no free pages.
        writer.put(UInt64(2), at: 2 * pageSize)
        writer.put(BoltLayout.freelistPage, at: 2 * pageSize + 8)
        for page in 0..<2 {
            BoltMeta(
                pageSize: UInt32(pageSize), root: rootPage, freelist: 2, highWater: file.nextID,
                txid: txid + UInt64(page)
            ).write(into: &writer, page: UInt64(page))
        }
        return writer.bytes
    }
}

/// The file being written: pages are appended in id order.
private struct PageFile {
    let pageSize: Int
    var bytes: [UInt8]
    /// The id the next page written gets; in the end, the high-water mark.
    var nextID: UInt64 = 3

    init(pageSize: Int) {
        self.pageSize = pageSize
        bytes = [UInt8](repeating: 0, count: 3 * pageSize)
    }

    /// One element of a node: its key, and a leaf's flags and value.
    private struct Item {
        var key: [UInt8]
        var value: [UInt8] = []
        var flags: UInt32 = 0
        var child: UInt64 = 0
    }

    /// Writes `bucket` (and its nested buckets) and returns its root page.
    mutating func writeBucket(_ bucket: BoltBucket) -> UInt64 {
        var items = bucket.entries.map { Item(key: $0.key, value: $0.value) }
        for child in bucket.children {
            var header = ByteWriter(count: BoltLayout.bucketHeaderSize)
            header.put(writeBucket(child.bucket), at: 0)
            items.append(Item(key: child.name, value: header.bytes, flags: BoltLayout.bucketLeafFlag))
        }
        items.sort { boltPrecedes($0.key, $1.key) }
        var level = chunks(items, elementSize: { BoltLayout.leafElementSize + $0.key.count + $0.value.count })
            .map { Item(key: $0.first?.key ?? [], child: writeNode($0, flags: BoltLayout.leafPage)) }
        while level.count > 1 {
            level = chunks(level, elementSize: { BoltLayout.branchElementSize + $0.key.count })
                .map { Item(key: $0[0].key, child: writeNode($0, flags: BoltLayout.branchPage)) }
        }
        return level[0].child
    }

    /// Splits `items` into nodes that each fit a page where they can (a lone large element overflows); always
    /// at least one node.
    private func chunks(_ items: [Item], elementSize: (Item) -> Int) -> [[Item]] {
        var result: [[Item]] = []
        var current: [Item] = []
        var size = BoltLayout.pageHeaderSize
        for item in items {
            let added = elementSize(item)
            if !current.isEmpty && size + added > pageSize {
                result.append(current)
                current = []
                size = BoltLayout.pageHeaderSize
            }
            current.append(item)
            size += added
        }
        result.append(current)
        return result
    }

    /// Appends a leaf or branch node, spanning as many pages as it needs, and returns its page id.
    private mutating func writeNode(_ items: [Item], flags: UInt16) -> UInt64 {
        let isLeaf = flags == BoltLayout.leafPage
        let elementSize = isLeaf ? BoltLayout.leafElementSize : BoltLayout.branchElementSize
        let dataSize = items.reduce(0) { $0 + $1.key.count + (isLeaf ? $1.value.count : 0) }
        let size = BoltLayout.pageHeaderSize + items.count * elementSize + dataSize
        let pages = max(1, (size + pageSize - 1) / pageSize)
        let id = nextID
        nextID += UInt64(pages)
        var node = ByteWriter(count: pages * pageSize)
        node.put(id, at: 0)
        node.put(flags, at: 8)
        node.put(UInt16(items.count), at: 10)
        node.put(UInt32(pages - 1), at: 12)
        var data = BoltLayout.pageHeaderSize + items.count * elementSize
        for (index, item) in items.enumerated() {
            let element = BoltLayout.pageHeaderSize + index * elementSize
            if isLeaf {
                node.put(item.flags, at: element)
                node.put(UInt32(data - element), at: element + 4)
                node.put(UInt32(item.key.count), at: element + 8)
                node.put(UInt32(item.value.count), at: element + 12)
            } else {
                node.put(UInt32(data - element), at: element)
                node.put(UInt32(item.key.count), at: element + 4)
                node.put(item.child, at: element + 8)
            }
            node.put(item.key, at: data)
            data += item.key.count
            if isLeaf {
                node.put(item.value, at: data)
                data += item.value.count
            }
        }
        bytes.append(contentsOf: node.bytes)
        return id
    }
}
