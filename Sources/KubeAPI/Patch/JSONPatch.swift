/// An RFC 6902 JSON patch (`application/json-patch+json`), applied as kube-apiserver 1.32 applies it with
/// evanphx/json-patch v4.
///
/// Where v4 departs from the RFC this follows v4, since that is what clients of kube-apiserver see:
/// - `replace` of a missing object member adds it;
/// - negative array indices count from the end (`/items/-1` is the last item, `add` at `-1` appends);
/// - a missing `value` reads as `null`; `test` of a missing member against `null` succeeds, and `copy` from a
///   missing member copies `null`;
/// - only the text after a pointer's first `/` is read, so `a/b` means `/b`.
///
/// Failures carry v4's message and the Status kube-apiserver answers: 400 for a document that is not a list of
/// operations, 413 beyond `maximumOperations`, and a generic 422 for an operation that does not apply.
public struct JSONPatch: Sendable, Hashable {
    /// One operation.
    public struct Operation: Sendable, Hashable {
        /// `add`, `remove`, `replace`, `move`, `copy` or `test`; anything else fails when applied.
        public var op: String
        public var path: String?
        public var from: String?
        public var value: JSONValue

        public init(op: String, path: String? = nil, from: String? = nil, value: JSONValue = .null) {
            self.op = op
            self.path = path
            self.from = from
            self.value = value
        }
    }

    public var operations: [Operation]

    /// The most operations kube-apiserver applies from one patch (`maxJSONPatchOperations`).
    public static let maximumOperations = 10_000

    /// Reads a patch document: a list of operation objects (`null` is an empty patch). Members that are not
    /// strings read as absent, as v4 reads them.
    public init(document: JSONValue) throws(PatchError) {
        let items: [JSONValue]
        switch document {
        case .null: items = []
        case .array(let array): items = array
        default: throw .badRequest("json: cannot unmarshal \(document.typeName) into Go value of type jsonpatch.Patch")
        }
        var operations: [Operation] = []
        for item in items {
            guard item.objectValue != nil || item == .null else {
                throw .badRequest("json: cannot unmarshal \(item.typeName) into Go value of type jsonpatch.Operation")
            }
            operations.append(
                Operation(
                    op: item["op"]?.stringValue ?? "unknown", path: item["path"]?.stringValue,
                    from: item["from"]?.stringValue, value: item["value"] ?? .null))
        }
        guard operations.count <= Self.maximumOperations else {
            let detail = "The allowed maximum operations in a JSON patch is \(Self.maximumOperations), got \(operations.count)"
            throw PatchError(
                message: detail,
                status: StatusError(code: 413, reason: "RequestEntityTooLarge", message: "Request entity too large: \(detail)"))
        }
        self.operations = operations
    }

    /// Applies the operations in order to an object (or array); the first that fails fails the whole patch.
    public func apply(to document: JSONValue) throws(PatchError) -> JSONValue {
        guard document.objectValue != nil || document.arrayValue != nil else {
            throw .unprocessable("json: cannot unmarshal \(document.typeName) into Go value of type jsonpatch.partialDoc")
        }
        var document = document
        for operation in operations {
            try operation.apply(to: &document)
        }
        return document
    }
}

extension JSONPatch.Operation {
    fileprivate func apply(to document: inout JSONValue) throws(PatchError) {
        switch op {
        case "add":
            let target = try Pointer(path, "add operation failed to decode path")
            try Self.atParent(of: target.tokens, in: &document, missing: "add operation does not apply: doc is missing path: \"\(target)\"") {
                (container, key) throws(PatchError) in
                try Self.add(value, at: key, in: &container, failure: "error in add for path: '\(target)'")
            }
        case "remove":
            let target = try Pointer(path, "remove operation failed to decode path")
            try Self.atParent(of: target.tokens, in: &document, missing: "remove operation does not apply: doc is missing path: \"\(target)\"") {
                (container, key) throws(PatchError) in
                try Self.remove(at: key, in: &container, failure: "error in remove for path: '\(target)'")
            }
        case "replace":
            let target = try Pointer(path, "replace operation failed to decode path: operation missing path field")
            if target.text.isEmpty {
                guard value.objectValue != nil || value.arrayValue != nil else {
                    throw .unprocessable("replace operation value must be object or array")
                }
                document = value
                return
            }
            try Self.atParent(of: target.tokens, in: &document, missing: "replace operation does not apply: doc is missing path: \(target)") {
                (container, key) throws(PatchError) in
                do {
                    _ = try Self.value(at: key, in: container)
                } catch {
                    throw .unprocessable("replace operation does not apply: doc is missing key: \(target): \(Self.missing)")
                }
                Self.set(value, at: key, in: &container)
            }
        case "move":
            let source = try Pointer(from, "move operation failed to decode from: operation, missing from field")
            let moved = try Self.atParent(of: source.tokens, in: &document, missing: "move operation does not apply: doc is missing from path: \(source)") {
                (container, key) throws(PatchError) in
                let moved = try Self.value(at: key, in: container, failure: "error in move for path: '\(key)'")
                try Self.remove(at: key, in: &container, failure: "error in move for path: '\(key)'")
                return moved ?? .null
            }
            let target = try Pointer(path, "move operation failed to decode path: operation missing path field")
            try Self.atParent(of: target.tokens, in: &document, missing: "move operation does not apply: doc is missing destination path: \(target)") {
                (container, key) throws(PatchError) in
                try Self.add(moved, at: key, in: &container, failure: "error in move for path: '\(target)'")
            }
        case "copy":
            let source = try Pointer(from, "copy operation failed to decode from: operation, missing from field")
            let copied = try Self.atParent(of: source.tokens, in: &document, missing: "copy operation does not apply: doc is missing from path: \(source)") {
                (container, key) throws(PatchError) in
                try Self.value(at: key, in: container, failure: "error in copy for from: '\(source)'") ?? .null
            }
            let target = try Pointer(path, "copy operation failed to decode path")
            try Self.atParent(of: target.tokens, in: &document, missing: "copy operation does not apply: doc is missing destination path: \(target)") {
                (container, key) throws(PatchError) in
                try Self.add(copied, at: key, in: &container, failure: "error while adding value during copy")
            }
        case "test":
            let target = try Pointer(path, "test operation failed to decode path: operation missing path field")
            let failed = PatchError.unprocessable("testing value \(target) failed: test failed")
            if target.text.isEmpty {
                guard document == value else { throw failed }
                return
            }
            try Self.atParent(of: target.tokens, in: &document, missing: "test operation does not apply: is missing path: \(target)") {
                (container, key) throws(PatchError) in
                let actual = try Self.value(at: key, in: container, failure: "error in test for path: '\(target)'") ?? .null
                guard actual == value else { throw failed }
            }
        default:
            throw .unprocessable("Unexpected kind: \(op)")
        }
    }

    private static let missing = "missing value"

    /// A JSON pointer as v4 reads it.
    private struct Pointer: CustomStringConvertible {
        var text: String
        /// The reference tokens after the first `/`, unescaped (`~1` is `/`, `~0` is `~`); nil without a `/`,
        /// which v4 cannot resolve.
        var tokens: ArraySlice<String>?

        /// - Throws: `failure` when the operation has no such member.
        init(_ pointer: String?, _ failure: String) throws(PatchError) {
            guard let pointer else { throw .unprocessable("\(failure): \(JSONPatch.Operation.missing)") }
            text = pointer
            let parts = pointer.split(separator: "/", omittingEmptySubsequences: false)
            tokens = parts.count < 2 ? nil : parts.dropFirst().map { Self.unescape(String($0)) }[...]
        }

        var description: String { text }

        private static func unescape(_ token: String) -> String {
            guard token.contains("~") else { return token }
            var output = ""
            var escaping = false
            for character in token {
                if escaping {
                    switch character {
                    case "1": output += "/"
                    case "0": output += "~"
                    case "~": output += "~"
                    default: output += "~\(character)"
                    }
                    escaping = character == "~"
                } else if character == "~" {
                    escaping = true
                } else {
                    output.append(character)
                }
            }
            return escaping ? output + "~" : output
        }
    }

    /// Runs `body` on the object or array holding the pointer's last token (v4's `findObject`); fails with
    /// `missing` when a token on the way is absent, null, a scalar or a bad index.
    @discardableResult
    private static func atParent<Result>(
        of tokens: ArraySlice<String>?, in node: inout JSONValue, missing: String,
        _ body: (inout JSONValue, String) throws(PatchError) -> Result
    ) throws(PatchError) -> Result {
        guard let tokens, let key = tokens.first else { throw .unprocessable("\(missing): \(Self.missing)") }
        if tokens.count == 1 { return try body(&node, key) }
        guard var child = try? value(at: key, in: node), child.objectValue != nil || child.arrayValue != nil else {
            throw .unprocessable("\(missing): \(Self.missing)")
        }
        let result = try atParent(of: tokens.dropFirst(), in: &child, missing: missing, body)
        set(child, at: key, in: &node)
        return result
    }

    // MARK: - v4's container operations, on an object or an array

    /// A member (nil when absent or null) or an item; a bad index fails, prefixed by `failure`.
    private static func value(at key: String, in container: JSONValue, failure: String? = nil) throws(PatchError)
        -> JSONValue?
    {
        guard let items = container.arrayValue else { return container[key].flatMap { $0 == .null ? nil : $0 } }
        let prefix = failure.map { "\($0): " } ?? ""
        guard let offset = Int(key) else { throw .unprocessable(prefix + atoiFailure(key)) }
        let index = offset < 0 ? offset + items.count : offset
        guard offset >= -items.count, index < items.count else {
            throw .unprocessable(prefix + invalidIndex(offset < -items.count ? offset : index))
        }
        return items[index]
    }

    /// Replaces a member or an existing item.
    private static func set(_ value: JSONValue, at key: String, in container: inout JSONValue) {
        if case .object(var fields) = container {
            fields[key] = value
            container = .object(fields)
        } else if case .array(var items) = container, let offset = Int(key) {
            items[offset < 0 ? offset + items.count : offset] = value
            container = .array(items)
        }
    }

    private static func add(_ value: JSONValue, at key: String, in container: inout JSONValue, failure: String)
        throws(PatchError)
    {
        guard case .array(var items) = container else {
            set(value, at: key, in: &container)
            return
        }
        if key == "-" {
            items.append(value)
        } else {
            guard let offset = Int(key) else {
                throw .unprocessable("\(failure): value was not a proper array index: '\(key)': \(atoiFailure(key))")
            }
            let size = items.count + 1
            guard offset < size, offset >= -size else { throw .unprocessable("\(failure): \(invalidIndex(offset))") }
            items.insert(value, at: offset < 0 ? offset + size : offset)
        }
        container = .array(items)
    }

    private static func remove(at key: String, in container: inout JSONValue, failure: String) throws(PatchError) {
        switch container {
        case .object(var fields):
            guard fields.removeValue(forKey: key) != nil else {
                throw .unprocessable("\(failure): Unable to remove nonexistent key: \(key): \(missing)")
            }
            container = .object(fields)
        case .array(var items):
            guard let offset = Int(key) else { throw .unprocessable("\(failure): \(atoiFailure(key))") }
            guard offset < items.count, offset >= -items.count else {
                throw .unprocessable("\(failure): \(invalidIndex(offset))")
            }
            items.remove(at: offset < 0 ? offset + items.count : offset)
            container = .array(items)
        default: break
        }
    }

    private static func invalidIndex(_ offset: Int) -> String {
        "Unable to access invalid index: \(offset): invalid index referenced"
    }

    private static func atoiFailure(_ key: String) -> String { "strconv.Atoi: parsing \"\(key)\": invalid syntax" }
}
