/// Lenient readers for validation and defaulting: a missing, null or mistyped field reads as Go's zero value,
/// as it would after decoding into the typed struct.
extension JSONValue {
    /// The string field `key`, or "".
    func text(_ key: String) -> String {
        self[key]?.stringValue ?? ""
    }

    /// The integer field `key`, or nil when absent.
    func integer(_ key: String) -> Int64? {
        self[key]?.intValue
    }

    /// The list field `key`, or an empty list.
    func list(_ key: String) -> [JSONValue] {
        self[key]?.arrayValue ?? []
    }

    /// The string-list field `key`, or an empty list.
    func texts(_ key: String) -> [String] {
        list(key).compactMap(\.stringValue)
    }

    /// The string-map field `key`; nil when absent or null.
    func textMap(_ key: String) -> [String: String]? {
        self[key]?.objectValue?.compactMapValues(\.stringValue)
    }

    /// Whether the field `key` is present and not null (a non-nil pointer in Go).
    func has(_ key: String) -> Bool {
        if let value = self[key], !value.isNull { return true }
        return false
    }

    /// The object field `key`, or an empty object.
    func object(_ key: String) -> JSONValue {
        if let value = self[key], value.objectValue != nil { return value }
        return .emptyObject
    }
}
