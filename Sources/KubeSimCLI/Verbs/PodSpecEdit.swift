import KubeAPI

/// The pod spec a `kubesim set` verb edits inside an object (a Pod's own, a CronJob's job template's, else the pod
/// template's), and the merge patch that carries its edited container lists back, as kubectl's `set` commands send.
struct PodSpecEdit {
    /// Where the pod spec sits in the object.
    let path: [String]
    private let original: JSONValue
    private(set) var spec: JSONValue

    init(_ object: KubeObject, kind: String) {
        path = kind == "Pod" ? ["spec"] : kind == "CronJob" ? ["spec", "jobTemplate", "spec", "template", "spec"] : ["spec", "template", "spec"]
        original = object.json[path] ?? .emptyObject
        spec = original
    }

    /// Calls `change` on each container, then each init container, whose name `selects`; whether any was selected.
    mutating func editContainers(where selects: (String) -> Bool, _ change: (inout JSONValue) throws -> Void) rethrows -> Bool {
        var matched = false
        for key in ["containers", "initContainers"] {
            guard var list = spec[key]?.arrayValue else { continue }
            for index in list.indices where selects(list[index]["name"]?.stringValue ?? "") {
                matched = true
                try change(&list[index])
            }
            spec[key] = .array(list)
        }
        return matched
    }

    /// Whether an edit changed the spec.
    var changed: Bool { spec != original }

    /// The merge patch that sets the edited container lists.
    var patch: JSONValue {
        var nested: JSONValue = .emptyObject
        for key in ["initContainers", "containers"] where spec[key] != nil { nested[key] = spec[key]! }
        var patch: JSONValue = .emptyObject
        patch[path] = nested
        return patch
    }

    /// `filepath.Match` for the container globs kubectl's `-c` takes: `*` any run, `?` one character, else literal.
    static func matches(_ pattern: String, _ name: String) -> Bool {
        let pattern = Array(pattern), name = Array(name)
        func match(_ p: Int, _ n: Int) -> Bool {
            if p == pattern.count { return n == name.count }
            switch pattern[p] {
            case "*": return (n...name.count).contains { match(p + 1, $0) }
            case "?": return n < name.count && match(p + 1, n + 1)
            default: return n < name.count && pattern[p] == name[n] && match(p + 1, n + 1)
            }
        }
        return match(0, 0)
    }
}
