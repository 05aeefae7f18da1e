/// RFC 7386 JSON merge patch (`application/merge-patch+json`), applied and created as evanphx/json-patch v4
/// does for kube-apiserver and kubectl.
public enum MergePatch {
    /// Applies `patch` to `document`: a null member deletes, an object merges into an object recursively, and
    /// anything else replaces. As in v4, a value that replaces rather than merges loses its null members at any
    /// depth, except an array that replaces an object.
    /// - Throws: 400 `Invalid JSON Patch` for a patch that is neither an object nor an array.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        switch (document, patch) {
        case (.object(let target), .object(let changes)): .object(merge(changes, into: target))
        case (_, .object), (_, .array): patch.removingNullMembers
        default: throw .badRequest("Invalid JSON Patch")
        }
    }

    /// The merge patch that turns `original` into `modified`: changed and added members, nested objects as
    /// their own patches, and `null` for members `modified` lacks. Numbers compare by value (`1` equals `1.0`),
    /// arrays as wholes. When either side is not an object, the patch is `modified` itself.
    public static func create(from original: JSONValue, to modified: JSONValue) -> JSONValue {
        guard case .object(let before) = original, case .object(let after) = modified else { return modified }
        return .object(difference(before, after))
    }

    private static func merge(_ changes: [String: JSONValue], into target: [String: JSONValue]) -> [String: JSONValue] {
        var target = target
        for (key, change) in changes {
            switch (target[key], change) {
            case (_, .null): target[key] = nil
            case (.object(let current)?, .object(let nested)): target[key] = .object(merge(nested, into: current))
            case (.object?, _): target[key] = change
            default: target[key] = change.removingNullMembers
            }
        }
        return target
    }

    private static func difference(_ before: [String: JSONValue], _ after: [String: JSONValue]) -> [String: JSONValue] {
        var patch: [String: JSONValue] = [:]
        for (key, new) in after {
            switch (before[key], new) {
            case (nil, _): patch[key] = new
            case (.object(let old)?, .object(let nested)):
                let changes = difference(old, nested)
                if !changes.isEmpty { patch[key] = .object(changes) }
            case (let old?, _): if !matches(old, new) { patch[key] = new }
            }
        }
        for key in before.keys where after[key] == nil {
            patch[key] = .null
        }
        return patch
    }

    /// Equality as v4's `matchesValue`: numbers as float64.
    private static func matches(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double): number(left) == number(right)
        case (.array(let a), .array(let b)): a.count == b.count && zip(a, b).allSatisfy(matches)
        case (.object(let a), .object(let b)):
            a.count == b.count && a.allSatisfy { key, value in b[key].map { matches(value, $0) } ?? false }
        default: left == right
        }
    }

    private static func number(_ value: JSONValue) -> Double {
        switch value {
        case .int(let number): Double(number)
        case .double(let number): number
        default: .nan
        }
    }
}
