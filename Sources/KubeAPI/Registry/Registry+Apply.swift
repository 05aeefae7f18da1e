import EtcdCore
import Foundation

extension Registry {
    /// Server-side apply: the configuration's fields become the field manager's, merged into the live object.
    ///
    /// Fields the manager applied before and now leaves out are removed, unless another manager owns them.
    /// A field another manager owns with a different value is a conflict (409) unless `force`, which takes it
    /// over. A missing object is created, its managedFields holding one Apply entry.
    func applyServerSide(
        _ type: ResourceType, namespace: String?, name: String, configuration: JSONValue, options: WriteOptions
    ) async throws -> (object: KubeObject, created: Bool) {
        var configuration = try admit(configuration, as: type, namespace: namespace).json
        guard KubeObject(configuration).name == name else {
            throw StatusError.badRequest(
                "the name of the object (\(KubeObject(configuration).name)) does not match the name on the URL (\(name))")
        }
        if options.fieldManager.isEmpty {
            throw StatusError.badRequest("PATCH is not supported for this field manager: fieldManager is required for apply patch")
        }
        configuration[["metadata", "managedFields"]] = nil
        let applied = FieldSet(of: configuration)
        let namespace = scopedNamespace(type, namespace)
        if try await store.get(key(type, namespace: namespace, name: name)) == nil {
            do {
                return (try await create(type, namespace: namespace, object: configuration, options: options, operation: .apply), true)
            } catch let error as StatusError where error.reason == "AlreadyExists" {
                // Created meanwhile: apply to it below.
            }
        }
        let object = try await replace(type, namespace: namespace, name: name, options: options, operation: .apply) { current in
            var entries = ManagedFieldsEntry.entries(of: current)
            let isMine = { (entry: ManagedFieldsEntry) in entry.manager == options.fieldManager && entry.operation == .apply }
            var conflicts: [(manager: String, apiVersion: String, path: [String])] = []
            for (index, entry) in entries.enumerated() where !isMine(entry) {
                // Only values conflict; a "." path says a map or list item exists, which two managers may share.
                let contested = applied.intersection(entry.fields).paths.filter {
                    $0.last != "." && FieldSet.value(at: $0, in: current.json) != FieldSet.value(at: $0, in: configuration)
                }
                if contested.isEmpty { continue }
                if options.force {
                    entries[index].fields = entry.fields.subtracting(FieldSet(paths: Set(contested)))
                } else {
                    conflicts += contested.sorted { $0.lexicographicallyPrecedes($1) }.map { (entry.manager, entry.apiVersion, $0) }
                }
            }
            if !conflicts.isEmpty { throw Self.applyConflict(type, name: name, conflicts) }

            let previous = entries.first(where: isMine)?.fields ?? FieldSet()
            let othersOwn = entries.filter { !isMine($0) }.reduce(FieldSet()) { $0.union($1.fields) }
            var merged = try Self.merge(configuration, into: current.json, type: type)
            for path in previous.subtracting(applied).subtracting(othersOwn).paths.sorted(by: { $0.count > $1.count }) {
                FieldSet.remove(path, from: &merged)
            }
            let mine = ManagedFieldsEntry(
                manager: options.fieldManager, operation: .apply, apiVersion: type.apiVersion,
                time: RFC3339Timestamp.string(from: now()), fields: applied)
            entries = entries.filter { !isMine($0) && !$0.fields.isEmpty }
            entries.insert(mine, at: 0)
            var result = KubeObject(merged)
            result.json[["metadata", "managedFields"]] = .array(entries.map(\.json))
            result.resourceVersion = nil
            return result
        }
        return (object, false)
    }

    /// The configuration laid over the live object: keyed lists merged item by item for built-in kinds, other
    /// lists and scalars replaced.
    private static func merge(_ configuration: JSONValue, into live: JSONValue, type: ResourceType) throws -> JSONValue {
        do {
            return PatchMetadata(for: type) == nil
                ? try MergePatch.apply(configuration, to: live)
                : try StrategicMergePatch.apply(configuration, to: live, type: type)
        } catch {
            throw error.status
        }
    }

    /// The 409 server-side apply answers, with structured-merge-diff's message.
    private static func applyConflict(
        _ type: ResourceType, name: String, _ conflicts: [(manager: String, apiVersion: String, path: [String])]
    ) -> StatusError {
        let count = conflicts.count == 1 ? "1 conflict" : "\(conflicts.count) conflicts"
        let byManager = Dictionary(grouping: conflicts) { "\($0.manager)\u{0}\($0.apiVersion)" }
        let parts = byManager.keys.sorted().map { key -> String in
            let group = byManager[key]!
            let who = "\(FieldError.quoted(group[0].manager)) using \(group[0].apiVersion)"
            if group.count == 1 { return "conflict with \(who): \(FieldSet.describe(group[0].path))" }
            return "conflicts with \(who):\n" + group.map { "- \(FieldSet.describe($0.path))" }.joined(separator: "\n")
        }
        var error = StatusError(
            code: 409, reason: "Conflict", message: "Apply failed with \(count): " + parts.joined(separator: "\n"),
            name: name, group: type.group, kind: type.plural)
        error.causes = conflicts.map {
            FieldError(.fieldManagerConflict, FieldSet.describe($0.path), value: nil, "conflict with \(FieldError.quoted($0.manager)) using \($0.apiVersion)")
        }
        return error
    }
}

extension FieldSet {
    /// Removes the field a path names from an object (a keyed list item as a whole for its `.` path).
    static func remove(_ path: [String], from root: inout JSONValue) {
        guard let last = path.last else { return }
        var steps = Array(path.dropLast())
        var target = last
        if last == "." {
            guard let item = steps.popLast() else { return }
            target = item
        }
        guard var parent = value(at: steps, in: root) else { return }
        if target.hasPrefix("f:") {
            parent[String(target.dropFirst(2))] = nil
        } else if target.hasPrefix("k:") || target.hasPrefix("v:"), let items = parent.arrayValue {
            parent = .array(items.filter { value(at: [target], in: .array([$0])) == nil })
        } else {
            return
        }
        set(parent, at: steps, in: &root)
    }

    /// Replaces the value at a path of `f:` and `k:` steps.
    private static func set(_ value: JSONValue, at path: [String], in root: inout JSONValue) {
        guard let step = path.first else {
            root = value
            return
        }
        let rest = Array(path.dropFirst())
        if step.hasPrefix("f:") {
            let key = String(step.dropFirst(2))
            var child = root[key] ?? .emptyObject
            set(value, at: rest, in: &child)
            root[key] = child
        } else if (step.hasPrefix("k:") || step.hasPrefix("v:")), var items = root.arrayValue,
            let index = items.firstIndex(where: { Self.value(at: [step], in: .array([$0])) != nil })
        {
            set(value, at: rest, in: &items[index])
            root = .array(items)
        }
    }
}
