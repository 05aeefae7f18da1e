/// CustomResourceDefinitions (apiextensions `ValidateCustomResourceDefinition` for apiextensions.k8s.io/v1):
/// the name `<plural>.<group>`, a dotted group, a scope, exactly one storage version with a schema, and names.
enum CustomResourceDefinitionValidation {
    static func validate(_ definition: KubeObject) -> [FieldError] {
        let spec = definition.json.object("spec")
        let requiredName = spec.object("names").text("plural") + "." + spec.text("group")
        let check: NameRules.NameCheck = { name, prefix in
            NameRules.dnsSubdomainName(name, prefix) + (name == requiredName ? [] : ["must be spec.names.plural+\".\"+spec.group"])
        }
        return ObjectMetaValidation.validate(definition.metadata, namespaced: false, name: check, kubeFinalizers: false)
            + validateSpec(spec, "spec")
    }

    /// Group and plural never change; scope and kind not once the definition is established.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata, kubeFinalizers: false)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        errors += validateSpec(spec, "spec")
        let established = old.json.object("status").list("conditions").contains {
            $0.text("type") == "Established" && $0.text("status") == "True"
        }
        if established {
            if spec.text("scope") != oldSpec.text("scope") { errors.append(.immutable("spec.scope", GoSyntax.string(spec.text("scope")))) }
            let kind = spec.object("names").text("kind")
            if kind != oldSpec.object("names").text("kind") { errors.append(.immutable("spec.names.kind", GoSyntax.string(kind))) }
        }
        if spec.text("group") != oldSpec.text("group") { errors.append(.immutable("spec.group", GoSyntax.string(spec.text("group")))) }
        let plural = spec.object("names").text("plural")
        if plural != oldSpec.object("names").text("plural") { errors.append(.immutable("spec.names.plural", GoSyntax.string(plural))) }
        return errors
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let group = spec.text("group")
        if group.isEmpty {
            errors.append(.required(path.child("group")))
        } else if !NameRules.isDNS1123Subdomain(group).isEmpty {
            errors.append(.invalid(path.child("group"), string: group, NameRules.isDNS1123Subdomain(group).joined(separator: ",")))
        } else if !group.contains(".") {
            errors.append(.invalid(path.child("group"), string: group, "should be a domain with at least one dot"))
        }
        let scope = spec.text("scope")
        if scope.isEmpty {
            errors.append(.required(path.child("scope")))
        } else if scope != "Cluster" && scope != "Namespaced" {
            errors.append(.notSupported(path.child("scope"), string: scope, ["Cluster", "Namespaced"]))
        }
        let versions = spec.list("versions")
        var names: Set<String> = []
        var unique = true
        for (index, version) in versions.enumerated() {
            let versionPath = path.child("versions").index(index)
            let name = version.text("name")
            unique = names.insert(name).inserted && unique
            let messages = NameRules.isDNS1035Label(name)
            if !messages.isEmpty { errors.append(.invalid(versionPath.child("name"), string: name, messages.joined(separator: ","))) }
            let schema = version.object("schema")["openAPIV3Schema"]
            if schema == nil || schema!.isNull {
                errors.append(.required(versionPath.child("schema", "openAPIV3Schema"), "schemas are required"))
            } else if schema!.text("type").isEmpty {
                errors.append(.required(versionPath.child("schema", "openAPIV3Schema", "type"), "must not be empty at the root"))
            }
        }
        let rendered = versionsValue(versions)
        if !unique { errors.append(.invalid(path.child("versions"), rendered, "must contain unique version names")) }
        if versions.filter({ $0["storage"]?.boolValue == true }).count != 1 {
            errors.append(.invalid(path.child("versions"), rendered, "must have exactly one version marked as storage version"))
        }
        let namesSpec = spec.object("names")
        for field in ["plural", "singular", "kind", "listKind"] where namesSpec.text(field).isEmpty {
            errors.append(.required(path.child("names", field)))
        }
        errors += validateNames(namesSpec, path.child("names"))
        if let conversion = spec["conversion"], !conversion.isNull {
            let strategy = conversion.text("strategy")
            if strategy.isEmpty {
                errors.append(.required(path.child("conversion", "strategy")))
            } else if strategy != "None" && strategy != "Webhook" {
                errors.append(.notSupported(path.child("conversion", "strategy"), string: strategy, ["None", "Webhook"]))
            }
            if strategy == "Webhook" && !conversion.has("webhook") {
                errors.append(.required(path.child("conversion", "webhook"), "required when strategy is set to Webhook"))
            } else if strategy != "Webhook" && conversion.has("webhook") {
                errors.append(.forbidden(path.child("conversion", "webhook"), "should not be set when strategy is not set to Webhook"))
            }
        }
        return errors
    }

    /// `ValidateCustomResourceDefinitionNames`: DNS-1035 labels, kinds in any case.
    private static func validateNames(_ names: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["plural", "singular", "kind", "listKind"] {
            let value = names.text(field)
            let mixedCase = field == "kind" || field == "listKind"
            let messages = NameRules.isDNS1035Label(mixedCase ? value.lowercased() : value)
            guard !value.isEmpty, !messages.isEmpty else { continue }
            let detail = messages.joined(separator: ",")
            errors.append(.invalid(path.child(field), string: value, mixedCase ? "may have mixed case, but should otherwise match: " + detail : detail))
        }
        for (index, shortName) in names.texts("shortNames").enumerated() {
            let messages = NameRules.isDNS1035Label(shortName)
            if !messages.isEmpty { errors.append(.invalid(path.child("shortNames").index(index), string: shortName, messages.joined(separator: ","))) }
        }
        let kind = names.text("kind")
        if !kind.isEmpty && kind == names.text("listKind") {
            errors.append(.invalid(path.child("listKind"), string: kind, "kind and listKind may not be the same"))
        }
        for (index, category) in names.texts("categories").enumerated() {
            let messages = NameRules.isDNS1035Label(category)
            if !messages.isEmpty { errors.append(.invalid(path.child("categories").index(index), string: category, messages.joined(separator: ","))) }
        }
        return errors
    }

    private static func versionsValue(_ versions: [JSONValue]) -> String {
        let items = versions.map {
            "apiextensions.CustomResourceDefinitionVersion{Name:\(GoSyntax.string($0.text("name"))), Served:\($0["served"]?.boolValue ?? false), Storage:\($0["storage"]?.boolValue ?? false)}"
        }
        return "[]apiextensions.CustomResourceDefinitionVersion{\(items.joined(separator: ", "))}"
    }
}
