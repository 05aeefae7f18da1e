extension JSONValue {
    /// How many containers (objects and arrays) nest at the deepest point: 0 for a scalar. Counted without
    /// recursion, so any value can be measured.
    public var nestingDepth: Int {
        var deepest = 0
        var pending: [(value: JSONValue, depth: Int)] = [(self, 0)]
        while let (value, depth) = pending.popLast() {
            switch value {
            case .array(let items):
                deepest = max(deepest, depth + 1)
                pending += items.map { ($0, depth + 1) }
            case .object(let fields):
                deepest = max(deepest, depth + 1)
                pending += fields.values.map { ($0, depth + 1) }
            default: deepest = max(deepest, depth)
            }
        }
        return deepest
    }
}
