import KubeAPI

/// A node taint (`core/v1.Taint`).
struct Taint: Sendable, Hashable {
    var key: String
    var value: String
    /// `NoSchedule`, `PreferNoSchedule` or `NoExecute`.
    var effect: String

    init(_ json: JSONValue) {
        key = json["key"]?.stringValue ?? ""
        value = json["value"]?.stringValue ?? ""
        effect = json["effect"]?.stringValue ?? ""
    }

    init(key: String, value: String = "", effect: String) {
        self.key = key
        self.value = value
        self.effect = effect
    }

    /// The taints of a node, in the node's order.
    static func of(_ node: KubeObject) -> [Taint] {
        (node.spec?["taints"]?.arrayValue ?? []).map(Taint.init)
    }
}

/// A pod toleration (`core/v1.Toleration`).
struct Toleration: Sendable {
    var key: String
    /// `Equal` (the default) or `Exists`.
    var op: String
    var value: String
    /// Empty for every effect.
    var effect: String

    init(_ json: JSONValue) {
        key = json["key"]?.stringValue ?? ""
        op = json["operator"]?.stringValue ?? ""
        value = json["value"]?.stringValue ?? ""
        effect = json["effect"]?.stringValue ?? ""
    }

    /// Whether it tolerates `taint` (`Toleration.ToleratesTaint`): the effect matches or is empty, the key
    /// matches or is empty (with `Exists`), and the value matches under `Equal`.
    func tolerates(_ taint: Taint) -> Bool {
        if !effect.isEmpty && effect != taint.effect { return false }
        if !key.isEmpty && key != taint.key { return false }
        switch op {
        case "Exists": return true
        case "", "Equal": return value == taint.value
        default: return false
        }
    }
}

extension Array where Element == Toleration {
    func tolerate(_ taint: Taint) -> Bool { contains { $0.tolerates(taint) } }
}
