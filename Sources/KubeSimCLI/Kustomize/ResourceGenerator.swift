import Foundation
import KubeAPI

/// `configMapGenerator` and `secretGenerator`: ConfigMaps and Secrets made from literals, files and env files,
/// with `generatorOptions`, and their `create`/`merge`/`replace` behaviour over the resources accumulated so far.
struct ResourceGenerator {
    let kustomization: Kustomization

    private static let generatorKeys: Set<String> = ["name", "namespace", "behavior", "literals", "files", "envs", "env", "options", "type"]
    private static let optionKeys: Set<String> = ["labels", "annotations", "disableNameSuffixHash", "immutable"]

    /// Options that apply to one generated object: the kustomization's `generatorOptions` under the entry's own.
    private struct Options {
        var labels: [String: String] = [:]
        var annotations: [String: String] = [:]
        var disableNameSuffixHash = false
        var immutable = false
    }

    /// Runs both generators over `resources`, in kustomize's order (ConfigMaps, then Secrets).
    func run(on resources: inout [KustomizeResource]) throws(KustomizeError) {
        let file = kustomization.path
        let global = try options(kustomization.fields["generatorOptions"], field: "generatorOptions")
        for kind in ["ConfigMap", "Secret"] {
            let key = kind == "ConfigMap" ? "configMapGenerator" : "secretGenerator"
            for (entry, field) in try kustomization.objects(key) {
                try Kustomization.checkKeys(entry, Self.generatorKeys.subtracting(kind == "ConfigMap" ? ["type"] : []), file: file, field: field)
                guard let name = try Kustomization.string(entry["name"], file: file, field: "\(field).name"), !name.isEmpty else {
                    throw KustomizeError(file, field: "\(field).name", "a generator needs a name")
                }
                var own = try options(entry["options"], field: "\(field).options")
                own.labels = global.labels.merging(own.labels) { _, local in local }
                own.annotations = global.annotations.merging(own.annotations) { _, local in local }
                own.disableNameSuffixHash = own.disableNameSuffixHash || global.disableNameSuffixHash
                own.immutable = own.immutable || global.immutable
                let namespace = try Kustomization.string(entry["namespace"], file: file, field: "\(field).namespace")
                let (data, binary) = try self.data(entry, field: field, secret: kind == "Secret")
                var object: JSONValue = ["apiVersion": "v1", "kind": .string(kind), "metadata": ["name": .string(name)]]
                if let namespace { object[["metadata", "namespace"]] = .string(namespace) }
                if !own.labels.isEmpty { object[["metadata", "labels"]] = .object(own.labels.mapValues(JSONValue.string)) }
                if !own.annotations.isEmpty { object[["metadata", "annotations"]] = .object(own.annotations.mapValues(JSONValue.string)) }
                if kind == "Secret" {
                    object["data"] = .object(data.mapValues { .string(Data($0.utf8).base64EncodedString()) }
                        .merging(binary.mapValues { .string($0.base64EncodedString()) }) { first, _ in first })
                    object["type"] = .string(try Kustomization.string(entry["type"], file: file, field: "\(field).type") ?? "Opaque")
                } else {
                    object["data"] = .object(data.mapValues(JSONValue.string))
                    if !binary.isEmpty { object["binaryData"] = .object(binary.mapValues { .string($0.base64EncodedString()) }) }
                }
                if own.immutable { object["immutable"] = true }
                let behavior = try Kustomization.string(entry["behavior"], file: file, field: "\(field).behavior") ?? "create"
                var generated = KustomizeResource(object: object, source: file)
                generated.needsHashSuffix = !own.disableNameSuffixHash
                try place(generated, behavior: behavior, namespace: namespace, into: &resources, field: field)
            }
        }
    }

    /// Adds a generated object, or merges it into (or replaces) the one of that name the resources already have.
    private func place(
        _ generated: KustomizeResource, behavior: String, namespace: String?, into resources: inout [KustomizeResource], field: String
    ) throws(KustomizeError) {
        let file = kustomization.path
        let existing = resources.firstIndex { resource in
            resource.kind == generated.kind && resource.apiVersion == "v1" && resource.allNames.contains(generated.name)
                && (namespace == nil || resource.namespace == namespace)
        }
        switch behavior {
        case "create":
            if let existing {
                throw KustomizeError(file, field: "\(field).name",
                    "a \(generated.kind) named \(FieldError.quoted(generated.name)) already exists (from \(resources[existing].source)); use behavior merge or replace")
            }
            resources.append(generated)
        case "merge", "replace":
            guard let existing else {
                throw KustomizeError(file, field: "\(field).behavior",
                    "\(behavior): no \(generated.kind) named \(FieldError.quoted(generated.name)) to \(behavior)")
            }
            var base = resources[existing]
            if behavior == "merge" {
                for key in ["data", "binaryData"] {
                    let merged = (base.object[key]?.objectValue ?? [:]).merging(generated.object[key]?.objectValue ?? [:]) { _, new in new }
                    if !merged.isEmpty { base.object[key] = .object(merged) }
                }
            } else {
                base.object["data"] = generated.object["data"]
                base.object["binaryData"] = generated.object["binaryData"]
            }
            for key in ["labels", "annotations"] {
                let merged = (base.object[["metadata", key]]?.objectValue ?? [:]).merging(generated.object[["metadata", key]]?.objectValue ?? [:]) { _, new in new }
                if !merged.isEmpty { base.object[["metadata", key]] = .object(merged) }
            }
            if let immutable = generated.object["immutable"] { base.object["immutable"] = immutable }
            base.needsHashSuffix = base.needsHashSuffix && generated.needsHashSuffix
            resources[existing] = base
        default:
            throw KustomizeError(file, field: "\(field).behavior", "unknown behavior \(FieldError.quoted(behavior)) (create, merge or replace)")
        }
    }

    private func options(_ value: JSONValue?, field: String) throws(KustomizeError) -> Options {
        guard let value, !value.isNull else { return Options() }
        guard let object = value.objectValue else { throw KustomizeError(kustomization.path, field: field, "must be a mapping") }
        let file = kustomization.path
        try Kustomization.checkKeys(object, Self.optionKeys, file: file, field: field)
        return Options(
            labels: try Kustomization.stringMap(object["labels"], file: file, field: "\(field).labels"),
            annotations: try Kustomization.stringMap(object["annotations"], file: file, field: "\(field).annotations"),
            disableNameSuffixHash: try Kustomization.bool(object["disableNameSuffixHash"], file: file, field: "\(field).disableNameSuffixHash"),
            immutable: try Kustomization.bool(object["immutable"], file: file, field: "\(field).immutable"))
    }

    /// The entry's keys and values: text values (`data`), and file contents that are not UTF-8 (`binaryData`).
    private func data(_ entry: [String: JSONValue], field: String, secret: Bool) throws(KustomizeError) -> ([String: String], [String: Data]) {
        let file = kustomization.path
        var text: [String: String] = [:]
        var binary: [String: Data] = [:]
        func add(_ key: String, _ value: String, _ at: String) throws(KustomizeError) {
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || "-._".contains($0) }), key.allSatisfy(\.isASCII) else {
                throw KustomizeError(file, field: at, "\(FieldError.quoted(key)) is not a valid key name for a \(secret ? "Secret" : "ConfigMap")")
            }
            guard text[key] == nil && binary[key] == nil else {
                throw KustomizeError(file, field: at, "cannot add key \(FieldError.quoted(key)), another key by that name already exists")
            }
            text[key] = value
        }
        for (index, literal) in try Kustomization.strings(entry["literals"], file: file, field: "\(field).literals").enumerated() {
            let at = "\(field).literals[\(index)]"
            guard let equals = literal.firstIndex(of: "=") else {
                throw KustomizeError(file, field: at, "invalid literal source \(literal), expected key=value")
            }
            var value = String(literal[literal.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            try add(String(literal[..<equals]), value, at)
        }
        for (index, source) in try Kustomization.strings(entry["files"], file: file, field: "\(field).files").enumerated() {
            let at = "\(field).files[\(index)]"
            let parts = source.split(separator: "=", maxSplits: 1).map(String.init)
            let (key, path) = parts.count == 2 ? (parts[0], parts[1]) : ((source as NSString).lastPathComponent, source)
            let contents = try read(path, at: at)
            if let string = String(validating: contents, as: UTF8.self) {
                try add(key, string, at)
            } else {
                try add(key, "", at)
                text[key] = nil
                binary[key] = contents
            }
        }
        let envs = try Kustomization.strings(entry["envs"], file: file, field: "\(field).envs")
            + (try Kustomization.string(entry["env"], file: file, field: "\(field).env").map { [$0] } ?? [])
        for (index, path) in envs.enumerated() {
            let at = "\(field).envs[\(index)]"
            let contents = String(decoding: try read(path, at: at), as: UTF8.self)
            for (number, rawLine) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = rawLine.drop { $0 == " " || $0 == "\t" }.trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
                if line.isEmpty || line.hasPrefix("#") { continue }
                if let equals = line.firstIndex(of: "=") {
                    try add(String(line[..<equals]), String(line[line.index(after: equals)...]), "\(at) (\(path) line \(number + 1))")
                } else if let value = ProcessInfo.processInfo.environment[line] {
                    try add(line, value, "\(at) (\(path) line \(number + 1))")
                }
            }
        }
        return (text, binary)
    }

    /// A file named by a generator, which must lie in or below the kustomization's directory.
    private func read(_ path: String, at field: String) throws(KustomizeError) -> Data {
        let root = URL(fileURLWithPath: kustomization.directory).standardizedFileURL.path
        let full = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: root + "/")).standardizedFileURL.path
        guard full.hasPrefix(root + "/") else {
            throw KustomizeError(kustomization.path, field: field, "security; file '\(full)' is not in or below '\(root)'")
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: full))
        } catch {
            throw KustomizeError(kustomization.path, field: field, "cannot read '\(full)': no such file or unreadable")
        }
    }
}
