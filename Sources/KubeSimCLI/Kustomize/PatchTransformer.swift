import Foundation
import KubeAPI

/// `patches`, `patchesStrategicMerge` and `patchesJson6902`: strategic-merge patches (a JSON merge patch for
/// kinds without patch strategies) and JSON 6902 patches, applied to the objects their target selects.
struct PatchTransformer {
    let kustomization: Kustomization
    let catalog: ResourceCatalog

    private static let patchKeys: Set<String> = ["path", "patch", "target", "options"]

    /// A patch's text: inline, or read from a file beside the kustomization.
    private func text(_ entry: [String: JSONValue], field: String) throws(KustomizeError) -> String {
        let file = kustomization.path
        let path = try Kustomization.string(entry["path"], file: file, field: "\(field).path")
        let inline = try Kustomization.string(entry["patch"], file: file, field: "\(field).patch")
        switch (path, inline) {
        case (let path?, nil): return try read(path, field: "\(field).path")
        case (nil, let inline?): return inline
        case (nil, nil): throw KustomizeError(file, field: field, "must specify one of path or patch")
        default: throw KustomizeError(file, field: field, "patch and path cannot both be set")
        }
    }

    private func read(_ path: String, field: String) throws(KustomizeError) -> String {
        let full = (kustomization.directory as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full) else {
            throw KustomizeError(kustomization.path, field: field, "cannot read the patch file '\(full)'")
        }
        return String(decoding: data, as: UTF8.self)
    }

    private func documents(_ text: String, field: String) throws(KustomizeError) -> [JSONValue] {
        do {
            return try JSONValue.parseYAMLDocuments(text, yaml12Booleans: true)
        } catch {
            throw KustomizeError(kustomization.path, field: field, "the patch is not valid YAML or JSON: \(error)")
        }
    }

    /// `patchesStrategicMerge`: file paths or inline patches, each selecting its object by its own kind and name.
    func strategicMergeEntries(_ resources: inout [KustomizeResource]) throws(KustomizeError) {
        for (index, entry) in try kustomization.strings("patchesStrategicMerge").enumerated() {
            let field = "patchesStrategicMerge[\(index)]"
            let isInline = entry.contains("\n") || (entry.contains(":") && !FileManager.default.fileExists(
                atPath: (kustomization.directory as NSString).appendingPathComponent(entry)))
            let text = isInline ? entry : try read(entry, field: field)
            for patch in try documents(text, field: field) {
                try strategicMerge(patch, target: nil, into: &resources, field: field, allowNameChange: false)
            }
        }
    }

    /// `patches`: each a strategic-merge or JSON 6902 patch (told apart by its shape), with an optional target.
    func patches(_ resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        for (entry, field) in try kustomization.objects("patches") {
            try Kustomization.checkKeys(entry, Self.patchKeys, file: file, field: field)
            let target = try entry["target"].map { value throws(KustomizeError) in try PatchTarget(value, file: file, field: "\(field).target") }
            var allowNameChange = false
            if let options = entry["options"] {
                guard let object = options.objectValue else { throw KustomizeError(file, field: "\(field).options", "must be a mapping") }
                try Kustomization.checkKeys(object, ["allowNameChange", "allowKindChange"], file: file, field: "\(field).options")
                allowNameChange = try Kustomization.bool(object["allowNameChange"], file: file, field: "\(field).options.allowNameChange")
            }
            let documents = try documents(try text(entry, field: field), field: field)
            if documents.count == 1, let operations = documents[0].arrayValue {
                guard let target else { throw KustomizeError(file, field: "\(field).target", "a JSON 6902 patch needs a target") }
                try json6902(.array(operations), target: target, into: &resources, field: field, allowNameChange: allowNameChange)
            } else {
                for patch in documents {
                    try strategicMerge(patch, target: target, into: &resources, field: field, allowNameChange: allowNameChange)
                }
            }
        }
    }

    /// `patchesJson6902`: JSON 6902 patches (in JSON or YAML) with their target.
    func json6902Entries(_ resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        for (entry, field) in try kustomization.objects("patchesJson6902") {
            try Kustomization.checkKeys(entry, ["path", "patch", "target"], file: file, field: field)
            guard let targetValue = entry["target"] else { throw KustomizeError(file, field: "\(field).target", "must be set") }
            let target = try PatchTarget(targetValue, file: file, field: "\(field).target")
            let documents = try documents(try text(entry, field: field), field: field)
            guard documents.count == 1, documents[0].arrayValue != nil else {
                throw KustomizeError(file, field: field, "a JSON 6902 patch must be a list of operations")
            }
            try json6902(documents[0], target: target, into: &resources, field: field, allowNameChange: true)
        }
    }

    private func strategicMerge(
        _ patch: JSONValue, target: PatchTarget?, into resources: inout [KustomizeResource], field: String, allowNameChange: Bool
    ) throws(KustomizeError) {
        let file = kustomization.path
        guard patch.objectValue != nil else { throw KustomizeError(file, field: field, "a strategic merge patch must be a mapping") }
        let selector: PatchTarget
        if let target {
            selector = target
        } else {
            let (group, version) = ResourceCatalog.split(apiVersion: patch["apiVersion"]?.stringValue ?? "")
            guard let kind = patch["kind"]?.stringValue, let name = patch[["metadata", "name"]]?.stringValue else {
                throw KustomizeError(file, field: field, "a strategic merge patch without a target needs kind and metadata.name")
            }
            selector = PatchTarget(
                group: group, version: version, kind: kind, name: NSRegularExpression.escapedPattern(for: name),
                namespace: patch[["metadata", "namespace"]]?.stringValue.map(NSRegularExpression.escapedPattern(for:)))
        }
        let matched = resources.indices.filter { selector.selects(resources[$0]) }
        guard !matched.isEmpty else {
            throw KustomizeError(file, field: field, "no resource matches strategic merge patch \(FieldError.quoted(selector.description))")
        }
        if patch["$patch"]?.stringValue == "delete" {
            resources = resources.enumerated().filter { !matched.contains($0.offset) }.map(\.element)
            return
        }
        for index in matched {
            var patch = patch
            if target != nil || !allowNameChange { patch[["metadata", "name"]] = .string(resources[index].name) }
            if target != nil {
                patch["apiVersion"] = .string(resources[index].apiVersion)
                patch["kind"] = .string(resources[index].kind)
            }
            let patched: JSONValue
            do {
                if let type = catalog.type(apiVersion: resources[index].apiVersion, kind: resources[index].kind),
                   let metadata = PatchMetadata(for: type) {
                    patched = try StrategicMergePatch.apply(patch, to: resources[index].object, metadata: metadata)
                } else {
                    patched = try MergePatch.apply(patch, to: resources[index].object)
                }
            } catch {
                throw KustomizeError(file, field: field, "cannot patch \(resources[index].id): \(error.message)")
            }
            try replace(&resources[index], with: patched, field: field, allowNameChange: allowNameChange)
        }
    }

    private func json6902(
        _ document: JSONValue, target: PatchTarget, into resources: inout [KustomizeResource], field: String, allowNameChange: Bool
    ) throws(KustomizeError) {
        let file = kustomization.path
        let patch: JSONPatch
        do {
            patch = try JSONPatch(document: document)
        } catch {
            throw KustomizeError(file, field: field, "invalid JSON 6902 patch: \(error.message)")
        }
        let matched = resources.indices.filter { target.selects(resources[$0]) }
        guard !matched.isEmpty else { throw KustomizeError(file, field: "\(field).target", "no resource matches \(FieldError.quoted(target.description))") }
        for index in matched {
            let patched: JSONValue
            do {
                patched = try patch.apply(to: resources[index].object)
            } catch {
                throw KustomizeError(file, field: field, "cannot patch \(resources[index].id): \(error.message)")
            }
            try replace(&resources[index], with: patched, field: field, allowNameChange: allowNameChange)
        }
    }

    /// Puts a patched object in place, keeping the renamed object's earlier name for references.
    private func replace(_ resource: inout KustomizeResource, with patched: JSONValue, field: String, allowNameChange: Bool) throws(KustomizeError) {
        let oldName = resource.name
        resource.object = patched
        let newName = resource.name
        guard newName != oldName else { return }
        guard allowNameChange else {
            throw KustomizeError(kustomization.path, field: field, "the patch changes the name of \(FieldError.quoted(oldName)); set options.allowNameChange")
        }
        resource.name = oldName
        resource.rename(newName)
    }
}
