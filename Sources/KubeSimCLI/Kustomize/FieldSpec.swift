import KubeAPI

/// A field of some kinds that a transformer edits, as kustomize's field specs name it: a `/`-separated path
/// (lists along the way are walked item by item), the kinds it applies to (any when none) and whether missing
/// fields are created.
struct FieldSpec {
    var kind: String?
    var group: String?
    var path: [String]
    /// The path's steps marked `[]`: lists, walked item by item and never created.
    var lists: Set<String>
    var create: Bool

    init(_ path: String, kind: String? = nil, group: String? = nil, create: Bool = false) {
        self.kind = kind
        self.group = group
        let steps = path.split(separator: "/")
        self.path = steps.map { $0.hasSuffix("[]") ? String($0.dropLast(2)) : String($0) }
        lists = Set(steps.filter { $0.hasSuffix("[]") }.map { String($0.dropLast(2)) })
        self.create = create
    }

    func applies(to resource: KustomizeResource) -> Bool {
        (kind == nil || kind == resource.kind) && (group == nil || group == resource.group)
    }

    /// Calls `edit` with the value at the path in `object` (nil where it is missing and `create` is set).
    func apply(to object: inout JSONValue, _ edit: (JSONValue?) throws(KustomizeError) -> JSONValue?) throws(KustomizeError) {
        try walk(&object, path[...], edit)
    }

    private func walk(
        _ value: inout JSONValue, _ path: ArraySlice<String>, _ edit: (JSONValue?) throws(KustomizeError) -> JSONValue?
    ) throws(KustomizeError) {
        if case .array(var items) = value {
            for index in items.indices { try walk(&items[index], path, edit) }
            value = .array(items)
            return
        }
        guard let key = path.first, var fields = value.objectValue else { return }
        let rest = path.dropFirst()
        if rest.isEmpty {
            if fields[key] == nil && !create { return }
            let current = fields[key].flatMap { $0.isNull ? nil : $0 }
            fields[key] = try edit(current)
            value = .object(fields)
            return
        }
        guard var child = fields[key], !child.isNull else {
            guard create, !lists.contains(key) else { return }
            var fresh = JSONValue.emptyObject
            try walk(&fresh, rest, edit)
            fields[key] = fresh
            value = .object(fields)
            return
        }
        try walk(&child, rest, edit)
        fields[key] = child
        value = .object(fields)
    }
}
