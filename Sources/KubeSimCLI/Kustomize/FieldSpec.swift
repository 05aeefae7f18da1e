import KubeAPI

/// A field of some kinds that a transformer edits, as kustomize's field specs name it: a `/`-separated path
/// (lists along the way are walked item by item), the kinds it applies to (any when none) and whether missing
/// fields are created.
struct FieldSpec {
    var kind: String?
    var group: String?
    var version: String?
    var path: [String]
    /// The path's steps marked `[]`: lists, walked item by item and never created.
    var lists: Set<String>
    var create: Bool

    init(_ path: String, kind: String? = nil, group: String? = nil, version: String? = nil, create: Bool = false) {
        self.version = version
        self.kind = kind
        self.group = group
        let steps = path.split(separator: "/")
        self.path = steps.map { $0.hasSuffix("[]") ? String($0.dropLast(2)) : String($0) }
        lists = Set(steps.filter { $0.hasSuffix("[]") }.map { String($0.dropLast(2)) })
        self.create = create
    }

    /// A field spec as a kustomization writes one (`labels[].fields`): path, kind, group, version, create.
    init(_ value: JSONValue, file: String, field: String) throws(KustomizeError) {
        guard let object = value.objectValue else { throw KustomizeError(file, field: field, "must be a mapping") }
        try Kustomization.checkKeys(object, ["path", "kind", "group", "version", "create"], file: file, field: field)
        guard let path = try Kustomization.string(object["path"], file: file, field: "\(field).path"), !path.isEmpty else {
            throw KustomizeError(file, field: "\(field).path", "must be set")
        }
        self.init(
            path, kind: try Kustomization.string(object["kind"], file: file, field: "\(field).kind"),
            group: try Kustomization.string(object["group"], file: file, field: "\(field).group"),
            version: try Kustomization.string(object["version"], file: file, field: "\(field).version"),
            create: try Kustomization.bool(object["create"], file: file, field: "\(field).create"))
    }

    func applies(to resource: KustomizeResource) -> Bool {
        (kind == nil || kind == resource.kind) && (group == nil || group == resource.group)
            && (version == nil || version == resource.version)
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
