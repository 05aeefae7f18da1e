/// A request's query parameters, decoded as Go's `url.ParseQuery` does (`+` is a space, `%XX` a byte).
struct QueryParameters: Sendable {
    private var values: [String: [String]] = [:]

    init(_ query: String?) {
        guard let query else { return }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            values[key, default: []].append(parts.count > 1 ? Self.decode(parts[1]) : "")
        }
    }

    /// Parameters given as decoded name-value pairs (a request made in process).
    init(pairs: [(String, String)]) {
        for (name, value) in pairs { values[name, default: []].append(value) }
    }

    subscript(_ name: String) -> String? { values[name]?.first }

    /// All values given for a parameter (`dryRun=All&dryRun=All`).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// A boolean parameter: `true`, `1` and an empty value are true, as apimachinery's converter takes them.
    func flag(_ name: String) -> Bool {
        guard let value = self[name] else { return false }
        return value.isEmpty || value == "true" || value == "1"
    }

    private static func decode(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                if let high = iterator.next(), let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) {
                    bytes.append(value)
                } else {
                    bytes.append(byte)
                }
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
