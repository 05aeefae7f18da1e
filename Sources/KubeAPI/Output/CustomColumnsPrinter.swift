/// `kubectl get -o custom-columns=NAME:.metadata.name,IMAGES:.spec.containers[*].image` (kubectl
/// `pkg/cmd/get/customcolumn.go`): one column per `HEADER:path`, each cell the path's results joined with
/// commas, Go's `%v` for objects and arrays (`map[app:web]`, `[a b]`), `<none>` when the path finds nothing.
public struct CustomColumnsPrinter: Sendable {
    public struct Column: Sendable, Equatable {
        public var header: String
        /// The normalized template, e.g. `{.metadata.name}`.
        public var fieldSpec: String
    }

    /// Why a column spec was rejected, with kubectl's message.
    public struct SpecError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public let columns: [Column]
    public var noHeaders: Bool
    private let paths: [JSONPathExpression]

    /// Parses a spec such as `NAME:.metadata.name,IMG:spec.containers[*].image`; each path may be written
    /// `a.b`, `.a.b`, `{a.b}` or `{.a.b}`.
    /// - Throws: ``SpecError``, e.g. `unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>`,
    ///   or the JSONPath parser's message (`unterminated array`).
    public init(spec: String, noHeaders: Bool = false) throws(SpecError) {
        guard !spec.isEmpty else {
            throw SpecError(description: "custom-columns format specified but no custom columns given")
        }
        var columns: [Column] = []
        for part in spec.split(separator: ",", omittingEmptySubsequences: false) {
            guard let colon = part.firstIndex(of: ":") else {
                throw SpecError(
                    description: "unexpected custom-columns spec: \(part), expected <header>:<json-path-expr>")
            }
            let fieldSpec = try Self.relaxedPath(String(part[part.index(after: colon)...]))
            columns.append(Column(header: String(part[..<colon]), fieldSpec: fieldSpec))
        }
        var paths: [JSONPathExpression] = []
        for column in columns {
            do throws(JSONPathError) {
                paths.append(try JSONPathExpression(column.fieldSpec))
            } catch {
                throw SpecError(description: error.reason)
            }
        }
        self.columns = columns
        self.noHeaders = noHeaders
        self.paths = paths
    }

    /// kubectl's `RelaxedJSONPathExpression`: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}`.
    static func relaxedPath(_ path: String) throws(SpecError) -> String {
        guard !path.isEmpty else { return path }
        var body = Substring(path)
        if path.count >= 2, path.hasPrefix("{"), path.hasSuffix("}") { body = body.dropFirst().dropLast() }
        if body.count > 1, body.hasPrefix(".") { body = body.dropFirst() }
        guard !body.isEmpty, !body.contains("{"), !body.contains("}") else {
            throw SpecError(
                description:
                    "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
            )
        }
        return "{.\(body)}"
    }

    /// The aligned table for the objects (the items of a list, or one object): the header line, then one
    /// line per object. With no objects, only the header.
    /// - Throws: ``SpecError`` with the JSONPath engine's message when a path fails on an object, e.g.
    ///   `array index out of bounds: index 5, length 2`.
    public func print(_ objects: [JSONValue]) throws(SpecError) -> String {
        var output = noHeaders ? "" : columns.map(\.header).joined(separator: "\t") + "\n"
        for object in objects {
            var cells: [String] = []
            for path in paths {
                let results: [[JSONValue]]
                do throws(JSONPathError) {
                    results = try path.findResults(in: object)
                } catch {
                    throw SpecError(description: error.reason)
                }
                var values = results.first?.isEmpty ?? true ? ["<none>"] : []
                values += results.joined().map { HumanReadablePrinter.escapeTerminal(GoFormat.value($0)) }
                cells.append(values.joined(separator: ","))
            }
            output += cells.joined(separator: "\t") + "\n"
        }
        return TabWriter.align(output)
    }
}
