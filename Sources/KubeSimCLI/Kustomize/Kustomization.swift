import Foundation
import KubeAPI

/// A `kustomization.yaml` (or `.yml`, or `Kustomization`) read from its directory, with typed access to its fields
/// that names the file and field when a value has the wrong shape.
struct Kustomization {
    /// The names kustomize looks for, in its order.
    static let fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"]

    /// The fields this engine builds.
    static let supportedFields: Set<String> = [
        "apiVersion", "kind", "metadata", "resources", "bases", "namespace", "namePrefix", "nameSuffix", "labels",
        "commonLabels", "commonAnnotations", "images", "replicas", "configMapGenerator", "secretGenerator",
        "generatorOptions", "patches", "patchesStrategicMerge", "patchesJson6902", "sortOptions", "components", "replacements",
    ]

    /// Fields of kustomize's Kustomization that the simulator does not build: refused by name, never ignored.
    static let unsupportedFields: Set<String> = [
        "vars", "helmCharts", "helmGlobals", "helmChartInflationGenerator", "generators",
        "transformers", "validators", "configurations", "crds", "openapi", "buildMetadata", "imageTags",
    ]

    /// Deprecated fields still built, with what replaces them, in the order kustomize warns of them.
    static let deprecatedFields: [(field: String, replacement: String)] = [
        ("bases", "resources"), ("commonLabels", "labels"), ("patchesJson6902", "patches"), ("patchesStrategicMerge", "patches"),
    ]

    /// kustomize's warnings for the deprecated fields this file uses (printed on standard error by kubectl).
    var deprecationWarnings: [String] {
        Self.deprecatedFields.filter { fields[$0.field] != nil }.map {
            "# Warning: '\($0.field)' is deprecated. Please use '\($0.replacement)' instead. Run 'kustomize edit fix' to update your Kustomization automatically."
        }
    }

    /// The directory holding the file.
    let directory: String
    /// The file's path, for messages.
    let path: String
    let fields: [String: JSONValue]

    /// Reads the kustomization file of `directory`, which must be of `kind` (`Kustomization`, or `Component` for
    /// a directory named in `components`).
    init(directory: String, kind expected: String = "Kustomization") throws(KustomizeError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw KustomizeError(directory, "must build at directory: not a valid directory")
        }
        guard let name = Self.fileNames.first(where: {
            FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
        }) else {
            throw KustomizeError(
                directory,
                "unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '\(directory)'")
        }
        self.directory = directory
        path = (directory as NSString).appendingPathComponent(name)
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw KustomizeError(path, "cannot read the file: \(error.localizedDescription)")
        }
        let documents: [JSONValue]
        do {
            // The kustomization itself is read as YAML 1.1 (`yes` is a boolean), its resources and patches as 1.2.
            documents = try JSONValue.parseYAMLDocuments(text)
        } catch {
            throw KustomizeError(path, "invalid Kustomization: \(error)")
        }
        guard !documents.isEmpty else { throw KustomizeError(path, "\(name) is empty") }
        guard documents.count <= 1 else { throw KustomizeError(path, "invalid Kustomization: more than one document") }
        guard let object = (documents.first ?? .emptyObject).objectValue else {
            throw KustomizeError(path, "invalid Kustomization: not a mapping")
        }
        fields = object
        for key in fields.keys.sorted() {
            if Self.unsupportedFields.contains(key) {
                throw KustomizeError(path, field: key, "is not supported by the simulator's kustomize")
            }
            if !Self.supportedFields.contains(key) {
                throw KustomizeError(path, field: key, "invalid Kustomization: json: unknown field \"\(key)\"")
            }
        }
        let kind = fields["kind"]?.stringValue ?? "Kustomization"
        guard kind == expected else {
            throw KustomizeError(path, field: "kind", "expected kind \(FieldError.quoted(expected)), found \(FieldError.quoted(kind))")
        }
    }

    /// A string field, nil when absent.
    func string(_ key: String) throws(KustomizeError) -> String? {
        try Self.string(fields[key], file: path, field: key)
    }

    /// A list of strings, empty when absent.
    func strings(_ key: String) throws(KustomizeError) -> [String] {
        try Self.strings(fields[key], file: path, field: key)
    }

    /// A map of strings (`commonLabels`), empty when absent.
    func stringMap(_ key: String) throws(KustomizeError) -> [String: String] {
        try Self.stringMap(fields[key], file: path, field: key)
    }

    /// A list of objects, each with its field path for messages (`images[2]`).
    func objects(_ key: String) throws(KustomizeError) -> [(value: [String: JSONValue], field: String)] {
        guard let value = fields[key], !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw KustomizeError(path, field: key, "must be a list") }
        var result: [(value: [String: JSONValue], field: String)] = []
        for (index, item) in items.enumerated() {
            guard let object = item.objectValue else { throw KustomizeError(path, field: "\(key)[\(index)]", "must be a mapping") }
            result.append((object, "\(key)[\(index)]"))
        }
        return result
    }

    static func string(_ value: JSONValue?, file: String, field: String) throws(KustomizeError) -> String? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?: return text
        // As kustomize's decoder: a number or boolean where a string belongs is an error (quote it).
        case let other?: throw KustomizeError(file, field: field, "must be a string, not a \(other.typeName) (quote it)")
        }
    }

    static func strings(_ value: JSONValue?, file: String, field: String) throws(KustomizeError) -> [String] {
        guard let value, !value.isNull else { return [] }
        guard let items = value.arrayValue else { throw KustomizeError(file, field: field, "must be a list of strings") }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = try string(item, file: file, field: "\(field)[\(index)]") else {
                throw KustomizeError(file, field: "\(field)[\(index)]", "must be a string")
            }
            result.append(text)
        }
        return result
    }

    static func stringMap(_ value: JSONValue?, file: String, field: String) throws(KustomizeError) -> [String: String] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue else { throw KustomizeError(file, field: field, "must be a mapping of strings") }
        var result: [String: String] = [:]
        for (key, item) in object {
            result[key] = try string(item, file: file, field: "\(field).\(key)") ?? ""
        }
        return result
    }

    static func bool(_ value: JSONValue?, file: String, field: String) throws(KustomizeError) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        default: throw KustomizeError(file, field: field, "must be true or false")
        }
    }

    /// Refuses the keys of `object` that are not in `known`, naming the first.
    static func checkKeys(_ object: [String: JSONValue], _ known: Set<String>, file: String, field: String) throws(KustomizeError) {
        if let unknown = object.keys.sorted().first(where: { !known.contains($0) }) {
            throw KustomizeError(file, field: "\(field).\(unknown)", "unknown or unsupported field")
        }
    }
}
