import Foundation
import Yams

extension JSONValue {
    /// Parses a stream of YAML (or JSON) documents; empty documents (a trailing `---`, comments only) are
    /// skipped, as kubectl skips them. Scalars resolve as Kubernetes' YAML reader does (YAML 1.1 core types).
    /// Documents whose aliases expand excessively are refused before any is composed (`YAMLAliasBudget`).
    /// With `yaml12Booleans`, only `true` and `false` are booleans (YAML 1.2, as kustomize reads), `yes`, `on`
    /// and the like stay strings.
    public static func parseYAMLDocuments(_ text: String, yaml12Booleans: Bool = false) throws -> [JSONValue] {
        do {
            try YAMLAliasBudget.check(text)
            // Yams' lazy compose_all stops quietly at a syntax error; the parser reports it.
            let parser = try Parser(yaml: text)
            var documents: [JSONValue] = []
            while let node = try parser.nextRoot() {
                let value = try JSONValue(yaml: node, yaml12Booleans: yaml12Booleans)
                if value != .null { documents.append(value) }
            }
            return documents
        } catch let error as ParseError {
            throw error
        } catch {
            throw ParseError(message: "\(error)")
        }
    }

    init(yaml node: Node, yaml12Booleans: Bool = false) throws {
        switch node {
        case .scalar(let scalar):
            self = try Self.resolve(scalar, yaml12Booleans: yaml12Booleans)
        case .sequence(let sequence):
            self = .array(try sequence.map { try JSONValue(yaml: $0, yaml12Booleans: yaml12Booleans) })
        case .mapping(let mapping):
            var fields: [String: JSONValue] = [:]
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ParseError(message: "a mapping key must be a scalar, found \(key)")
                }
                fields[keyScalar.string] = try JSONValue(yaml: value, yaml12Booleans: yaml12Booleans)
            }
            self = .object(fields)
        case .alias:
            throw ParseError(message: "YAML aliases are not supported")
        }
    }

    private static func resolve(_ scalar: Node.Scalar, yaml12Booleans: Bool) throws -> JSONValue {
        // Quoted scalars are always strings; plain ones resolve by their content.
        guard scalar.style == .plain else { return .string(scalar.string) }
        let tag = scalar.tag.rawValue.isEmpty || scalar.tag.rawValue == "!"
            ? Resolver.default.resolveTag(of: .scalar(scalar)) : Tag.Name(rawValue: scalar.tag.rawValue)
        switch tag {
        case .null: return .null
        case .bool:
            if yaml12Booleans && !["true", "false"].contains(scalar.string.lowercased()) { return .string(scalar.string) }
            return .bool(Bool.construct(from: scalar) ?? false)
        case .int:
            if let number = Int64(scalar.string) { return .int(number) }
            if let number = Int.construct(from: scalar) { return .int(Int64(number)) }
            return .string(scalar.string)
        case .float:
            guard let number = Double.construct(from: scalar) else { return .string(scalar.string) }
            if number.isFinite { return .double(number) }
            // As sigs.k8s.io/yaml: a number past float64's range stays a string; `.inf` and `.nan` have no JSON.
            guard scalar.string.lowercased().contains("inf") || scalar.string.lowercased().contains("nan") else {
                return .string(scalar.string)
            }
            throw ParseError(message: "json: unsupported value: \(number.isNaN ? "NaN" : number > 0 ? "+Inf" : "-Inf")")
        default: return .string(scalar.string)
        }
    }

    /// YAML as kubectl prints it: block style, keys sorted, sequences not indented under their key; long plain
    /// strings folded at `width` columns when one is given (kustomize's output folds at 80).
    public func yamlString(width: Int = -1) -> String {
        let node = yamlNode()
        return (try? Yams.serialize(node: node, indent: 2, width: width, allowUnicode: true, sortKeys: true)) ?? ""
    }

    private func yamlNode() -> Node {
        switch self {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(JSONValue.double(number).jsonString(), Tag(.float))
        case .string(let text):
            // go-yaml writes a multi-line string as a literal block (falling back to quotes where one cannot be).
            if text.contains("\n") { return Node(text, Tag(.str), .literal) }
            return Node(text, Tag(.str), Self.needsQuotes(text) ? .doubleQuoted : .any)
        case .array(let items): return Node(items.map { $0.yamlNode() })
        case .object(let fields):
            return Node(fields.keys.sorted().map {
                (Node($0, Tag(.str), Self.needsQuotes($0) ? .doubleQuoted : .any), fields[$0]!.yamlNode())
            })
        }
    }

    /// Whether a plain scalar would read back as something other than this string (go-yaml also quotes YAML 1.1's
    /// one-letter booleans, `y` and `n`).
    private static func needsQuotes(_ text: String) -> Bool {
        if text.isEmpty || ["y", "Y", "n", "N"].contains(text) { return true }
        let scalar = Node.Scalar(text)
        return Resolver.default.resolveTag(of: .scalar(scalar)) != Tag.Name.str
    }
}
