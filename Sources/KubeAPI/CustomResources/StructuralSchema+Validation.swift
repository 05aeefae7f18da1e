import Foundation

extension StructuralSchema {
    /// The custom resource's problems with its schema, as apiextensions-apiserver reports them through
    /// kube-openapi's validator: types, `required`, `enum`, `pattern`, bounds, lengths, item and property counts,
    /// `uniqueItems`, and `x-kubernetes-validations` rules (``CELRule``). `old` is the stored object of an update,
    /// which transition rules (`oldSelf`) compare against.
    public func validate(_ object: JSONValue, old: JSONValue? = nil) -> [FieldError] {
        var errors: [FieldError] = []
        let root = root.objectValue.map { fields -> JSONValue in
            // metadata, apiVersion and kind are the API server's, validated as for every kind.
            var trimmed = fields
            if var properties = trimmed["properties"]?.objectValue {
                for key in ["metadata", "apiVersion", "kind"] { properties.removeValue(forKey: key) }
                trimmed["properties"] = .object(properties)
            }
            return .object(trimmed)
        } ?? self.root
        var body = object.objectValue ?? [:]
        var oldBody = old?.objectValue
        for key in ["metadata", "apiVersion", "kind"] {
            body.removeValue(forKey: key)
            oldBody?.removeValue(forKey: key)
        }
        Self.check(.object(body), old: oldBody.map(JSONValue.object), schema: root, path: FieldPath(""), into: &errors)
        return errors
    }

    private static func check(_ value: JSONValue, old: JSONValue?, schema: JSONValue, path: FieldPath, into errors: inout [FieldError]) {
        let name = path.description
        if value == .null {
            if schema["nullable"]?.boolValue != true, let type = schema["type"]?.stringValue {
                errors.append(.invalid(path, "\"null\"", "\(name) in body must be of type \(type): \"null\""))
            }
            return
        }
        if let type = schema["type"]?.stringValue, !fits(value, type: type, intOrString: schema["x-kubernetes-int-or-string"]?.boolValue == true) {
            let found = jsonType(value)
            errors.append(.invalid(path, "\"\(found)\"", "\(name) in body must be of type \(type): \"\(found)\""))
            return
        }
        if let allowed = schema["enum"]?.arrayValue, !allowed.contains(value) {
            errors.append(.notSupported(path, render(value), allowed.map { $0.stringValue ?? render($0) }))
        }
        switch value {
        case .string(let text):
            checkString(text, schema: schema, path: path, into: &errors)
        case .int, .double:
            checkNumber(value, schema: schema, path: path, into: &errors)
        case .array(let items):
            if let max = schema["maxItems"]?.intValue, items.count > max {
                errors.append(FieldError(.tooMany, name, "\(items.count): must have at most \(max) items"))
            }
            if let min = schema["minItems"]?.intValue, items.count < min {
                errors.append(.invalid(path, render(value), "\(name) in body should have at least \(min) items"))
            }
            if schema["uniqueItems"]?.boolValue == true || schema["x-kubernetes-list-type"]?.stringValue == "set" {
                var seen: [JSONValue] = []
                for (index, item) in items.enumerated() {
                    if seen.contains(item) { errors.append(.duplicate(path.index(index), render(item))) } else { seen.append(item) }
                }
            }
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() {
                    check(item, old: nil, schema: itemSchema, path: path.index(index), into: &errors)
                }
            }
        case .object(let fields):
            for key in (schema["required"]?.arrayValue ?? []).compactMap(\.stringValue) where fields[key] == nil {
                errors.append(.required(path.child(key)))
            }
            if let max = schema["maxProperties"]?.intValue, fields.count > max {
                errors.append(FieldError(.tooMany, name, "\(fields.count): must have at most \(max) items"))
            }
            if let min = schema["minProperties"]?.intValue, fields.count < min {
                errors.append(.invalid(path, render(value), "\(name) in body should have at least \(min) properties"))
            }
            let properties = schema["properties"]?.objectValue ?? [:]
            let additional = schema["additionalProperties"]
            for key in fields.keys.sorted() {
                if let property = properties[key] {
                    check(fields[key]!, old: old?[key], schema: property, path: path.child(key), into: &errors)
                } else if let additional, additional.objectValue != nil {
                    check(fields[key]!, old: old?[key], schema: additional, path: path.key(key), into: &errors)
                }
            }
        default:
            break
        }
        for rule in schema["x-kubernetes-validations"]?.arrayValue ?? [] {
            if let error = CELRule(rule).failure(self: value, oldSelf: old, path: path) { errors.append(error) }
        }
    }

    private static func checkString(_ text: String, schema: JSONValue, path: FieldPath, into errors: inout [FieldError]) {
        let name = path.description
        let length = text.count
        if let max = schema["maxLength"]?.intValue, length > max {
            errors.append(.tooLong(path, max: Int(max)))
        }
        if let min = schema["minLength"]?.intValue, length < min {
            errors.append(.invalid(path, string: text, "\(name) in body should be at least \(min) chars long"))
        }
        if let pattern = schema["pattern"]?.stringValue, let expression = try? NSRegularExpression(pattern: pattern),
            expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) == nil {
            errors.append(.invalid(path, string: text, "\(name) in body should match '\(pattern)'"))
        }
    }

    private static func checkNumber(_ value: JSONValue, schema: JSONValue, path: FieldPath, into errors: inout [FieldError]) {
        let name = path.description
        let number = double(value)
        if let maximum = schema["maximum"].map(double) {
            if schema["exclusiveMaximum"]?.boolValue == true, number >= maximum {
                errors.append(.invalid(path, render(value), "\(name) in body should be less than \(render(schema["maximum"]!))"))
            } else if number > maximum {
                errors.append(.invalid(path, render(value), "\(name) in body should be less than or equal to \(render(schema["maximum"]!))"))
            }
        }
        if let minimum = schema["minimum"].map(double) {
            if schema["exclusiveMinimum"]?.boolValue == true, number <= minimum {
                errors.append(.invalid(path, render(value), "\(name) in body should be greater than \(render(schema["minimum"]!))"))
            } else if number < minimum {
                errors.append(.invalid(path, render(value), "\(name) in body should be greater than or equal to \(render(schema["minimum"]!))"))
            }
        }
        if let factor = schema["multipleOf"].map(double), factor > 0, (number / factor).rounded() != number / factor {
            errors.append(.invalid(path, render(value), "\(name) in body should be a multiple of \(render(schema["multipleOf"]!))"))
        }
    }

    private static func fits(_ value: JSONValue, type: String, intOrString: Bool) -> Bool {
        if intOrString, case .string = value { return true }
        switch (type, value) {
        case ("object", .object), ("array", .array), ("string", .string), ("boolean", .bool), ("number", .int), ("number", .double),
            ("integer", .int):
            return true
        case ("integer", .double(let number)):
            return number.rounded() == number
        default:
            return false
        }
    }

    /// The JSON type a value has, as the validator names it.
    private static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .bool: "boolean"
        case .int: "integer"
        case .double(let number): number.rounded() == number ? "integer" : "number"
        case .null: "null"
        }
    }

    private static func double(_ value: JSONValue) -> Double {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: .nan
        }
    }

    /// A value in a field error, as Go's `%#v` of the decoded JSON shows it; objects and lists by their type.
    static func render(_ value: JSONValue) -> String {
        switch value {
        case .object: "\"object\""
        case .array: "\"array\""
        default: GoSyntax.scalar(value)
        }
    }
}
