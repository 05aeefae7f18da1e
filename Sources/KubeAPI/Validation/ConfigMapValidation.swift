import Foundation

/// ConfigMaps and Secrets (core `ValidateConfigMap`, `ValidateSecret` and their updates): keys, total size,
/// the type-specific keys of a Secret, and `immutable: true`.
enum ConfigMapValidation {
    /// `core.MaxSecretSize`, the limit on the data of one ConfigMap or Secret.
    static let maxSize = 1024 * 1024

    static func validateConfigMap(_ configMap: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(configMap.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        let data = configMap.json["data"]?.objectValue ?? [:]
        let binaryData = configMap.json["binaryData"]?.objectValue ?? [:]
        var size = 0
        for key in data.keys.sorted() {
            errors += NameRules.isConfigMapKey(key).map { .invalid(FieldPath("data").key(key), string: key, $0) }
            if binaryData[key] != nil {
                errors.append(.invalid(FieldPath("data").key(key), string: key, "duplicate of key present in binaryData"))
            }
            size += data[key]!.stringValue?.utf8.count ?? 0
        }
        for key in binaryData.keys.sorted() {
            errors += NameRules.isConfigMapKey(key).map { .invalid(FieldPath("binaryData").key(key), string: key, $0) }
            size += decodedSize(binaryData[key]!)
        }
        if size > maxSize { errors.append(.tooLong("[]", max: maxSize)) }
        return errors
    }

    static func validateConfigMapUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + immutableData(new, old, fields: ["data", "binaryData"])
            + validateConfigMap(new)
    }

    static func validateSecret(_ secret: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(secret.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        let data = secret.json["data"]?.objectValue ?? [:]
        var size = 0
        for key in data.keys.sorted() {
            errors += NameRules.isConfigMapKey(key).map { .invalid(FieldPath("data").key(key), string: key, $0) }
            size += decodedSize(data[key]!)
        }
        if size > maxSize { errors.append(.tooLong("data", max: maxSize)) }
        let dataPath: FieldPath = "data"
        switch secret.json.text("type") {
        case "kubernetes.io/service-account-token":
            if (secret.annotations["kubernetes.io/service-account.name"] ?? "").isEmpty {
                errors.append(.required(FieldPath("metadata.annotations").key("kubernetes.io/service-account.name")))
            }
        case "kubernetes.io/dockercfg":
            errors += jsonKey(".dockercfg", data, dataPath)
        case "kubernetes.io/dockerconfigjson":
            errors += jsonKey(".dockerconfigjson", data, dataPath)
        case "kubernetes.io/basic-auth":
            if data["username"] == nil && data["password"] == nil {
                errors += [.required(dataPath.key("username")), .required(dataPath.key("password"))]
            }
        case "kubernetes.io/ssh-auth":
            if decodedSize(data["ssh-privatekey"] ?? "") == 0 { errors.append(.required(dataPath.key("ssh-privatekey"))) }
        case "kubernetes.io/tls":
            for key in ["tls.crt", "tls.key"] where data[key] == nil {
                errors.append(.required(dataPath.key(key)))
            }
        default:
            break
        }
        return errors
    }

    static func validateSecretUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        if new.json.text("type") != old.json.text("type") {
            errors.append(.immutable("type", GoSyntax.string(new.json.text("type"))))
        }
        return errors + immutableData(new, old, fields: ["data"]) + validateSecret(new)
    }

    private static func immutableData(_ new: KubeObject, _ old: KubeObject, fields: [String]) -> [FieldError] {
        guard old.json["immutable"]?.boolValue == true else { return [] }
        var errors: [FieldError] = []
        if new.json["immutable"]?.boolValue != true {
            errors.append(.forbidden("immutable", "field is immutable when `immutable` is set"))
        }
        for field in fields where !SpecDiff.equal(new.json[field], old.json[field]) {
            errors.append(.forbidden(FieldPath(field), "field is immutable when `immutable` is set"))
        }
        return errors
    }

    /// The key must hold well-formed JSON.
    private static func jsonKey(_ key: String, _ data: [String: JSONValue], _ path: FieldPath) -> [FieldError] {
        guard let encoded = data[key] else { return [.required(path.key(key))] }
        let bytes = encoded.stringValue.flatMap { Data(base64Encoded: $0) } ?? Data()
        let text = String(decoding: bytes, as: UTF8.self).trimmingSpaces
        let message: String
        if let document = try? JSONValue.parse(json: bytes) {
            guard document.objectValue == nil else { return [] }
            message = "json: cannot unmarshal \(document.typeName) into Go value of type map[string]interface {}"
        } else if let first = text.first, !"{[\"-0123456789tfn".contains(first) {
            message = "invalid character '\(first)' looking for beginning of value"
        } else {
            message = "unexpected end of JSON input"
        }
        return [.invalid(path.key(key), string: "<secret contents redacted>", message)]
    }

    /// The byte size of a base64-encoded `[]byte` value.
    private static func decodedSize(_ value: JSONValue) -> Int {
        guard let text = value.stringValue else { return 0 }
        return Data(base64Encoded: text)?.count ?? text.utf8.count * 3 / 4
    }
}
