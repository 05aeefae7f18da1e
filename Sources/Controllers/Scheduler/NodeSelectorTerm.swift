import KubeAPI

/// One `nodeSelectorTerm` of a node affinity (`core/v1.NodeSelectorTerm`): its `matchExpressions` on node
/// labels and `matchFields` on `metadata.name`, all of which must match (`component-helpers` nodeaffinity).
struct NodeSelectorTerm: Sendable {
    let json: JSONValue

    /// Whether the term matches the node; a term with no requirement matches nothing.
    func matches(_ node: NodeInfo) -> Bool {
        let expressions = json["matchExpressions"]?.arrayValue ?? []
        let fields = json["matchFields"]?.arrayValue ?? []
        guard !expressions.isEmpty || !fields.isEmpty else { return false }
        return expressions.allSatisfy { Self.matches($0, value: node.labels[$0["key"]?.stringValue ?? ""]) }
            && fields.allSatisfy { field in
                field["key"]?.stringValue == "metadata.name" && Self.matches(field, value: node.name)
            }
    }

    /// The node names a term's `metadata.name In` fields allow (their intersection); nil when it has none.
    var nodeNames: Set<String>? {
        var names: Set<String>?
        for field in json["matchFields"]?.arrayValue ?? []
        where field["key"]?.stringValue == "metadata.name" && field["operator"]?.stringValue == "In" {
            let values = Set(field["values"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            names = names.map { $0.intersection(values) } ?? values
        }
        return names
    }

    /// One requirement against a label's value (nil when the node lacks the label): In, NotIn, Exists,
    /// DoesNotExist, and Gt / Lt comparing integers.
    private static func matches(_ requirement: JSONValue, value: String?) -> Bool {
        let values = requirement["values"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch requirement["operator"]?.stringValue {
        case "In": return value.map(values.contains) ?? false
        case "NotIn": return !(value.map(values.contains) ?? false)
        case "Exists": return value != nil
        case "DoesNotExist": return value == nil
        case "Gt", "Lt":
            guard let value, let number = Int64(value), values.count == 1, let bound = Int64(values[0]) else { return false }
            return requirement["operator"]?.stringValue == "Gt" ? number > bound : number < bound
        default: return false
        }
    }
}
