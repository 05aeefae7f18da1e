/// The strategic merge patch from one object to another (apimachinery `diffMaps`), computed in one of the two
/// halves kubectl's three-way merge needs.
///
/// Merged lists become patch lists in the modified order, with `$patch: delete` items for removed objects,
/// `$deleteFromPrimitiveList/<list>` for removed scalars and `$setElementOrder/<list>` giving the modified order;
/// objects with the retainKeys strategy get a `$retainKeys` list of their modified fields.
struct StrategicDiff {
    enum Part {
        /// Fields `modified` adds or changes (kubectl's `IgnoreDeletions`).
        case changes
        /// Fields `modified` drops (kubectl's `IgnoreChangesAndAdditions`).
        case deletions
    }

    let part: Part

    func object(
        from original: [String: JSONValue], to modified: [String: JSONValue], _ metadata: PatchMetadata,
        retainKeys: Bool = false
    ) throws(PatchError) -> [String: JSONValue] {
        var patch: [String: JSONValue] = [:]
        var retained: [JSONValue] = []
        for key in modified.keys.sorted() {
            let new = modified[key]!
            if retainKeys && new != .null { retained.append(.string(key)) }
            guard let old = original[key] else {
                if part == .changes { patch[key] = new }
                continue
            }
            if key == Directive.patch {
                guard let before = old.stringValue, let after = new.stringValue else {
                    throw .unclassified("invalid value for special key: \(Directive.patch)")
                }
                if before != after { patch[key] = new }
                continue
            }
            guard old.hasSameGoType(as: new) else {
                if part == .changes { patch[key] = new }
                continue
            }
            let field = metadata[field: key]
            switch (old, new) {
            case (.object(let before), .object(let after)):
                let changes = try object(from: before, to: after, field.value, retainKeys: field.retainKeys)
                if !changes.isEmpty { patch[key] = .object(changes) }
            case (.array(let before), .array(let after)) where field.merges:
                try list(key, from: before, to: after, field, into: &patch)
            default:
                if part == .changes && old != new { patch[key] = new }
            }
        }
        if part == .deletions {
            for key in original.keys where modified[key] == nil {
                patch[key] = .null
            }
        }
        let clearsFields = original.contains { $0.value != .null && modified[$0.key] == nil }
        if !retained.isEmpty && (!patch.isEmpty || clearsFields) {
            patch[Directive.retainKeys] = .array(Self.sortedByText(retained))
        }
        return patch
    }

    /// Adds the entries of a merged list to `patch`: its patch list and parallel directive lists.
    private func list(
        _ name: String, from original: [JSONValue], to modified: [JSONValue], _ field: PatchMetadata.Field,
        into patch: inout [String: JSONValue]
    ) throws(PatchError) {
        guard !original.isEmpty else {
            if part == .changes && !modified.isEmpty { patch[name] = .array(modified) }
            return
        }
        let mergeKey = field.mergeKey ?? ""
        var items: [JSONValue]
        var order: [JSONValue] = []
        if try MergeList.itemsAreObjects(original, modified) {
            let (changed, deleted) = try objectItems(from: original, to: modified, field)
            items = try MergeList.sorted(changed, by: modified, mergeKey: mergeKey, objects: true) + deleted
            let reordered = try !Self.sameOrder(original, modified, mergeKey: mergeKey)
            if (part == .changes && (!items.isEmpty || reordered)) || (part == .deletions && !items.isEmpty) {
                order = modified.map { .object([mergeKey: $0[mergeKey] ?? .null]) }
            }
        } else {
            let (added, deleted) = scalarItems(from: original, to: modified)
            items = try MergeList.sorted(added, by: modified, mergeKey: mergeKey, objects: false)
            if !deleted.isEmpty { patch["\(Directive.deleteFromPrimitiveList)/\(name)"] = .array(deleted) }
            if (part == .deletions && !deleted.isEmpty) || (part == .changes && original != modified) { order = modified }
        }
        if !items.isEmpty { patch[name] = .array(items) }
        if !order.isEmpty { patch["\(Directive.setElementOrder)/\(name)"] = .array(order) }
    }

    /// Matches objects by merge key, in the order of the key values' text: the patches of changed and added items,
    /// and a `$patch: delete` item for each removed one.
    private func objectItems(from original: [JSONValue], to modified: [JSONValue], _ field: PatchMetadata.Field)
        throws(PatchError) -> (changed: [JSONValue], deleted: [JSONValue])
    {
        let mergeKey = field.mergeKey ?? ""
        let before = Self.sortedByText(original) { $0[mergeKey] ?? .null }
        let after = Self.sortedByText(modified) { $0[mergeKey] ?? .null }
        var changed: [JSONValue] = []
        var deleted: [JSONValue] = []
        var (i, j) = (0, 0)
        while i < before.count || j < after.count {
            let old = try i < before.count ? Self.keyed(before[i], mergeKey) : nil
            let new = try j < after.count ? Self.keyed(after[j], mergeKey) : nil
            if let old, let new, old.value.goFormatted == new.value.goFormatted {
                var changes = try object(from: old.fields, to: new.fields, field.value, retainKeys: field.retainKeys)
                if !changes.isEmpty {
                    changes[mergeKey] = new.value
                    changed.append(.object(changes))
                }
                i += 1
                j += 1
            } else if let new, old.map({ new.value.goFormatted.goPrecedes($0.value.goFormatted) }) ?? true {
                if part == .changes { changed.append(.object(new.fields)) }
                j += 1
            } else if let old {
                if part == .deletions { deleted.append([mergeKey: old.value, Directive.patch: "delete"]) }
                i += 1
            }
        }
        return (changed, deleted)
    }

    private static func keyed(_ item: JSONValue, _ mergeKey: String) throws(PatchError)
        -> (fields: [String: JSONValue], value: JSONValue)
    {
        guard let fields = item.objectValue else { throw .expected("map[string]interface {}", found: item) }
        guard let value = fields[mergeKey] else { throw .noMergeKey(item, mergeKey) }
        return (fields, value)
    }

    /// Matches scalars by their text, in sorted order: those `modified` adds, and those it removes.
    private func scalarItems(from original: [JSONValue], to modified: [JSONValue]) -> (added: [JSONValue], deleted: [JSONValue]) {
        let before = Self.sortedByText(original)
        let after = Self.sortedByText(modified)
        var added: [JSONValue] = []
        var deleted: [JSONValue] = []
        var (i, j) = (0, 0)
        while i < before.count || j < after.count {
            let old = i < before.count ? before[i].goFormatted : nil
            let new = j < after.count ? after[j].goFormatted : nil
            if let old, let new, old == new {
                i += 1
                j += 1
            } else if let new, old.map({ new.goPrecedes($0) }) ?? true {
                if part == .changes { added.append(after[j]) }
                j += 1
            } else {
                if part == .deletions { deleted.append(before[i]) }
                i += 1
            }
        }
        return (added, MergeList.deduplicated(deleted))
    }

    private static func sameOrder(_ original: [JSONValue], _ modified: [JSONValue], mergeKey: String) throws(PatchError) -> Bool {
        guard original.count == modified.count else { return false }
        for (old, new) in zip(original, modified) {
            guard try MergeList.sameIdentity(old, new, mergeKey: mergeKey) else { return false }
        }
        return true
    }

    /// Values sorted by the `%v` text of `key` (of themselves by default), as apimachinery sorts list items.
    private static func sortedByText(_ values: [JSONValue], key: (JSONValue) -> JSONValue = { $0 }) -> [JSONValue] {
        values.map { (key($0).goFormatted, $0) }.enumerated()
            .sorted { a, b in
                a.element.0 == b.element.0 ? a.offset < b.offset : a.element.0.goPrecedes(b.element.0)
            }
            .map(\.element.1)
    }
}
