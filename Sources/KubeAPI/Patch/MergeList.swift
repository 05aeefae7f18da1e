/// The handling of merged lists that applying and creating strategic merge patches share: what their items are,
/// how items are identified, and the order a merged list ends in (apimachinery `normalizeElementOrder`).
///
/// An item's identity is its merge key's value for a list of objects (`mergeKey` non-empty), else the item itself.
enum MergeList {
    /// Whether the items of the lists are objects (else scalars), as Go's `sliceElementType` decides.
    /// - Throws: for lists of lists (422), items of mixed types, or no items at all.
    static func itemsAreObjects(_ lists: [JSONValue]...) throws(PatchError) -> Bool {
        var type: String?
        for item in lists.joined() {
            if type == nil {
                guard item.arrayValue == nil else { throw .listOfLists }
                type = item.goTypeName
            } else if type != item.goTypeName {
                throw .unclassified(
                    "list element types are not identical: \(JSONValue.array(lists.map(JSONValue.array)).goFormatted)")
            }
        }
        guard let type else { throw .unclassified("no elements in any of the given slices") }
        return type == JSONValue.emptyObject.goTypeName
    }

    /// Splits `items` into those whose identity appears in `list` and the others, keeping their order.
    static func partition(_ items: [JSONValue], by list: [JSONValue], mergeKey: String) throws(PatchError)
        -> (present: [JSONValue], absent: [JSONValue])
    {
        var present: [JSONValue] = []
        var absent: [JSONValue] = []
        for item in items {
            let found: Bool
            if mergeKey.isEmpty {
                found = list.contains(item)
            } else {
                guard item.objectValue != nil else { throw .expected("map[string]interface {}", found: item) }
                guard let value = item[mergeKey] else { throw .noMergeKey(item, mergeKey) }
                var match = false
                for (offset, candidate) in list.enumerated() where !match {
                    guard candidate.objectValue != nil else { throw .unclassified("value for key \(offset) is not a map") }
                    match = candidate[mergeKey] == value
                }
                found = match
            }
            if found { present.append(item) } else { absent.append(item) }
        }
        return (present, absent)
    }

    /// The merged list in its final order: `patchItems` sorted by `patchOrder`, `serverOnly` by `serverOrder`,
    /// then interleaved so that a server-only item precedes a patch item only where the live list had it so.
    static func ordered(
        patchItems: [JSONValue], serverOnly: [JSONValue], patchOrder: [JSONValue], serverOrder: [JSONValue],
        mergeKey: String, objects: Bool
    ) throws(PatchError) -> [JSONValue] {
        let right = try sorted(patchItems, by: patchOrder, mergeKey: mergeKey, objects: objects)
        let left = try sorted(serverOnly, by: serverOrder, mergeKey: mergeKey, objects: objects)
        var merged: [JSONValue] = []
        var (i, j) = (0, 0)
        while i < left.count || j < right.count {
            let takeLeft: Bool
            if i == left.count || j == right.count {
                takeLeft = j == right.count
            } else if let l = index(of: left[i], in: serverOrder, mergeKey: mergeKey, objects: objects),
                let r = index(of: right[j], in: serverOrder, mergeKey: mergeKey, objects: objects)
            {
                takeLeft = l < r
            } else {
                takeLeft = false
            }
            if takeLeft {
                merged.append(left[i])
                i += 1
            } else {
                merged.append(right[j])
                j += 1
            }
        }
        return merged
    }

    /// `items` in the order of their identities in `order` (Go's stable insertion sort with apimachinery's
    /// comparator, which moves an item found nowhere in `order` ahead); `$patch: delete` items go last.
    static func sorted(_ items: [JSONValue], by order: [JSONValue], mergeKey: String, objects: Bool) throws(PatchError)
        -> [JSONValue]
    {
        var items = items
        var deletions: [JSONValue] = []
        if objects {
            for item in items + order {
                guard item.objectValue != nil else { throw .expected("map[string]interface {}", found: item) }
                guard item[mergeKey] != nil else { throw .noMergeKey(item, mergeKey) }
            }
            deletions = items.filter(Directive.isDeletion)
            items.removeAll(where: Directive.isDeletion)
        }
        func precedes(_ a: JSONValue, _ b: JSONValue) -> Bool {
            guard let i = index(of: a, in: order, mergeKey: mergeKey, objects: objects),
                let j = index(of: b, in: order, mergeKey: mergeKey, objects: objects)
            else { return true }
            return i < j
        }
        for start in items.indices.dropFirst() {
            var position = start
            while position > 0 && precedes(items[position], items[position - 1]) {
                items.swapAt(position, position - 1)
                position -= 1
            }
        }
        return items + deletions
    }

    /// Checks that the items of `patch` (deletions aside) appear in `order` in the same relative order.
    static func validate(_ patch: [JSONValue], against order: [JSONValue], mergeKey: String) throws(PatchError) {
        guard !patch.isEmpty, !order.isEmpty else { return }
        var items = patch
        if !mergeKey.isEmpty {
            for item in items where item.objectValue == nil { throw .expected("map[string]interface {}", found: item) }
            items.removeAll(where: Directive.isDeletion)
        }
        var (p, o) = (0, 0)
        while p < items.count && o < order.count {
            if items[p][Directive.patch] != nil {
                p += 1
                continue
            }
            if try sameIdentity(items[p], order[o], mergeKey: mergeKey) { p += 1 }
            o += 1
        }
        if p < items.count {
            throw .unclassified(
                "The order in patch list:\n\(JSONValue.array(patch).goFormatted)\n doesn't match \(Directive.setElementOrder) list:\n\(JSONValue.array(order).goFormatted)\n"
            )
        }
    }

    /// Whether two items have the same identity (apimachinery `mergeKeyValueEqual`).
    static func sameIdentity(_ left: JSONValue, _ right: JSONValue, mergeKey: String) throws(PatchError) -> Bool {
        guard !mergeKey.isEmpty else { return left == right }
        for item in [left, right] {
            guard item.objectValue != nil else { throw .expected("map[string]interface {}", found: item) }
            guard item[mergeKey] != nil else { throw .noMergeKey(item, mergeKey) }
        }
        return left[mergeKey] == right[mergeKey]
    }

    /// Go's `deduplicateScalars`: drops repeated values, moving the last item into each gap.
    static func deduplicated(_ values: [JSONValue]) -> [JSONValue] {
        var values = values
        var last = values.count - 1
        var i = 0
        while i < last {
            var j = i + 1
            while j <= last {
                if values[i] == values[j] {
                    values[j] = values[last]
                    values.removeLast()
                    last -= 1
                } else {
                    j += 1
                }
            }
            i += 1
        }
        return values
    }

    /// The position of the first item of `list` with the identity of `item` (a missing merge key reads as null).
    private static func index(of item: JSONValue, in list: [JSONValue], mergeKey: String, objects: Bool) -> Int? {
        func identity(_ value: JSONValue) -> JSONValue { objects ? value[mergeKey] ?? .null : value }
        let wanted = identity(item)
        return list.firstIndex { identity($0) == wanted }
    }
}
