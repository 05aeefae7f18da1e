/// Labels and label selectors written the way apimachinery's `String()` methods write them, as table cells
/// and kubectl's LABELS column show them.
public enum LabelFormatting {
    /// `labels.FormatLabels`: `app=web,tier=fe`, keys sorted; `<none>` when empty.
    public static func labels(_ labels: [String: String]) -> String {
        let text = labels.keys.sorted().map { "\($0)=\(labels[$0]!)" }.joined(separator: ",")
        return text.isEmpty ? "<none>" : text
    }

    /// `labels.FormatLabels` of a JSON object of strings (`spec.selector`, `nodeSelector`).
    public static func labels(_ value: JSONValue?) -> String {
        labels((value?.objectValue ?? [:]).compactMapValues(\.stringValue))
    }

    /// A `metav1.LabelSelector` as `LabelSelectorAsSelector(...).String()` writes it: requirements sorted by key,
    /// `app=web`, `tier in (a,b)`, `env notin (x)`, `gpu`, `!spot`; empty for a missing or empty selector.
    /// nil when the selector has an unknown operator (the caller prints `<error>` or `<invalid>`).
    public static func selector(_ selector: JSONValue?) -> String? {
        guard let selector, selector != .null else { return "" }
        var requirements: [(key: String, text: String)] = []
        for (key, value) in selector["matchLabels"]?.objectValue ?? [:] {
            requirements.append((key, "\(key)=\(value.stringValue ?? "")"))
        }
        for expression in selector["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = (expression["values"]?.arrayValue ?? []).compactMap(\.stringValue).sorted()
            switch expression["operator"]?.stringValue {
            case "In": requirements.append((key, "\(key) in (\(values.joined(separator: ",")))"))
            case "NotIn": requirements.append((key, "\(key) notin (\(values.joined(separator: ",")))"))
            case "Exists": requirements.append((key, key))
            case "DoesNotExist": requirements.append((key, "!\(key)"))
            default: return nil
            }
        }
        return requirements.sorted { $0.key < $1.key }.map(\.text).joined(separator: ",")
    }

    /// `metav1.FormatLabelSelector`: the selector, `<none>` when it selects by nothing, `<error>` when invalid.
    public static func formattedSelector(_ value: JSONValue?) -> String {
        guard let text = selector(value) else { return "<error>" }
        return text.isEmpty ? "<none>" : text
    }
}
