import Foundation
import KubeAPI

/// The members of client-go's kubeconfig types (`k8s.io/client-go/tools/clientcmd/api/v1`), which decide what
/// a kubeconfig file keeps when kubectl reads and rewrites it: known members only, zero values of `omitempty`
/// members left out, the others always written.
enum KubeconfigSchema {
    /// A member's Go type.
    enum MemberType: Equatable {
        case string, bool, bytes, strings, stringListMap
        case authProvider, exec, extensions

        /// The type's name in Go's `json: cannot unmarshal` messages.
        var goName: String {
            switch self {
            case .string: "string"
            case .bool: "bool"
            case .bytes: "[]uint8"
            case .strings: "[]string"
            case .stringListMap: "map[string][]string"
            case .authProvider: "v1.AuthProviderConfig"
            case .exec: "v1.ExecConfig"
            case .extensions: "[]v1.NamedExtension"
            }
        }
    }

    /// One member: its v1 JSON name, the name the internal type (`kubectl config set`) uses, its type, and
    /// whether its zero value is left out.
    struct Member {
        var name: String
        var internalName: String
        var type: MemberType
        var omitEmpty = true

        init(_ name: String, _ type: MemberType, internalName: String? = nil, omitEmpty: Bool = true) {
            self.name = name
            self.internalName = internalName ?? name
            self.type = type
            self.omitEmpty = omitEmpty
        }
    }

    /// The three kinds of named stanza.
    enum Stanza: String, CaseIterable, Sendable {
        case cluster, user, context

        /// The list the stanzas are kept in (`clusters`, `users`, `contexts`).
        var list: String { rawValue + "s" }
        /// The Go struct in messages.
        var goStruct: String { self == .user ? "AuthInfo" : rawValue.capitalized }
        var namedGoStruct: String { "Named" + goStruct }

        var members: [Member] {
            switch self {
            case .cluster:
                [
                    Member("server", .string, omitEmpty: false), Member("tls-server-name", .string),
                    Member("insecure-skip-tls-verify", .bool), Member("certificate-authority", .string),
                    Member("certificate-authority-data", .bytes), Member("proxy-url", .string),
                    Member("disable-compression", .bool), Member("extensions", .extensions),
                ]
            case .user:
                [
                    Member("client-certificate", .string), Member("client-certificate-data", .bytes),
                    Member("client-key", .string), Member("client-key-data", .bytes), Member("token", .string),
                    Member("tokenFile", .string), Member("as", .string, internalName: "act-as"),
                    Member("as-uid", .string, internalName: "act-as-uid"),
                    Member("as-groups", .strings, internalName: "act-as-groups"),
                    Member("as-user-extra", .stringListMap, internalName: "act-as-user-extra"),
                    Member("username", .string), Member("password", .string), Member("auth-provider", .authProvider),
                    Member("exec", .exec), Member("extensions", .extensions),
                ]
            case .context:
                [
                    Member("cluster", .string, omitEmpty: false), Member("user", .string, omitEmpty: false),
                    Member("namespace", .string), Member("extensions", .extensions),
                ]
            }
        }

        /// The members that name files, read relative to the kubeconfig (client-go's `Get*FileReferences`).
        var fileReferences: [String] {
            switch self {
            case .cluster: ["certificate-authority"]
            case .user: ["client-certificate", "client-key", "tokenFile"]
            case .context: []
            }
        }
    }

    /// A decoding failure, worded as Go's `encoding/json`.
    struct DecodeError: Error {
        var message: String

        static func mismatch(_ value: JSONValue, goStruct: String, path: String, type: String) -> DecodeError {
            DecodeError(message: "json: cannot unmarshal \(value.typeName) into Go struct field \(goStruct).\(path) of type \(type)")
        }
    }

    /// A stanza's members as kubectl keeps them: unknown members dropped, zero values of `omitempty` members left
    /// out, the others present.
    static func canonical(_ value: JSONValue, stanza: Stanza, path: String) throws(DecodeError) -> [String: JSONValue] {
        guard value != .null else { return canonical([:], stanza: stanza) }
        guard let fields = value.objectValue else {
            throw .mismatch(value, goStruct: stanza.namedGoStruct, path: path, type: "v1.\(stanza.goStruct)")
        }
        var result: [String: JSONValue] = [:]
        for member in stanza.members {
            guard let field = fields[member.name], field != .null else { continue }
            result[member.name] = try decode(field, member.type, goStruct: stanza.goStruct, path: path + "." + member.name)
        }
        return canonical(result, stanza: stanza)
    }

    /// `fields` with the zero values of `omitempty` members removed and the other members present.
    static func canonical(_ fields: [String: JSONValue], stanza: Stanza) -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        for member in stanza.members {
            let value = fields[member.name] ?? .null
            if isZero(value) {
                if !member.omitEmpty { result[member.name] = zero(member.type) }
            } else {
                result[member.name] = value
            }
        }
        return result
    }

    static func isZero(_ value: JSONValue) -> Bool {
        switch value {
        case .null: true
        case .string(let text): text.isEmpty
        case .bool(let flag): !flag
        case .array(let items): items.isEmpty
        case .object(let fields): fields.isEmpty
        default: false
        }
    }

    static func zero(_ type: MemberType) -> JSONValue {
        switch type {
        case .string: ""
        case .bool: false
        default: .null
        }
    }

    private static func decode(_ value: JSONValue, _ type: MemberType, goStruct: String, path: String) throws(DecodeError) -> JSONValue {
        func mismatch() -> DecodeError { .mismatch(value, goStruct: goStruct, path: path, type: type.goName) }
        switch type {
        case .string:
            guard value.stringValue != nil else { throw mismatch() }
            return value
        case .bool:
            guard value.boolValue != nil else { throw mismatch() }
            return value
        case .bytes:
            guard let text = value.stringValue else { throw mismatch() }
            switch GoBase64.decode(text) {
            case .success(let data): return .string(data.base64EncodedString())
            case .failure(let error): throw DecodeError(message: error.description)
            }
        case .strings:
            guard let items = value.arrayValue else { throw mismatch() }
            for item in items where item.stringValue == nil && item != .null {
                throw .mismatch(item, goStruct: goStruct, path: path, type: "string")
            }
            return .array(items.map { $0 == .null ? "" : $0 })
        case .stringListMap:
            guard let fields = value.objectValue else { throw mismatch() }
            var result: [String: JSONValue] = [:]
            for (key, list) in fields {
                result[key] = list == .null ? .null : try decode(list, .strings, goStruct: goStruct, path: path)
            }
            return .object(result)
        case .authProvider:
            guard let fields = value.objectValue else { throw mismatch() }
            var result: JSONValue = ["name": "", "config": .null]
            if let name = fields["name"], name != .null {
                result["name"] = try decode(name, .string, goStruct: "AuthProviderConfig", path: path + ".name")
            }
            if let config = fields["config"], config != .null {
                guard let entries = config.objectValue else {
                    throw .mismatch(config, goStruct: "AuthProviderConfig", path: path + ".config", type: "map[string]string")
                }
                for (_, entry) in entries where entry.stringValue == nil {
                    throw .mismatch(entry, goStruct: "AuthProviderConfig", path: path + ".config", type: "string")
                }
                result["config"] = config
            }
            return result
        case .exec:
            return try decodeExec(value, path: path, mismatch: mismatch())
        case .extensions:
            guard let items = value.arrayValue else { throw mismatch() }
            return .array(
                try items.map { (item) throws(DecodeError) -> JSONValue in
                    guard let fields = item.objectValue else {
                        throw .mismatch(item, goStruct: goStruct, path: path, type: "v1.NamedExtension")
                    }
                    let name = try decode(fields["name"] ?? "", .string, goStruct: "NamedExtension", path: path + ".name")
                    return ["name": name, "extension": fields["extension"] ?? .null]
                })
        }
    }

    /// An `exec` stanza: its members, `interactiveMode` defaulted as client-go's `SetDefaults_ExecConfig` does.
    private static func decodeExec(_ value: JSONValue, path: String, mismatch: DecodeError) throws(DecodeError) -> JSONValue {
        guard let fields = value.objectValue else { throw mismatch }
        var result: JSONValue = ["command": "", "args": .null, "env": .null, "provideClusterInfo": false]
        for (name, type) in [("command", MemberType.string), ("apiVersion", .string), ("installHint", .string), ("interactiveMode", .string)] {
            if let field = fields[name], field != .null {
                result[name] = try decode(field, type, goStruct: "ExecConfig", path: path + "." + name)
            }
        }
        if let flag = fields["provideClusterInfo"], flag != .null {
            result["provideClusterInfo"] = try decode(flag, .bool, goStruct: "ExecConfig", path: path + ".provideClusterInfo")
        }
        if let args = fields["args"], args != .null {
            result["args"] = try decode(args, .strings, goStruct: "ExecConfig", path: path + ".args")
        }
        if let env = fields["env"], env != .null {
            guard let items = env.arrayValue else {
                throw .mismatch(env, goStruct: "ExecConfig", path: path + ".env", type: "[]v1.ExecEnvVar")
            }
            result["env"] = .array(
                try items.map { (item) throws(DecodeError) -> JSONValue in
                    guard let variable = item.objectValue else {
                        throw .mismatch(item, goStruct: "ExecConfig", path: path + ".env", type: "v1.ExecEnvVar")
                    }
                    return [
                        "name": try decode(variable["name"] ?? "", .string, goStruct: "ExecEnvVar", path: path + ".env.name"),
                        "value": try decode(variable["value"] ?? "", .string, goStruct: "ExecEnvVar", path: path + ".env.value"),
                    ]
                })
        }
        for (name, _) in result.objectValue ?? [:] where ["apiVersion", "installHint", "interactiveMode"].contains(name) {
            if result[name]?.stringValue == "" { result[name] = nil }
        }
        let version = result["apiVersion"]?.stringValue
        if result["interactiveMode"] == nil,
            version == "client.authentication.k8s.io/v1beta1" || version == "client.authentication.k8s.io/v1alpha1"
        {
            result["interactiveMode"] = "IfAvailable"
        }
        return result
    }
}
