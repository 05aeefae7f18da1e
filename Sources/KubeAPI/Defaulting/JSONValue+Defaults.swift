/// Setting defaults in JSON the way the v1 defaulters set Go fields.
extension JSONValue {
    /// Sets `key` to `value` when it is absent, null or, for string defaults, empty (Go's zero value).
    mutating func setDefault(_ key: String, _ value: JSONValue) {
        switch self[key] {
        case nil, .null?: self[key] = value
        case .string("")? where value.stringValue != nil: self[key] = value
        default: break
        }
    }

    /// Applies `body` to the object at `key`, creating it when `create` is set; otherwise only when present.
    mutating func update(_ key: String, create: Bool = false, _ body: (inout JSONValue) -> Void) {
        guard var child = self[key], child.objectValue != nil else {
            guard create else { return }
            var child = JSONValue.emptyObject
            body(&child)
            self[key] = child
            return
        }
        body(&child)
        self[key] = child
    }

    /// Applies `body` to each element of the list at `key`.
    mutating func updateEach(_ key: String, _ body: (inout JSONValue) -> Void) {
        guard var items = self[key]?.arrayValue else { return }
        for index in items.indices where items[index].objectValue != nil {
            body(&items[index])
        }
        self[key] = .array(items)
    }
}
