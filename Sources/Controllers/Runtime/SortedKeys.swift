/// Object keys kept in key order as they come and go, so an index reads back in order without sorting.
struct SortedKeys: Sendable {
    private(set) var keys: [ObjectKey] = []

    var isEmpty: Bool { keys.isEmpty }

    mutating func insert(_ key: ObjectKey) {
        let index = position(of: key)
        if index < keys.count && keys[index] == key { return }
        keys.insert(key, at: index)
    }

    mutating func remove(_ key: ObjectKey) {
        let index = position(of: key)
        if index < keys.count && keys[index] == key { keys.remove(at: index) }
    }

    /// The first index whose key is not below `key`.
    private func position(of key: ObjectKey) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let middle = (low + high) / 2
            if keys[middle] < key { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
