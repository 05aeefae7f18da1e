/// Field error values rendered as apimachinery's `ErrorBody` renders them: strings with `%q`, numbers and
/// booleans with `%v`, everything else with Go's `%#v` under the internal API type's name.
enum GoSyntax {
    static func string(_ value: String) -> String {
        FieldError.quoted(value)
    }

    static func strings(_ values: [String]?) -> String {
        guard let values else { return "[]string(nil)" }
        return "[]string{\(values.map(string).joined(separator: ", "))}"
    }

    /// A `map[string]string` with its keys sorted, as `fmt` prints maps.
    static func stringMap(_ map: [String: String]?) -> String {
        guard let map else { return "map[string]string(nil)" }
        let entries = map.keys.sorted().map { "\(string($0)):\(string(map[$0]!))" }
        return "map[string]string{\(entries.joined(separator: ", "))}"
    }

    /// A `metav1.LabelSelector` value.
    static func labelSelector(_ selector: JSONValue?) -> String {
        let labels = selector?["matchLabels"]?.objectValue?.compactMapValues(\.stringValue)
        let expressions = selector?["matchExpressions"]?.arrayValue.map { items in
            let rendered = items.map { item in
                let values = item["values"]?.arrayValue?.compactMap(\.stringValue)
                return "v1.LabelSelectorRequirement{Key:\(string(item.text("key"))), "
                    + "Operator:\(string(item.text("operator"))), Values:\(strings(values))}"
            }
            return "[]v1.LabelSelectorRequirement{\(rendered.joined(separator: ", "))}"
        }
        return "v1.LabelSelector{MatchLabels:\(stringMap(labels)), "
            + "MatchExpressions:\(expressions ?? "[]v1.LabelSelectorRequirement(nil)")}"
    }

    /// An `intstr.IntOrString` value: `Type` 0 for an int, 1 for a string.
    static func intOrString(_ value: JSONValue?) -> String {
        if let text = value?.stringValue { return "intstr.IntOrString{Type:1, IntVal:0, StrVal:\(string(text))}" }
        return "intstr.IntOrString{Type:0, IntVal:\(value?.intValue ?? 0), StrVal:\"\"}"
    }

    /// A JSON value printed the way `%v`/`%q` would print the Go value it decodes into.
    static func scalar(_ value: JSONValue?) -> String {
        switch value {
        case .string(let text)?: string(text)
        case .int(let number)?: String(number)
        case .bool(let flag)?: String(flag)
        case .double(let number)?: number == number.rounded() ? String(Int64(number)) : String(number)
        case nil, .null?: "null"
        case .array(let items)?: "[]interface {}{\(items.map { scalar($0) }.joined(separator: ", "))}"
        case .object?: value!.jsonString()
        }
    }
}
