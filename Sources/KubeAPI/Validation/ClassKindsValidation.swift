/// RuntimeClasses (node `ValidateRuntimeClass`) and IngressClasses (networking `ValidateIngressClass`): the
/// cluster-scoped classes a pod or an ingress names.
enum ClassKindsValidation {
    static let parameterScopes = ["Cluster", "Namespace"]
    private static let maxControllerLength = 250
    private static let httpPathFormat = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+"

    /// A handler that is a DNS label, node selector labels and tolerations the pods get.
    static func validateRuntimeClass(_ runtimeClass: KubeObject) -> [FieldError] {
        let json = runtimeClass.json
        var errors = ObjectMetaValidation.validate(runtimeClass.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let handler = json.text("handler")
        errors += NameRules.isDNS1123Label(handler).map { .invalid("handler", string: handler, $0) }
        for (name, quantity) in (json.object("overhead").object("podFixed").objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let path = FieldPath("overhead.podFixed").key(name)
            errors += ResourceRules.validateName(name, path)
            guard let parsed = Quantity(json: quantity) else {
                errors.append(ResourceRules.malformedQuantity(quantity, path))
                continue
            }
            errors += ResourceRules.validateQuantityValue(name, parsed, path)
        }
        let scheduling = json.object("scheduling")
        errors += LabelRules.validateLabels(scheduling.textMap("nodeSelector"), "scheduling.nodeSelector")
        errors += PodSpecValidation.tolerations(scheduling.list("tolerations"), "scheduling.tolerations")
        return errors
    }

    /// `ValidateRuntimeClassUpdate`: the handler is fixed.
    static func validateRuntimeClassUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = validateRuntimeClass(new) + ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        if new.json.text("handler") != old.json.text("handler") {
            errors.append(.immutable("handler", GoSyntax.string(new.json.text("handler"))))
        }
        return errors
    }

    /// A controller that is a domain-prefixed path of at most 250 characters, and a parameters reference with
    /// a scope that says whether it names a namespace.
    static func validateIngressClass(_ ingressClass: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(ingressClass.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = ingressClass.json.object("spec")
        let controller = spec.text("controller")
        if controller.count > maxControllerLength { errors.append(.tooLong("spec.controller", max: maxControllerLength)) }
        errors += domainPrefixedPath(controller, "spec.controller")
        if let parameters = spec["parameters"], !parameters.isNull {
            errors += parameterReference(parameters, "spec.parameters")
        }
        return errors
    }

    /// `ValidateIngressClassUpdate`: the controller is fixed.
    static func validateIngressClassUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateIngressClass(new)
        let controller = new.json.object("spec").text("controller")
        if controller != old.json.object("spec").text("controller") {
            errors.append(.immutable("spec.controller", GoSyntax.string(controller)))
        }
        return errors
    }

    /// `IsDomainPrefixedPath`: `example.com/path`, the host a DNS subdomain, the path HTTP path characters.
    private static func domainPrefixedPath(_ value: String, _ path: FieldPath) -> [FieldError] {
        guard !value.isEmpty else { return [.required(path)] }
        let parts = value.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return [.invalid(path, string: value, "must be a domain-prefixed path (such as \"acme.io/foo\")")]
        }
        let host = String(parts[0])
        var errors = NameRules.isDNS1123Subdomain(host).map { FieldError.invalid(path, string: host, $0) }
        let rest = String(parts[1])
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~%!$&'()*+,;=:")
        if !rest.allSatisfy(allowed.contains) {
            errors.append(.invalid(path, string: rest, "Invalid path (regex used for validation is '\(httpPathFormat)')"))
        }
        return errors
    }

    /// `validateIngressClassParametersReference`: kind and name, a scope of Cluster (no namespace) or Namespace
    /// (with one).
    private static func parameterReference(_ parameters: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = IngressValidation.validateResourceReference(parameters, path)
        guard let scope = parameters["scope"]?.stringValue else { return errors + [.required(path.child("scope"))] }
        guard parameterScopes.contains(scope) else {
            return errors + [.notSupported(path.child("scope"), string: scope, parameterScopes)]
        }
        let namespace = parameters["namespace"]?.stringValue
        if scope == "Namespace" {
            if let namespace {
                errors += NameRules.isDNS1123Label(namespace).map { .invalid(path.child("namespace"), string: namespace, $0) }
            } else {
                errors.append(.required(path.child("namespace"), "`parameters.scope` is set to 'Namespace'"))
            }
        } else if namespace != nil {
            errors.append(.forbidden(path.child("namespace"), "`parameters.scope` is set to 'Cluster'"))
        }
        return errors
    }
}
