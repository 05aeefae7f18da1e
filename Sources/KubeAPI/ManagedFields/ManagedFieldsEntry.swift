import Foundation

/// One entry of `metadata.managedFields`: which fields one manager owns, and how it last wrote them.
struct ManagedFieldsEntry: Hashable {
    enum Operation: String {
        case apply = "Apply", update = "Update"
    }

    var manager: String
    var operation: Operation
    var apiVersion: String
    var time: String
    var fields: FieldSet
    /// The subresource the manager wrote through (`status`), nil for the main resource.
    var subresource: String?

    var json: JSONValue {
        var json: JSONValue = [
            "manager": .string(manager), "operation": .string(operation.rawValue), "apiVersion": .string(apiVersion),
            "time": .string(time), "fieldsType": "FieldsV1", "fieldsV1": fields.fieldsV1,
        ]
        if let subresource { json["subresource"] = .string(subresource) }
        return json
    }

    init(
        manager: String, operation: Operation, apiVersion: String, time: String, fields: FieldSet,
        subresource: String? = nil
    ) {
        self.manager = manager
        self.operation = operation
        self.apiVersion = apiVersion
        self.time = time
        self.fields = fields
        self.subresource = subresource
    }

    init?(json: JSONValue) {
        guard let manager = json["manager"]?.stringValue,
            let operation = json["operation"]?.stringValue.flatMap(Operation.init(rawValue:))
        else { return nil }
        self.init(
            manager: manager, operation: operation, apiVersion: json["apiVersion"]?.stringValue ?? "",
            time: json["time"]?.stringValue ?? "", fields: FieldSet(fieldsV1: json["fieldsV1"] ?? .emptyObject),
            subresource: json["subresource"]?.stringValue)
    }

    static func entries(of object: KubeObject) -> [ManagedFieldsEntry] {
        (object.metadata["managedFields"]?.arrayValue ?? []).compactMap(ManagedFieldsEntry.init(json:))
    }

    /// The entries after `manager` wrote `new` over `old` with an Update: it owns what it changed, other
    /// managers lose those fields, and fields that are gone are owned by nobody.
    ///
    /// A write through the `status` subresource records the status fields, in an entry of its own.
    static func record(
        manager: String, operation: Operation, apiVersion: String, time: String, old: KubeObject?, new: KubeObject,
        entries: [ManagedFieldsEntry], subresource: String? = nil
    ) -> [ManagedFieldsEntry] {
        let forStatus = subresource == "status"
        func fields(_ object: JSONValue) -> FieldSet { forStatus ? FieldSet(statusOf: object) : FieldSet(of: object) }
        let newSet = fields(new.json)
        let oldSet = old.map { fields($0.json) } ?? FieldSet()
        let removed = oldSet.subtracting(newSet)
        let changed = FieldSet(
            paths: newSet.paths.filter { path in
                !oldSet.paths.contains(path) || FieldSet.value(at: path, in: new.json) != old.flatMap { FieldSet.value(at: path, in: $0.json) }
            })
        var result: [ManagedFieldsEntry] = []
        var recorded = false
        for var entry in entries {
            if entry.manager == manager && entry.operation == operation && entry.subresource == subresource {
                entry.fields = entry.fields.union(changed).subtracting(removed)
                if !changed.isEmpty { entry.time = time }
                entry.apiVersion = apiVersion
                recorded = true
            } else {
                entry.fields = entry.fields.subtracting(changed).subtracting(removed)
            }
            if !entry.fields.isEmpty { result.append(entry) }
        }
        if !recorded && !changed.isEmpty {
            result.append(
                ManagedFieldsEntry(
                    manager: manager, operation: operation, apiVersion: apiVersion, time: time, fields: changed,
                    subresource: subresource))
        }
        return result
    }
}

extension FieldSet {
    /// The value a field path reaches in an object, nil when the path is not there.
    static func value(at path: [String], in root: JSONValue) -> JSONValue? {
        var current: JSONValue? = root
        for step in path {
            guard let node = current else { return nil }
            if step == "." { continue }
            if step.hasPrefix("f:") {
                current = node[String(step.dropFirst(2))]
            } else if step.hasPrefix("k:") || step.hasPrefix("v:") {
                let items = node.arrayValue ?? []
                if step.hasPrefix("v:") {
                    current = items.first { "v:\($0.jsonString())" == step }
                } else {
                    current = items.first { item in
                        guard let fields = try? JSONValue.parse(json: Data(step.dropFirst(2).utf8)).objectValue else { return false }
                        return fields.allSatisfy { item[$0.key] == $0.value }
                    }
                }
            } else {
                return nil
            }
        }
        return current
    }
}
