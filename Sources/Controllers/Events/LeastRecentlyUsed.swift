/// A map that holds at most `capacity` entries, dropping the least recently used (the LRU caches client-go's
/// event correlator keeps, 4,096 entries each).
struct LeastRecentlyUsed<Value> {
    private struct Entry {
        var value: Value
        var newer: String?
        var older: String?
    }

    let capacity: Int
    private var entries: [String: Entry] = [:]
    private var newest: String?
    private var oldest: String?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// The value for `key`, which becomes the most recently used.
    mutating func get(_ key: String) -> Value? {
        guard let entry = entries[key] else { return nil }
        unlink(key)
        link(key, entry.value)
        return entry.value
    }

    /// Sets the value for `key` as the most recently used, dropping the least recently used beyond capacity.
    mutating func set(_ key: String, _ value: Value) {
        if entries[key] != nil { unlink(key) }
        link(key, value)
        if entries.count > capacity, let oldest { unlink(oldest) }
    }

    private mutating func link(_ key: String, _ value: Value) {
        entries[key] = Entry(value: value, newer: nil, older: newest)
        if let newest { entries[newest]?.newer = key }
        newest = key
        if oldest == nil { oldest = key }
    }

    private mutating func unlink(_ key: String) {
        guard let entry = entries.removeValue(forKey: key) else { return }
        if let newer = entry.newer { entries[newer]?.older = entry.older } else { newest = entry.older }
        if let older = entry.older { entries[older]?.newer = entry.newer } else { oldest = entry.newer }
    }
}
