import Foundation

/// kube-apiserver's `--encryption-provider-config`: an `apiserver.config.k8s.io/v1` `EncryptionConfiguration`
/// naming, for lists of resources, the providers that write (the first) and read (all) their values
/// (`k8s.io/apiserver/pkg/server/options/encryptionconfig/config.go`).
///
/// A resource is named `secrets`, `deployments.apps`, `*.apps` (every resource of a group), `*.` (the core group)
/// or `*.*` (everything); an exact name wins over its group's wildcard, which wins over `*.*`, and a resource
/// listed nowhere is stored as it is. Providers: `identity`, `aescbc`, `aesgcm`, `secretbox` (not `kms`).
public struct EncryptionConfiguration: ResourceTransformers {
    struct GroupResource: Hashable {
        var group: String
        var resource: String

        /// `resource.group`, split at the first dot, as `schema.ParseGroupResource` does.
        init(parsing text: String) {
            if let dot = text.firstIndex(of: ".") {
                resource = String(text[..<dot])
                group = String(text[text.index(after: dot)...])
            } else {
                resource = text
                group = ""
            }
        }

        init(group: String, resource: String) {
            self.group = group
            self.resource = resource
        }

        var yamlString: String { group.isEmpty && resource == "*" ? "*." : group.isEmpty ? resource : "\(resource).\(group)" }
    }

    static let anyGroupAnyResource = GroupResource(group: "*", resource: "*")
    private let transformers: [GroupResource: PrefixTransformers]

    /// Reads and checks the file as kube-apiserver does at start.
    /// - Throws: `ValueTransformError` with kube-apiserver's message (`error while parsing file: ...`).
    public init(contentsOfFile path: String) throws {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ValueTransformError(
                "error while parsing file: error while loading file: error reading encryption provider configuration file \"\(path)\": \(error.localizedDescription)")
        }
        guard !data.isEmpty else {
            throw ValueTransformError(
                "error while parsing file: error while loading file: encryption provider configuration file \"\(path)\" is empty")
        }
        let document: JSONValue
        do {
            guard let first = try JSONValue.parseYAMLDocuments(String(decoding: data, as: UTF8.self)).first else {
                throw JSONValue.ParseError(message: "Object 'Kind' is missing in '\(String(decoding: data, as: UTF8.self))'")
            }
            document = first
        } catch {
            throw ValueTransformError(
                "error while parsing file: error decoding encryption provider configuration file \"\(path)\": \(error)")
        }
        try self.init(document)
    }

    /// Builds the transformers of a decoded configuration.
    public init(_ document: JSONValue) throws {
        let apiVersion = document["apiVersion"]?.stringValue ?? ""
        let kind = document["kind"]?.stringValue ?? ""
        guard apiVersion == "apiserver.config.k8s.io/v1", kind == "EncryptionConfiguration" else {
            let group = apiVersion.split(separator: "/", maxSplits: 1)
            throw ValueTransformError(
                "error while parsing file: got unexpected config type: \(group.first ?? "")/\(group.count > 1 ? group[1] : ""), Kind=\(kind)")
        }
        let rules = document["resources"]?.arrayValue ?? []
        var errors = FieldErrors()
        if rules.isEmpty { errors.required("resources", "at least one resources is required") }
        var parsed: [(resources: [String], providers: [PrefixTransformers.Entry])] = []
        for (index, rule) in rules.enumerated() {
            let resources = (rule["resources"]?.arrayValue ?? []).compactMap(\.stringValue)
            let providers = rule["providers"]?.arrayValue ?? []
            if resources.isEmpty { errors.required("resources[\(index)].resources", "at least one resources[\(index)].resources is required") }
            if providers.isEmpty { errors.required("resources[\(index)].providers", "at least one resources[\(index)].providers is required") }
            let entries = providers.enumerated().compactMap { position, provider in
                Self.provider(provider, path: "resources[\(index)].providers[\(position)]", errors: &errors)
            }
            parsed.append((resources, entries))
        }
        if let message = errors.aggregate { throw ValueTransformError("error while parsing file: \(message)") }

        var chains: [GroupResource: [PrefixTransformers.Entry]] = [:]
        for rule in parsed {
            for resource in rule.resources {
                let name = GroupResource(parsing: resource)
                for mask in [GroupResource(group: name.group, resource: "*"), Self.anyGroupAnyResource] where chains[mask] != nil {
                    throw ValueTransformError(
                        "error while building transformers: resource \"\(name.yamlString)\" is masked by earlier rule \"\(mask.yamlString)\"")
                }
                chains[name, default: []] += rule.providers
            }
        }
        transformers = chains.mapValues { PrefixTransformers($0, noMatch: "no matching prefix found") }
    }

    /// The transformer of a resource: its own rule, else its group's `*.<group>`, else `*.*`, else identity.
    public func transformer(for type: ResourceType) -> any ValueTransformer {
        let candidates = [
            GroupResource(group: type.group, resource: type.plural), GroupResource(group: type.group, resource: "*"),
            Self.anyGroupAnyResource,
        ]
        for candidate in candidates { if let found = transformers[candidate] { return found } }
        return IdentityTransformer()
    }

    /// One provider of a rule as a prefix entry (`k8s:enc:aescbc:v1:` over one entry per key, `<name>:`), or
    /// nil after recording why it is invalid.
    private static func provider(_ provider: JSONValue, path: String, errors: inout FieldErrors) -> PrefixTransformers.Entry? {
        let kinds = ["aescbc", "aesgcm", "identity", "kms", "secretbox"].filter { provider[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            errors.invalid(
                path, value: "\(provider.jsonString())",
                kinds.isEmpty
                    ? "provider does not contain any of the expected providers: KMS, AESGCM, AESCBC, Secretbox, Identity"
                    : "more than one provider specified in a single element, should split into different list elements")
            return nil
        }
        let keysPath = "\(path).\(kind).keys"
        let sizes: [Int]
        let make: (Data) throws -> any ValueTransformer
        let noKey: String
        switch kind {
        case "identity":
            return PrefixTransformers.Entry(prefix: Data(), transformer: IdentityTransformer())
        case "aescbc":
            (sizes, make, noKey) = ([16, 24, 32], { try AESCBCTransformer(key: $0) }, "AES")
        case "aesgcm":
            (sizes, make, noKey) = ([16, 24, 32], { try AESGCMTransformer(key: $0) }, "AES")
        case "secretbox":
            (sizes, make, noKey) = ([32], { try SecretboxTransformer(key: $0) }, "Secretbox")
        default:
            errors.invalid("\(path).kms", value: "", "the kms provider is not simulated by KubeSim; use aescbc, aesgcm or secretbox")
            return nil
        }
        let keys = provider[kind]?["keys"]?.arrayValue ?? []
        guard !keys.isEmpty else {
            errors.required(keysPath, "at least one keys is required")
            return nil
        }
        var entries: [PrefixTransformers.Entry] = []
        for (index, key) in keys.enumerated() {
            let name = key["name"]?.stringValue ?? ""
            let secret = key["secret"]?.stringValue ?? ""
            if name.isEmpty { errors.required("\(keysPath)[\(index)].name", "name is a mandatory field for a key") }
            guard !secret.isEmpty else {
                errors.required("\(keysPath)[\(index)].secret", "secret is a mandatory field for a key")
                continue
            }
            guard let bytes = Data(base64Encoded: secret) else {
                errors.invalid("\(keysPath)[\(index)].secret", value: "REDACTED", "secrets must be base64 encoded")
                continue
            }
            guard sizes.contains(bytes.count), let transformer = try? make(bytes) else {
                errors.invalid(
                    "\(keysPath)[\(index)].secret", value: "REDACTED",
                    "secret is not of the expected length, got \(bytes.count), expected one of [\(sizes.map(String.init).joined(separator: " "))]")
                continue
            }
            entries.append(PrefixTransformers.Entry(prefix: Data("\(name):".utf8), transformer: transformer))
        }
        guard entries.count == keys.count else { return nil }
        return PrefixTransformers.Entry(
            prefix: Data("k8s:enc:\(kind):v1:".utf8),
            transformer: PrefixTransformers(entries, noMatch: "no matching key was found for the provided \(noKey) transformer"))
    }
}

/// Validation errors in the words of apimachinery's `field.ErrorList`, aggregated as its `ToAggregate` prints them.
private struct FieldErrors {
    private var messages: [String] = []

    mutating func required(_ path: String, _ detail: String) { messages.append("\(path): Required value: \(detail)") }

    mutating func invalid(_ path: String, value: String, _ detail: String) {
        messages.append("\(path): Invalid value: \"\(value)\": \(detail)")
    }

    var aggregate: String? {
        messages.count > 1 ? "[" + messages.joined(separator: ", ") + "]" : messages.first
    }
}
