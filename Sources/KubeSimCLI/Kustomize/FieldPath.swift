import KubeAPI

/// A replacement's `fieldPath`: `.`-separated steps, each a field name, a list index (`0`) or a list item chosen
/// by a field's value (`[name=web]`), as kustomize's replacements read them.
struct FieldPath {
    enum Step: Equatable {
        case field(String)
        case index(Int)
        case item(key: String, value: String)
    }

    let text: String
    let steps: [Step]

    init(_ text: String, file: String, field: String) throws(KustomizeError) {
        self.text = text
        var parts: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            switch character {
            case "[": depth += 1; current.append(character)
            case "]": depth -= 1; current.append(character)
            case "." where depth == 0: parts.append(current); current = ""
            default: current.append(character)
            }
        }
        parts.append(current)
        var steps: [Step] = []
        for part in parts {
            if part.isEmpty || part == "*" || part.contains("*") {
                throw KustomizeError(file, field: field, "field path \(FieldError.quoted(text)): \(part.isEmpty ? "an empty step" : "wildcards") not supported")
            }
            if part.hasPrefix("[") && part.hasSuffix("]") {
                let inner = part.dropFirst().dropLast()
                guard let equals = inner.firstIndex(of: "=") else {
                    throw KustomizeError(file, field: field, "field path \(FieldError.quoted(text)): \(part) is not [key=value]")
                }
                steps.append(.item(key: String(inner[..<equals]), value: String(inner[inner.index(after: equals)...])))
            } else if let index = Int(part), index >= 0 {
                steps.append(.index(index))
            } else {
                steps.append(.field(part))
            }
        }
        self.steps = steps
    }

    /// The value at the path, nil where a step is missing.
    func value(in object: JSONValue) -> JSONValue? {
        var current: JSONValue? = object
        for step in steps {
            guard let node = current else { return nil }
            switch step {
            case .field(let name): current = node.objectValue?[name]
            case .index(let index):
                guard let items = node.arrayValue, items.indices.contains(index) else { return nil }
                current = items[index]
            case .item(let key, let value): current = node.arrayValue?.first { $0[key]?.stringValue == value }
            }
        }
        return current
    }

    /// `object` with `edit` applied to the value at the path; missing fields (not list items) are created when
    /// `create` is set, else nil is returned.
    func setting(in object: JSONValue, create: Bool, _ edit: (JSONValue?) throws(KustomizeError) -> JSONValue) throws(KustomizeError) -> JSONValue? {
        try set(object, steps[...], create: create, edit)
    }

    private func set(
        _ node: JSONValue, _ rest: ArraySlice<Step>, create: Bool, _ edit: (JSONValue?) throws(KustomizeError) -> JSONValue
    ) throws(KustomizeError) -> JSONValue? {
        guard let step = rest.first else { return try edit(node) }
        let remaining = rest.dropFirst()
        switch step {
        case .field(let name):
            guard var fields = node.objectValue else { return nil }
            if let child = fields[name] {
                guard let updated = try set(child, remaining, create: create, edit) else { return nil }
                fields[name] = updated
            } else {
                guard create else { return nil }
                guard let updated = try remaining.isEmpty ? edit(nil) : set(.emptyObject, remaining, create: create, edit) else { return nil }
                fields[name] = updated
            }
            return .object(fields)
        case .index(let index):
            guard var items = node.arrayValue, items.indices.contains(index),
                  let updated = try set(items[index], remaining, create: create, edit) else { return nil }
            items[index] = updated
            return .array(items)
        case .item(let key, let value):
            guard var items = node.arrayValue, let index = items.firstIndex(where: { $0[key]?.stringValue == value }),
                  let updated = try set(items[index], remaining, create: create, edit) else { return nil }
            items[index] = updated
            return .array(items)
        }
    }
}
