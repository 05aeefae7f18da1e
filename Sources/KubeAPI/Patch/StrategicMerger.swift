/// Merges a strategic merge patch into an object (apimachinery `mergeMap`), in the two ways it is used.
struct StrategicMerger {
    enum Mode {
        /// kube-apiserver applying a patch to an object: directives take effect and disappear, nulls delete.
        case apply
        /// kubectl merging its additions-and-changes patch into its deletions patch: directives, parallel lists
        /// and nulls are kept, so the result is itself a patch.
        case combine
    }

    let mode: Mode

    func merge(_ patch: [String: JSONValue], into original: [String: JSONValue], _ metadata: PatchMetadata)
        throws(PatchError) -> [String: JSONValue]
    {
        var patch = patch
        if let directive = patch[Directive.patch] {
            switch directive {
            case "replace":
                patch[Directive.patch] = nil
                return patch
            case "delete":
                return [:]
            default:
                throw .unknownDirective(directive, in: .object(patch))
            }
        }
        var original = original
        try retainKeys(&original, &patch)
        try mergeOrderedLists(&original, &patch, metadata)
        for key in patch.keys.sorted() {
            let change = patch[key]!
            var name = key
            var isDeletionList = false
            if key.hasPrefix(Directive.deleteFromPrimitiveList) {
                guard mode == .apply else {
                    original[key] = change
                    continue
                }
                name = try Directive.listName(
                    in: key, prefix: Directive.deleteFromPrimitiveList, malformed: .badPrimitiveListFormat)
                isDeletionList = true
            }
            if change == .null {
                original[name] = nil
                if mode == .apply { continue }
            }
            guard let current = original[name], current.hasSameGoType(as: change) else {
                if !isDeletionList { original[name] = inserted(change) }
                continue
            }
            let field = metadata[field: name]
            switch (current, change) {
            case (.object(let fields), .object(let changes)):
                original[name] = .object(try merge(changes, into: fields, field.value))
            case (.array(let items), .array(let changes)) where field.merges || isDeletionList:
                original[name] = .array(try mergeList(changes, into: items, field, isDeletionList: isDeletionList))
            default:
                original[name] = change
            }
        }
        return original
    }

    /// A value taken whole from the patch: without nulls when applying, without items and fields that carry
    /// `$patch` (apimachinery `removeDirectives`); nil when the value itself carries one.
    private func inserted(_ value: JSONValue) -> JSONValue? {
        Self.removingDirectives(mode == .apply ? value.removingNullMembers : value)
    }

    private static func removingDirectives(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .object(let fields):
            fields[Directive.patch] == nil ? .object(fields.compactMapValues(removingDirectives)) : nil
        case .array(let items): .array(items.compactMap(removingDirectives))
        default: value
        }
    }

    /// `$retainKeys`: when applying, clears the fields of `original` it does not list (and checks the patch sets
    /// no other); when combining, carries it over.
    private func retainKeys(_ original: inout [String: JSONValue], _ patch: inout [String: JSONValue]) throws(PatchError) {
        guard let retained = patch.removeValue(forKey: Directive.retainKeys) else { return }
        guard mode == .apply else {
            if let existing = original[Directive.retainKeys], existing != retained {
                throw .unclassified(
                    "\(existing.goFormatted) and \(retained.goFormatted) are not deep equal: this may happen when calculating the 3-way diff patch"
                )
            }
            original[Directive.retainKeys] = retained
            return
        }
        guard case .array(let names) = retained else { throw .badRetainKeysFormat }
        let kept = Set(names)
        for (key, value) in patch
        where value != .null && !key.hasPrefix(Directive.deleteFromPrimitiveList) && !key.hasPrefix(Directive.setElementOrder) {
            guard kept.contains(.string(key)) else { throw .badRetainKeysFormat }
        }
        original = original.filter { kept.contains(.string($0.key)) }
    }

    /// `$setElementOrder/<list>`: merges the list it names and orders the result by it (apimachinery
    /// `mergePatchIntoOriginal`); when combining, also carries the directive over.
    private func mergeOrderedLists(
        _ original: inout [String: JSONValue], _ patch: inout [String: JSONValue], _ metadata: PatchMetadata
    ) throws(PatchError) {
        for key in patch.keys.sorted() where key.hasPrefix(Directive.setElementOrder) {
            let order = patch.removeValue(forKey: key)!
            if mode == .combine {
                if let existing = original[key], existing != order { throw .badSetElementOrderFormat }
                original[key] = order
            }
            guard case .array(let orderItems) = order else { throw .expected("[]interface {}", found: order) }
            let name = try Directive.listName(in: key, prefix: Directive.setElementOrder, malformed: .badSetElementOrderFormat)
            let current = try Self.list(original[name])
            let changes = try Self.list(patch[name])
            let field = metadata[field: name]
            let mergeKey = field.mergeKey ?? ""
            try MergeList.validate(changes ?? [], against: orderItems, mergeKey: mergeKey)
            let merged: [JSONValue]
            switch (current, changes) {
            case (let current?, nil): merged = current
            case (nil, let changes?): merged = Self.removingDirectives(.array(changes))?.arrayValue ?? []
            case (let current?, let changes?):
                merged = field.merges ? try mergeList(changes, into: current, field, isDeletionList: false) : changes
            case (nil, nil): continue
            }
            let (listed, unlisted) = try MergeList.partition(merged, by: orderItems, mergeKey: mergeKey)
            let objects = try MergeList.itemsAreObjects(current ?? [], changes ?? [])
            original[name] = .array(
                try MergeList.ordered(
                    patchItems: listed, serverOnly: unlisted, patchOrder: orderItems, serverOrder: current ?? [],
                    mergeKey: mergeKey, objects: objects))
            patch[name] = nil
        }
    }

    private static func list(_ value: JSONValue?) throws(PatchError) -> [JSONValue]? {
        guard let value else { return nil }
        guard case .array(let items) = value else { throw .expected("[]interface {}", found: value) }
        return items
    }

    /// Merges the items of a merged list (apimachinery `mergeSlice`): scalars as a set (or removed, for a
    /// `$deleteFromPrimitiveList`), objects by merge key after the `$patch` items took effect.
    private func mergeList(
        _ patch: [JSONValue], into original: [JSONValue], _ field: PatchMetadata.Field, isDeletionList: Bool
    ) throws(PatchError) -> [JSONValue] {
        if original.isEmpty && patch.isEmpty { return original }
        let objects = try MergeList.itemsAreObjects(original, patch)
        let mergeKey = field.mergeKey ?? ""
        var original = original
        var patch = patch
        let merged: [JSONValue]
        if objects {
            guard !mergeKey.isEmpty else { throw .unclassified("cannot merge lists without merge key for struct") }
            (original, patch) = try Self.applyingItemDirectives(patch, to: original, mergeKey: mergeKey)
            merged = try mergeItems(patch, into: original, mergeKey: mergeKey, field.value)
        } else {
            if mode == .apply && isDeletionList { return original.filter { !patch.contains($0) } }
            merged = MergeList.deduplicated(original + patch)
        }
        let (inPatch, serverOnly) = try MergeList.partition(merged, by: patch, mergeKey: mergeKey)
        return try MergeList.ordered(
            patchItems: inPatch, serverOnly: serverOnly, patchOrder: patch, serverOrder: original, mergeKey: mergeKey,
            objects: objects)
    }

    /// The `$patch` items of a list of objects: `delete` removes the live items with its key, `replace` makes
    /// the other patch items the whole list. Returns the live items left and the patch items to merge.
    private static func applyingItemDirectives(_ patch: [JSONValue], to original: [JSONValue], mergeKey: String)
        throws(PatchError) -> (original: [JSONValue], patch: [JSONValue])
    {
        var original = original
        var remaining: [JSONValue] = []
        var replace = false
        for item in patch {
            guard let directive = item[Directive.patch] else {
                remaining.append(item)
                continue
            }
            switch directive {
            case "delete":
                guard let value = item[mergeKey] else { throw .noMergeKey(item, mergeKey) }
                original.removeAll { $0[mergeKey] == value }
            case "replace":
                replace = true
            case "merge":
                throw .unclassified("merging lists cannot yet be specified in the patch")
            default:
                throw .unknownDirective(directive, in: item)
            }
        }
        return replace ? (remaining, []) : (original, remaining)
    }

    /// Merges each patch item into the live item with its merge key, or appends it as it is.
    private func mergeItems(_ patch: [JSONValue], into original: [JSONValue], mergeKey: String, _ metadata: PatchMetadata)
        throws(PatchError) -> [JSONValue]
    {
        var merged = original
        for item in patch {
            guard let value = item[mergeKey] else { throw .noMergeKey(item, mergeKey) }
            if let index = merged.firstIndex(where: { $0[mergeKey] == value }) {
                merged[index] = .object(
                    try merge(item.objectValue ?? [:], into: merged[index].objectValue ?? [:], metadata))
            } else {
                merged.append(item)
            }
        }
        return merged
    }
}
