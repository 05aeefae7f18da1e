import Foundation
import KubeAPI

/// `replacements`: a value read from one object's field (`source`, by default its name) copied into fields of
/// the objects each target selects, whole or as one part of a delimited string, as kustomize's replacement
/// transformer does (the last transformer of a kustomization).
struct ReplacementTransformer {
    let kustomization: Kustomization

    private static let sourceKeys: Set<String> = ["group", "version", "kind", "name", "namespace", "fieldPath", "options"]
    private static let optionKeys: Set<String> = ["delimiter", "index", "create"]

    /// A value split at `delimiter`, the part at `index` meant.
    private struct Options {
        var delimiter: String?
        var index = 0
        var create = false
    }

    func apply(to resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        for (entry, field) in try kustomization.objects("replacements") {
            if let path = try Kustomization.string(entry["path"], file: file, field: "\(field).path") {
                try Kustomization.checkKeys(entry, ["path"], file: file, field: field)
                for (index, replacement) in try replacements(in: path, field: "\(field).path").enumerated() {
                    try run(replacement, field: "\(field).path[\(index)]", on: &resources)
                }
            } else {
                try run(entry, field: field, on: &resources)
            }
        }
    }

    /// The replacements a `path` entry's file lists.
    private func replacements(in path: String, field: String) throws(KustomizeError) -> [[String: JSONValue]] {
        let full = (kustomization.directory as NSString).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: full),
              let documents = try? JSONValue.parseYAMLDocuments(String(decoding: data, as: UTF8.self), yaml12Booleans: true)
        else { throw KustomizeError(kustomization.path, field: field, "cannot read replacements from '\(full)'") }
        var result: [[String: JSONValue]] = []
        for document in documents {
            for item in document.arrayValue ?? [document] {
                guard let object = item.objectValue else { throw KustomizeError(full, "a replacement must be a mapping") }
                result.append(object)
            }
        }
        return result
    }

    private func run(_ entry: [String: JSONValue], field: String, on resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        try Kustomization.checkKeys(entry, ["source", "targets"], file: file, field: field)
        guard let source = entry["source"]?.objectValue else { throw KustomizeError(file, field: "\(field).source", "must be set") }
        try Kustomization.checkKeys(source, Self.sourceKeys, file: file, field: "\(field).source")
        func text(_ key: String) throws(KustomizeError) -> String? {
            try Kustomization.string(source[key], file: file, field: "\(field).source.\(key)")
        }
        let selector = PatchTarget(
            group: try text("group"), version: try text("version"), kind: try text("kind"),
            name: try text("name").map(NSRegularExpression.escapedPattern(for:)),
            namespace: try text("namespace").map(NSRegularExpression.escapedPattern(for:)))
        let matches = resources.filter { selector.selects($0) }
        guard matches.count == 1 else {
            throw KustomizeError(file, field: "\(field).source",
                matches.isEmpty ? "nothing selected by \(selector.description)" : "multiple matches for selector \(selector.description)")
        }
        let sourcePath = try FieldPath(try text("fieldPath") ?? "metadata.name", file: file, field: "\(field).source.fieldPath")
        guard var value = sourcePath.value(in: matches[0].object) else {
            throw KustomizeError(file, field: "\(field).source.fieldPath", "fieldPath `\(sourcePath.text)` is missing for replacement source \(matches[0].id)")
        }
        let sourceOptions = try options(source["options"], field: "\(field).source.options")
        if let delimiter = sourceOptions.delimiter {
            guard let string = value.stringValue else {
                throw KustomizeError(file, field: "\(field).source.options", "a delimiter needs a string value")
            }
            let parts = string.components(separatedBy: delimiter)
            guard parts.indices.contains(sourceOptions.index) else {
                throw KustomizeError(file, field: "\(field).source.options.index", "options.index \(sourceOptions.index) is out of bounds for value \(string)")
            }
            value = .string(parts[sourceOptions.index])
        }
        guard let targets = entry["targets"]?.arrayValue else { throw KustomizeError(file, field: "\(field).targets", "must be a list") }
        for (number, targetValue) in targets.enumerated() {
            try apply(value, target: targetValue, field: "\(field).targets[\(number)]", to: &resources)
        }
    }

    private func apply(_ value: JSONValue, target: JSONValue, field: String, to resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        guard let target = target.objectValue else { throw KustomizeError(file, field: field, "must be a mapping") }
        try Kustomization.checkKeys(target, ["select", "reject", "fieldPaths", "options"], file: file, field: field)
        guard let selectValue = target["select"] else { throw KustomizeError(file, field: "\(field).select", "must be set") }
        let select = try PatchTarget(selectValue, file: file, field: "\(field).select")
        var rejects: [PatchTarget] = []
        for (index, reject) in (target["reject"]?.arrayValue ?? []).enumerated() {
            rejects.append(try PatchTarget(reject, file: file, field: "\(field).reject[\(index)]"))
        }
        let paths = try Kustomization.strings(target["fieldPaths"], file: file, field: "\(field).fieldPaths").enumerated().map {
            (index, text) throws(KustomizeError) in try FieldPath(text, file: file, field: "\(field).fieldPaths[\(index)]")
        }
        let options = try options(target["options"], field: "\(field).options")
        for index in resources.indices where select.selects(resources[index]) && !rejects.contains(where: { $0.selects(resources[index]) }) {
            for path in paths {
                let updated = try path.setting(in: resources[index].object, create: options.create) { (current: JSONValue?) throws(KustomizeError) -> JSONValue in
                    guard let delimiter = options.delimiter else { return value }
                    guard let string = value.stringValue else {
                        throw KustomizeError(file, field: "\(field).options", "a delimiter needs a string value")
                    }
                    var parts = (current?.stringValue ?? "").components(separatedBy: delimiter)
                    guard parts.indices.contains(options.index) else {
                        throw KustomizeError(file, field: "\(field).options.index", "options.index \(options.index) is out of bounds for value \(current?.stringValue ?? "")")
                    }
                    parts[options.index] = string
                    return .string(parts.joined(separator: delimiter))
                }
                guard let updated else {
                    throw KustomizeError(file, field: "\(field).fieldPaths", "unable to find field \"\(path.text)\" in replacement target \(resources[index].id)")
                }
                let oldName = resources[index].name
                resources[index].object = updated
                if resources[index].name != oldName {
                    let newName = resources[index].name
                    resources[index].name = oldName
                    resources[index].rename(newName)
                }
            }
        }
    }

    private func options(_ value: JSONValue?, field: String) throws(KustomizeError) -> Options {
        guard let value, !value.isNull else { return Options() }
        let file = kustomization.path
        guard let object = value.objectValue else { throw KustomizeError(file, field: field, "must be a mapping") }
        try Kustomization.checkKeys(object, Self.optionKeys, file: file, field: field)
        var options = Options()
        options.delimiter = try Kustomization.string(object["delimiter"], file: file, field: "\(field).delimiter")
        if let index = object["index"] {
            guard let number = index.intValue else { throw KustomizeError(file, field: "\(field).index", "must be an integer") }
            options.index = Int(number)
        }
        options.create = try Kustomization.bool(object["create"], file: file, field: "\(field).create")
        return options
    }
}
