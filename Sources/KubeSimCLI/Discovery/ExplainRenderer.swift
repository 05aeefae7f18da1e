import Foundation
import KubeAPI

/// kubectl 1.32's `plaintext` explain output of an OpenAPI v3 document (kubectl `pkg/explain/v2/templates/
/// plaintext.tmpl`), step for step: the kind found through the resource's paths, its schema found by
/// `x-kubernetes-group-version-kind`, the field path followed through `$ref`, `allOf`, `items` and maps, and
/// descriptions wrapped as `github.com/mitchellh/go-wordwrap` wraps them.
struct ExplainRenderer {
    let document: JSONValue
    let recursive: Bool

    /// An explain failure, printed as it is (the template's messages carry their own `error: `), after what the
    /// template had written when it failed (the kind's header, for a field that does not exist).
    struct Failure: Error {
        var message: String
        var written = ""
    }

    /// The explanation of `fieldPath` in the resource `plural` of `group`/`version`.
    func render(group: String, version: String, plural: String, fieldPath: [String]) throws -> String {
        let prefix = group.isEmpty ? "/api" : "/apis/\(group)"
        let searchPaths = [
            "\(prefix)/\(version)/\(plural)", "\(prefix)/\(version)/\(plural)/{name}",
            "\(prefix)/\(version)/namespaces/{namespace}/\(plural)", "\(prefix)/\(version)/namespaces/{namespace}/\(plural)/{name}",
        ]
        var gvk: JSONValue?
        for path in searchPaths {
            guard let element = document["paths"]?[path], Self.truthy(element) else { continue }
            for method in ["get", "post", "put", "patch", "delete"] {
                guard let operation = element[method], Self.truthy(operation) else { continue }
                gvk = operation["x-kubernetes-group-version-kind"]
                if Self.truthy(gvk) { break }
            }
        }
        guard let gvk, Self.truthy(gvk) else {
            throw Failure(message: "error: GVR (\(group)/\(version), Resource=\(plural)) not found in OpenAPI schema")
        }
        var text = ""
        if let kindGroup = gvk["group"]?.stringValue, !kindGroup.isEmpty { text += "GROUP:      \(kindGroup)\n" }
        text += "KIND:       \(gvk["kind"]?.stringValue ?? "")\nVERSION:    \(gvk["version"]?.stringValue ?? "")\n\n"
        let body: String
        do { body = try schema(gvk, fieldPath: fieldPath) } catch var failure as Failure {
            failure.written = text
            throw failure
        }
        guard !body.isEmpty else {
            let description = ["group", "kind", "version"].map { "\($0):\(gvk[$0]?.stringValue ?? "")" }.joined(separator: " ")
            throw Failure(message: "error: GVK map[\(description)] not found in OpenAPI schema")
        }
        return text + body + "\n"
    }

    private func schema(_ gvk: JSONValue, fieldPath: [String]) throws -> String {
        let schemas = document[["components", "schemas"]]?.objectValue ?? [:]
        for name in schemas.keys.sorted() {
            let candidate = schemas[name]!
            guard candidate["x-kubernetes-group-version-kind"]?.arrayValue?.contains(gvk) ?? false else { continue }
            let body = output(candidate, history: [], fieldPath: fieldPath[...])
            guard !body.isEmpty else { throw Failure(message: "error: field \"\(fieldPath.last ?? "")\" does not exist") }
            return body
        }
        return ""
    }

    /// The template's `output`: follows the field path, then prints the schema's description and fields.
    private func output(_ schema: JSONValue, history: Set<String>, fieldPath: ArraySlice<String>) -> String {
        let reference = schema["$ref"]?.stringValue ?? ""
        let next = history.union([reference])
        let resolved = resolve(reference) ?? schema
        guard let first = fieldPath.first else {
            let description = self.description(resolved)
            var text = "DESCRIPTION:\n" + Self.indent(4, Self.wrap(76, description.isEmpty ? "<empty>" : description)) + "\n"
            let fields = fieldList(resolved, level: 1, history: [])
            if !fields.isEmpty { text += "FIELDS:\n" + fields }
            return text
        }
        if !reference.isEmpty && history.contains(reference) { return "" }
        if let subschema = resolved["properties"]?[first], Self.truthy(subschema) {
            var text = ""
            if fieldPath.count == 1 {
                text += "FIELD: \(first) <\(typeGuess(subschema))>\n" + extractEnum(subschema, long: true, limit: -1, indent: 0) + "\n\n"
            }
            return text + output(subschema, history: [], fieldPath: fieldPath.dropFirst())
        }
        if let items = resolved["items"], Self.truthy(items) { return output(items, history: next, fieldPath: fieldPath) }
        if let map = Self.mapValues(resolved) { return output(map, history: next, fieldPath: fieldPath) }
        for alternative in resolved["allOf"]?.arrayValue ?? [] {
            let text = output(alternative, history: next, fieldPath: fieldPath)
            if !text.isEmpty { return text }
        }
        return ""
    }

    /// The template's `fieldList`: each property (sorted by name) with its description, or with `--recursive`
    /// one line each with the fields under it indented.
    private func fieldList(_ schema: JSONValue, level: Int, history: Set<String>) -> String {
        let reference = schema["$ref"]?.stringValue ?? ""
        if !reference.isEmpty && history.contains(reference) { return "" }
        let next = history.union([reference])
        let resolved = resolve(reference) ?? schema
        var text = ""
        let properties = resolved["properties"]?.objectValue ?? [:]
        for name in properties.keys.sorted() {
            text += fieldDetail(name, parent: resolved, level: level)
            if recursive { text += fieldList(properties[name]!, level: level + 1, history: next) }
        }
        for alternative in resolved["allOf"]?.arrayValue ?? [] { text += fieldList(alternative, level: level, history: next) }
        if let items = resolved["items"], Self.truthy(items) { text += fieldList(items, level: level, history: next) }
        if let map = Self.mapValues(resolved) { text += fieldList(map, level: level, history: next) }
        return text
    }

    private func fieldDetail(_ name: String, parent: JSONValue, level: Int) -> String {
        let indentAmount = level * 2
        let field = parent["properties"]?[name] ?? .emptyObject
        var text = Self.indent(indentAmount, name) + "\t<\(typeGuess(field))>"
        if parent["required"]?.arrayValue?.contains(.string(name)) ?? false { text += " -required-" }
        text += extractEnum(field, long: false, limit: 4, indent: indentAmount) + "\n"
        if !recursive {
            let description = field["description"]?.stringValue ?? ""
            text += Self.indent(indentAmount + 2, Self.wrap(78 - indentAmount, description.isEmpty ? "<no description>" : description)) + "\n\n"
        }
        return text
    }

    /// The template's `description`: the schema's (or its reference's) description, then those of its `allOf`
    /// alternatives, items and map values, each ending a line.
    private func description(_ schema: JSONValue) -> String {
        let resolved = resolve(schema["$ref"]?.stringValue ?? "") ?? schema
        guard Self.truthy(resolved) else { return "" }
        var text = ""
        if let description = resolved["description"]?.stringValue, !description.isEmpty { text += description + "\n" }
        for alternative in resolved["allOf"]?.arrayValue ?? [] { text += self.description(alternative) }
        if let items = resolved["items"], Self.truthy(items) { text += self.description(items) }
        if let map = Self.mapValues(resolved) { text += self.description(map) }
        return text
    }

    /// The template's `typeGuess`: `string`, `integer`, `Object`, `[]Container`, `map[string]string`, ...
    private func typeGuess(_ schema: JSONValue) -> String {
        if let items = schema["items"], Self.truthy(items) { return "[]" + typeGuess(items) }
        if let map = Self.mapValues(schema) { return "map[string]" + typeGuess(map) }
        let alternatives = schema["allOf"]?.arrayValue ?? []
        if alternatives.count == 1 && !Self.truthy(schema["properties"]) { return typeGuess(alternatives[0]) }
        if let reference = schema["$ref"]?.stringValue, !reference.isEmpty {
            let target = resolve(reference)
            let type = target?["type"]?.stringValue ?? ""
            if target == nil || type.isEmpty || type == "object" {
                let name = reference.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
                let last = name.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init) ?? ""
                return last.isEmpty ? "Object" : last
            }
            return type
        }
        let type = schema["type"]?.stringValue ?? ""
        return type == "object" || type.isEmpty ? "Object" : type
    }

    /// The template's `extractEnum`: `ENUM:` and one value a line (a field's own view), or `enum: a, b, ...`
    /// under the field's line, at most `limit` values.
    private func extractEnum(_ schema: JSONValue, long: Bool, limit: Int, indent: Int) -> String {
        guard let values = schema["enum"]?.arrayValue, !values.isEmpty else { return "" }
        let limit = limit == 0 ? -1 : limit
        var text = long ? "ENUM:" : "\n" + String(repeating: " ", count: indent) + "enum: "
        for (index, value) in values.enumerated() {
            if limit > -1 && index >= limit {
                text += ", ...."
                break
            }
            if index > 0 && !long {
                text += ", "
            } else if long {
                text += "\n    "
            }
            if value == .string("") {
                text += "\"\""
            } else {
                text += value.stringValue ?? value.jsonString()
            }
        }
        return text
    }

    /// The schema a `#/...` reference names, or nil (also for an empty one, which the template treats as none).
    private func resolve(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#") else { return nil }
        var current = document
        for component in reference.dropFirst().split(separator: "/") {
            guard let next = current[String(component)], next.objectValue != nil else { return nil }
            current = next
        }
        return Self.truthy(current) ? current : nil
    }

    /// A map's value schema: `additionalProperties` when it is a non-empty schema rather than a flag.
    private static func mapValues(_ schema: JSONValue) -> JSONValue? {
        guard let values = schema["additionalProperties"], values.objectValue != nil, truthy(values) else { return nil }
        return values
    }

    /// Go templates' truth: not nil, false, zero, or empty.
    static func truthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: false
        case .bool(let flag)?: flag
        case .int(let number)?: number != 0
        case .double(let number)?: number != 0
        case .string(let text)?: !text.isEmpty
        case .array(let elements)?: !elements.isEmpty
        case .object(let members)?: !members.isEmpty
        }
    }

    /// The template's `indent`: pads the first line and every line after a newline.
    static func indent(_ amount: Int, _ text: String) -> String {
        let pad = String(repeating: " ", count: amount)
        return pad + text.replacing("\n", with: "\n" + pad)
    }

    /// `wordwrap.WrapString(text, limit)` (go-wordwrap 1.0.1): breaks at white space so lines stay within
    /// `limit` runes where words allow; a word longer than the limit stays whole.
    static func wrap(_ limit: Int, _ text: String) -> String {
        var output = ""
        var current = 0
        var word = "", space = ""
        var wordLength = 0, spaceLength = 0
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if word.isEmpty {
                    if current + spaceLength > limit {
                        current = 0
                    } else {
                        current += spaceLength
                        output += space
                    }
                } else {
                    current += spaceLength + wordLength
                    output += space + word
                    word = ""
                    wordLength = 0
                }
                space = ""
                spaceLength = 0
                output.unicodeScalars.append(scalar)
                current = 0
            } else if isSpace(scalar) && scalar != "\u{A0}" {
                if space.isEmpty || !word.isEmpty {
                    current += spaceLength + wordLength
                    output += space + word
                    space = ""
                    spaceLength = 0
                    word = ""
                    wordLength = 0
                }
                space.unicodeScalars.append(scalar)
                spaceLength += 1
            } else {
                word.unicodeScalars.append(scalar)
                wordLength += 1
                if current + wordLength + spaceLength > limit && wordLength < limit {
                    output += "\n"
                    current = 0
                    space = ""
                    spaceLength = 0
                }
            }
        }
        if word.isEmpty {
            if current + spaceLength <= limit { output += space }
        } else {
            output += space + word
        }
        return output
    }

    /// Go's `unicode.IsSpace`.
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: true
        default: scalar.properties.generalCategory == .spaceSeparator
        }
    }
}
