/// A kubectl JSONPath template (`-o jsonpath=...`, custom columns, CRD printer columns), parsed once and run
/// on JSON values with the output and errors of kubectl 1.32 (client-go `util/jsonpath`):
///
/// ```swift
/// let path = try JSONPathExpression(#"{range .items[*]}{.metadata.name}{"\n"}{end}"#)
/// let text = try path.execute(on: list)   // "web\ndb\n"
/// ```
///
/// Each `{...}` prints its results separated by spaces: strings raw, numbers and booleans as Go prints
/// them, `null`, and objects and arrays as compact JSON. Text outside braces is printed as is.
public struct JSONPathExpression: Sendable {
    /// The template as written.
    public let template: String
    private let nodes: [JSONPathNode]

    /// Parses a template.
    /// - Throws: ``JSONPathError`` at stage `.parsing`, e.g. `unclosed action`.
    public init(_ template: String) throws(JSONPathError) {
        self.template = template
        do throws(JSONPathParser.Failure) {
            nodes = try JSONPathParser.parse(template)
        } catch {
            throw JSONPathError(stage: .parsing, template: template, reason: error.reason)
        }
    }

    /// The results of each top-level piece of the template: one list per `{...}` (per iteration inside
    /// `range`) and per piece of text.
    /// - Parameter allowMissingKeys: kubectl's `--allow-missing-template-keys` (default true); when false a
    ///   missing field is an error (`nosuch is not found`).
    public func findResults(in value: JSONValue, allowMissingKeys: Bool = true) throws(JSONPathError) -> [[JSONValue]] {
        var evaluator = JSONPathEvaluator(nodes: nodes, allowMissingKeys: allowMissingKeys)
        do throws(JSONPathEvaluator.Failure) {
            return try evaluator.findResults(value)
        } catch {
            throw JSONPathError(stage: .executing, template: template, reason: error.reason, object: value)
        }
    }

    /// The text kubectl prints for `value`; with `asJSON` (`-o jsonpath-as-json`), each piece's results as an
    /// indented JSON array on its own lines.
    public func execute(on value: JSONValue, allowMissingKeys: Bool = true, asJSON: Bool = false) throws(JSONPathError)
        -> String
    {
        try findResults(in: value, allowMissingKeys: allowMissingKeys).map { results in
            asJSON ? JSONValue.array(results).prettyJSONString() + "\n" : Self.text(of: results)
        }.joined()
    }

    /// Results as one piece of jsonpath output: space-separated, strings raw, containers as compact JSON.
    public static func text(of results: [JSONValue]) -> String {
        results.map { value in
            switch value {
            case .object, .array: value.jsonString()
            case .string(let text): text
            case .null: "null"
            case .bool, .int, .double: GoFormat.value(value)
            }
        }.joined(separator: " ")
    }
}
