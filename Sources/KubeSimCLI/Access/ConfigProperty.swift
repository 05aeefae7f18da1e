import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim config set PROPERTY VALUE [--set-raw-bytes]`: one value by its dotted path through client-go's
/// internal `Config` (`clusters.NAME.server`, `users.NAME.act-as`, `current-context`, ...).
struct ConfigSet: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Set an individual value in a kubeconfig file.")
    @OptionGroup var file: KubeconfigFileOptions
    @Option(name: .customLong("set-raw-bytes"), help: "When writing a []byte PROPERTY_VALUE, write the given string directly without base64 decoding.")
    var setRawBytes: String?
    @Argument(help: "PROPERTY_NAME PROPERTY_VALUE") var arguments: [String] = []

    func run() throws {
        let raw = try setRawBytes.map { try GoBool.flag($0, "set-raw-bytes", command: "config set") } ?? false
        guard arguments.count == 2 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(arguments))") }
        let (name, value) = (arguments[0], arguments[1])
        guard !value.isEmpty else { throw CommandError("you cannot use set to unset a property") }
        guard !name.isEmpty else { throw CommandError("you must specify a property") }
        let files = file.files()
        let config = try files.startingConfig()
        var new = config
        try ConfigProperty(name).apply(to: &new, value: value, unset: false, rawBytes: raw)
        try files.modify(from: config, to: new, relativizePaths: false)
        Console.standard.out.line("Property \(GoStringLiteral.quote(name)) set.")
    }
}

/// `kubesim config unset PROPERTY`.
struct ConfigUnset: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unset", abstract: "Unset an individual value in a kubeconfig file.")
    @OptionGroup var file: KubeconfigFileOptions
    @Argument(help: "PROPERTY_NAME") var arguments: [String] = []

    func run() throws {
        guard arguments.count == 1 else { try ConfigUsage.fail(Self.self, "Unexpected args: \(ConfigUsage.list(arguments))") }
        let name = arguments[0]
        guard !name.isEmpty else { throw CommandError("you must specify a property") }
        let files = file.files()
        let config = try files.startingConfig()
        var new = config
        try ConfigProperty(name).apply(to: &new, value: "", unset: true, rawBytes: true)
        try files.modify(from: config, to: new, relativizePaths: false, preferencesReset: name == "preferences")
        Console.standard.out.line("Property \(GoStringLiteral.quote(name)) unset.")
    }
}

/// A dotted property path read as kubectl's `navigationSteps` reads it: a map key runs until the next part
/// that names a member of the map's values, so names may hold dots (`clusters.a.b.server` is cluster `a.b`).
struct ConfigProperty {
    let path: String

    init(_ path: String) { self.path = path }

    /// The internal `Config`'s members and their Go types.
    private static let topMembers: [String: String] = [
        "kind": "string", "apiVersion": "string", "preferences": "api.Preferences", "clusters": "map[string]*api.Cluster",
        "users": "map[string]*api.AuthInfo", "contexts": "map[string]*api.Context", "current-context": "string",
        "extensions": "map[string]runtime.Object",
    ]
    private static let stanzaLists: [String: KubeconfigSchema.Stanza] = ["clusters": .cluster, "users": .user, "contexts": .context]

    func apply(to config: inout KubeconfigData, value: String, unset: Bool, rawBytes: Bool) throws {
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let first = parts[0]
        guard Self.topMembers[first] != nil else { throw CommandError("unable to parse \(path) after [] at api.Config") }
        let rest = Array(parts.dropFirst())
        switch first {
        case "current-context":
            guard rest.isEmpty else { throw unparsable() }
            config.currentContext = value
        case "kind", "apiVersion":
            // Members of the internal type that the file's encoding sets itself: kubectl changes nothing.
            guard rest.isEmpty else { throw unparsable() }
        case "preferences":
            try applyPreferences(rest, to: &config, value: value, unset: unset)
        case "extensions":
            guard rest.isEmpty else { throw unsupported() }
            if !unset { throw CommandError("can't set a map to a value: map[]") }
            config.extensions = []
        default:
            let stanza = Self.stanzaLists[first]!
            try applyStanza(stanza, rest, to: &config, value: value, unset: unset, rawBytes: rawBytes)
        }
    }

    private func unparsable() -> CommandError { CommandError("unable to parse one or more field values of \(path)") }

    private func unsupported() -> CommandError {
        CommandError("kubesim config: \(path): kubectl cannot set or unset this property either (it stops with a Go panic)")
    }

    private func applyPreferences(_ rest: [String], to config: inout KubeconfigData, value: String, unset: Bool) throws {
        guard let member = rest.first else {
            guard unset else {
                throw CommandError(
                    #"unable to locate path config.navigationStep{stepValue:"", stepType:reflect.Type(nil)} under {\#(config.preferences["colors"] != nil) map[]}"#)
            }
            config.preferences = [:]
            return
        }
        switch member {
        case "colors":
            guard rest.count == 1 else { throw unparsable() }
            config.preferences["colors"] = try Self.bool(value) ? true : nil
        case "extensions":
            guard rest.count == 1 else { throw unsupported() }
            if !unset { throw CommandError("can't set a map to a value: map[]") }
            config.preferences["extensions"] = nil
        default:
            throw CommandError("unable to parse \(path) after [{preferences api.Preferences}] at api.Preferences")
        }
    }

    private func applyStanza(
        _ stanza: KubeconfigSchema.Stanza, _ rest: [String], to config: inout KubeconfigData, value: String, unset: Bool, rawBytes: Bool
    ) throws {
        guard !rest.isEmpty else {
            guard unset else { throw CommandError("can't set a map to a value: " + Self.mapText(config[stanza].keys)) }
            config[stanza] = [:]
            return
        }
        let members = Dictionary(uniqueKeysWithValues: stanza.members.map { ($0.internalName, $0) })
        // The key runs up to the first later part that names a member (all the rest when none does).
        let keyLength = (rest.dropFirst().firstIndex { members[$0] != nil } ?? rest.count)
        let name = rest[..<keyLength].joined(separator: ".")
        let fieldPath = Array(rest[keyLength...])
        guard let memberName = fieldPath.first, let member = members[memberName] else {
            guard unset else { throw CommandError("can't set a map to a value: " + Self.mapText(config[stanza].keys)) }
            config[stanza][name] = nil
            return
        }
        // A member that is not a struct ends the path (kubectl cannot walk into its maps either).
        if fieldPath.count > 1 { throw [.stringListMap, .extensions].contains(member.type) ? unsupported() : unparsable() }
        var entry = config[stanza][name] ?? KubeconfigData.Entry(fields: KubeconfigSchema.canonical([:], stanza: stanza), origin: nil)
        if config[stanza][name] == nil && unset { throw CommandError("current map key `\(name)` is invalid") }
        var fields = entry.fields
        if unset {
            fields[member.name] = nil
        } else {
            switch member.type {
            case .string: fields[member.name] = .string(value)
            case .bool: fields[member.name] = .bool(try Self.bool(value))
            case .bytes:
                if rawBytes {
                    fields[member.name] = .string(Data(value.utf8).base64EncodedString())
                } else {
                    switch GoBase64.decode(value) {
                    case .success(let data): fields[member.name] = .string(data.base64EncodedString())
                    case .failure(let error): throw CommandError("error decoding input value: \(error)")
                    }
                }
            case .strings: throw CommandError("unrecognized slice type. string")
            case .stringListMap, .extensions: throw CommandError("can't set a map to a value: map[]")
            case .authProvider, .exec: throw unsupported()
            }
        }
        entry.fields = KubeconfigSchema.canonical(fields, stanza: stanza)
        config[stanza][name] = entry
    }

    /// `toBool`: empty is false, else Go's `strconv.ParseBool`.
    private static func bool(_ text: String) throws -> Bool {
        if text.isEmpty { return false }
        do {
            return try GoBool.parse(text)
        } catch {
            throw CommandError("strconv.ParseBool: parsing \(GoStringLiteral.quote(text)): invalid syntax")
        }
    }

    /// A map in Go's `%v`, by its keys (kubectl's shows each value's address, which means nothing outside it).
    private static func mapText(_ keys: Dictionary<String, KubeconfigData.Entry>.Keys) -> String {
        "map[" + keys.sorted().joined(separator: " ") + "]"
    }
}
