import Foundation
import KubeAPI

/// A kubeconfig as client-go holds it (`clientcmd/api.Config`): clusters, users and contexts by name, each
/// with the file it was read from, the current context and the preferences.
struct KubeconfigData: Equatable {
    /// One named stanza: its v1 members (as `KubeconfigSchema.canonical` keeps them) and its file.
    struct Entry: Equatable {
        var fields: [String: JSONValue]
        /// The file the stanza was read from (client-go's `LocationOfOrigin`); nil for a new one.
        var origin: String?
    }

    var clusters: [String: Entry] = [:]
    var users: [String: Entry] = [:]
    var contexts: [String: Entry] = [:]
    var currentContext = ""
    var preferences: [String: JSONValue] = [:]
    var extensions: [JSONValue] = []

    subscript(stanza: KubeconfigSchema.Stanza) -> [String: Entry] {
        get {
            switch stanza {
            case .cluster: clusters
            case .user: users
            case .context: contexts
            }
        }
        set {
            switch stanza {
            case .cluster: clusters = newValue
            case .user: users = newValue
            case .context: contexts = newValue
            }
        }
    }

    /// A load failure, as client-go words it (without the `error loading config file` prefix).
    struct LoadError: Error {
        var message: String
    }

    /// Reads one file (client-go's `LoadFromFile`): an empty file is an empty config; every stanza's origin is
    /// `path` as given. Throws `CocoaError.fileNoSuchFile` for a missing file.
    static func load(path: String) throws -> KubeconfigData {
        guard let data = FileManager.default.contents(atPath: path) else {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                throw LoadError(message: "read \(path): \(isDirectory.boolValue ? "is a directory" : "permission denied")")
            }
            throw CocoaError(.fileNoSuchFile)
        }
        return try decode(String(decoding: data, as: UTF8.self), origin: path)
    }

    /// Decodes a kubeconfig document as client-go's `clientcmdlatest.Codec` does.
    static func decode(_ text: String, origin: String?) throws -> KubeconfigData {
        var config = KubeconfigData()
        guard !text.isEmpty else { return config }
        let document: JSONValue
        do {
            document = try JSONValue.parseYAMLDocuments(text).first ?? .null
        } catch {
            throw LoadError(message: "yaml: \(error)")
        }
        guard document != .null else { return config }
        guard let top = document.objectValue else {
            throw LoadError(
                message: "couldn't get version/kind; json parse error: json: cannot unmarshal \(document.typeName) into Go value of type "
                    + #"struct { APIVersion string "json:\"apiVersion,omitempty\""; Kind string "json:\"kind,omitempty\"" }"#)
        }
        for key in ["apiVersion", "kind"] {
            if let value = top[key], value != .null, value.stringValue == nil {
                throw LoadError(
                    message: "couldn't get version/kind; json parse error: json: cannot unmarshal \(value.typeName) into Go struct field .\(key) of type string")
            }
        }
        let version = top["apiVersion"]?.stringValue ?? ""
        let kind = top["kind"]?.stringValue ?? ""
        if !(version.isEmpty || version == "v1") || !(kind.isEmpty || kind == "Config") {
            throw LoadError(
                message: "no kind \"\(kind.isEmpty ? "Config" : kind)\" is registered for version \"\(version.isEmpty ? "v1" : version)\" in scheme \"k8s.io/client-go/tools/clientcmd/api/latest/latest.go:50\"")
        }
        do {
            for stanza in KubeconfigSchema.Stanza.allCases {
                guard let list = top[stanza.list], list != .null else { continue }
                guard let items = list.arrayValue else {
                    throw KubeconfigSchema.DecodeError.mismatch(list, goStruct: "Config", path: stanza.list, type: "[]v1.\(stanza.namedGoStruct)")
                }
                var entries: [String: Entry] = [:]
                for item in items {
                    guard let fields = item.objectValue else {
                        throw KubeconfigSchema.DecodeError.mismatch(item, goStruct: "Config", path: stanza.list, type: "v1.\(stanza.namedGoStruct)")
                    }
                    let nameValue = fields["name"] ?? ""
                    guard let name = nameValue == .null ? "" : nameValue.stringValue else {
                        throw KubeconfigSchema.DecodeError.mismatch(nameValue, goStruct: stanza.namedGoStruct, path: stanza.list + ".name", type: "string")
                    }
                    let member = fields[stanza.rawValue] ?? .null
                    let canonical = try KubeconfigSchema.canonical(member, stanza: stanza, path: stanza.list + "." + stanza.rawValue)
                    guard entries[name] == nil else {
                        throw KubeconfigSchema.DecodeError(
                            message: "error converting *[]\(stanza.namedGoStruct) into *map[string]*api.\(stanza.goStruct): duplicate name \"\(name)\" in list")
                    }
                    entries[name] = Entry(fields: canonical, origin: origin)
                }
                config[stanza] = entries
            }
            if let current = top["current-context"], current != .null {
                guard let name = current.stringValue else {
                    throw KubeconfigSchema.DecodeError.mismatch(current, goStruct: "Config", path: "current-context", type: "string")
                }
                config.currentContext = name
            }
            if let preferences = top["preferences"], preferences != .null {
                guard let fields = preferences.objectValue else {
                    throw KubeconfigSchema.DecodeError.mismatch(preferences, goStruct: "Config", path: "preferences", type: "v1.Preferences")
                }
                if let colors = fields["colors"], colors != .null {
                    guard let flag = colors.boolValue else {
                        throw KubeconfigSchema.DecodeError.mismatch(colors, goStruct: "Preferences", path: "preferences.colors", type: "bool")
                    }
                    if flag { config.preferences["colors"] = true }
                }
                if let extensions = fields["extensions"]?.arrayValue, !extensions.isEmpty {
                    config.preferences["extensions"] = .array(extensions)
                }
            }
            if let extensions = top["extensions"], extensions != .null {
                guard let items = extensions.arrayValue else {
                    throw KubeconfigSchema.DecodeError.mismatch(extensions, goStruct: "Config", path: "extensions", type: "[]v1.NamedExtension")
                }
                config.extensions = items
            }
        } catch let error as KubeconfigSchema.DecodeError {
            throw LoadError(message: error.message)
        }
        return config
    }

    /// The file as client-go's `WriteToFile` writes it: every list sorted by name (`null` when empty), keys
    /// sorted, `kind: Config` and `apiVersion: v1`.
    func yaml() -> String {
        var document: JSONValue = [
            "apiVersion": "v1", "kind": "Config", "preferences": .object(preferences), "current-context": .string(currentContext),
        ]
        for stanza in KubeconfigSchema.Stanza.allCases {
            let entries = self[stanza]
            document[stanza.list] =
                entries.isEmpty
                ? .null : .array(entries.keys.sorted().map { ["name": .string($0), stanza.rawValue: .object(entries[$0]!.fields)] })
        }
        if !extensions.isEmpty { document["extensions"] = .array(extensions) }
        return document.yamlString()
    }

    /// The files merged as client-go's loading rules merge them: the first file to name a stanza wins it, and
    /// the first to set the current context or a preference sets it.
    static func merged(_ configs: [KubeconfigData]) -> KubeconfigData {
        var merged = KubeconfigData()
        for config in configs {
            for stanza in KubeconfigSchema.Stanza.allCases {
                merged[stanza].merge(config[stanza]) { first, _ in first }
            }
            if merged.currentContext.isEmpty { merged.currentContext = config.currentContext }
            merged.preferences.merge(config.preferences) { first, _ in first }
            if merged.extensions.isEmpty { merged.extensions = config.extensions }
        }
        return merged
    }
}
