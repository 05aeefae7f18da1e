/// A pod spec, in a pod or a template (core `ValidatePodSpec`). Validation sees the defaulted spec, so fields the
/// defaulters fill (`restartPolicy`, `dnsPolicy`, `terminationGracePeriodSeconds`, ...) are required here.
enum PodSpecValidation {
    private static let restartPolicies = ["Always", "OnFailure", "Never"]
    private static let dnsPolicies = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"]
    private static let maxInt32 = Int64(Int32.max)

    /// `isPod` is apimachinery's `ResourceIsPod`: a host-network pod's host ports must equal its container ports,
    /// where a template may leave them 0.
    static func validate(_ spec: JSONValue, _ path: FieldPath, isPod: Bool) -> [FieldError] {
        var errors: [FieldError] = []
        let gracePeriod = spec.integer("terminationGracePeriodSeconds")
        if gracePeriod == nil { errors.append(.required(path.child("terminationGracePeriodSeconds"))) }
        let (volumes, volumeErrors) = VolumeValidation.validate(spec.list("volumes"), path.child("volumes"))
        errors += volumeErrors
        let containers = spec.list("containers")
        errors += ContainerValidation.validateContainers(containers, volumes: volumes, gracePeriod: gracePeriod, path.child("containers"))
        errors += ContainerValidation.validateInitContainers(
            spec.list("initContainers"), regular: containers, volumes: volumes, gracePeriod: gracePeriod, path.child("initContainers"))
        errors += hostNetworkPorts(spec, path, isPod: isPod)
        errors += enumeration(spec.text("restartPolicy"), restartPolicies, path.child("restartPolicy"))
        errors += enumeration(spec.text("dnsPolicy"), dnsPolicies, path.child("dnsPolicy"))
        errors += LabelRules.validateLabels(spec.textMap("nodeSelector"), path.child("nodeSelector"))
        errors += securityContext(spec.object("securityContext"), spec, path.child("securityContext"))
        for (index, secret) in spec.list("imagePullSecrets").enumerated() where (secret.objectValue?.keys.contains { $0 != "name" } ?? false) {
            errors.append(.invalid(path.child("imagePullSecrets").index(index), "core.LocalObjectReference{Name:\(GoSyntax.string(secret.text("name")))}", "only name may be set"))
        }
        errors += dnsConfig(spec, path.child("dnsConfig"))
        for (index, gate) in spec.list("readinessGates").enumerated() {
            errors += LabelRules.validateLabelName(gate.text("conditionType"), path.child("readinessGates").index(index).child("conditionType"))
        }
        var gates: Set<String> = []
        for (index, gate) in spec.list("schedulingGates").enumerated() {
            let name = gate.text("name")
            errors += LabelRules.validateLabelName(name, path.child("schedulingGates").index(index))
            if !gates.insert(name).inserted { errors.append(.duplicate(path.child("schedulingGates").index(index), GoSyntax.string(name))) }
        }
        errors += subdomainField(spec, "serviceAccountName", path)
        errors += subdomainField(spec, "nodeName", path)
        if let deadline = spec.integer("activeDeadlineSeconds"), deadline < 1 || deadline > maxInt32 {
            errors.append(.invalid(path.child("activeDeadlineSeconds"), int: deadline, NameRules.inclusiveRange(1, maxInt32)))
        }
        for field in ["hostname", "subdomain"] where !spec.text(field).isEmpty {
            errors += NameRules.isDNS1123Label(spec.text(field)).map { .invalid(path.child(field), string: spec.text(field), $0) }
        }
        errors += tolerations(spec.list("tolerations"), path.child("tolerations"))
        for (index, alias) in spec.list("hostAliases").enumerated() {
            let aliasPath = path.child("hostAliases").index(index)
            errors += NetworkRules.validateIP(alias.text("ip"), aliasPath.child("ip"))
            for (hostIndex, hostname) in alias.texts("hostnames").enumerated() {
                errors += NameRules.isDNS1123Subdomain(hostname).map { .invalid(aliasPath.child("hostnames").index(hostIndex), string: hostname, $0) }
            }
        }
        errors += subdomainField(spec, "priorityClassName", path)
        if let runtimeClass = spec["runtimeClassName"]?.stringValue {
            errors += NameRules.isDNS1123Subdomain(runtimeClass).map { .invalid(path.child("runtimeClassName"), string: runtimeClass, $0) }
        }
        if let policy = spec["preemptionPolicy"]?.stringValue {
            errors += enumeration(policy, ["PreemptLowerPriority", "Never"], path.child("preemptionPolicy"))
        }
        if let os = spec["os"], !os.isNull {
            let name = os.text("name")
            if name.isEmpty {
                errors.append(.required(path.child("os", "name"), "cannot be empty"))
            } else if name != "linux" && name != "windows" {
                errors.append(.notSupported(path.child("os"), string: name, ["linux", "windows"]))
            }
        }
        return errors
    }

    /// A required enumeration: `Required value` when empty, else one of `allowed`.
    static func enumeration(_ value: String, _ allowed: [String], _ path: FieldPath) -> [FieldError] {
        if value.isEmpty { return [.required(path)] }
        return allowed.contains(value) ? [] : [.notSupported(path, string: value, allowed)]
    }

    private static func subdomainField(_ spec: JSONValue, _ field: String, _ path: FieldPath) -> [FieldError] {
        let value = spec.text(field)
        guard !value.isEmpty else { return [] }
        return NameRules.isDNS1123Subdomain(value).map { .invalid(path.child(field), string: value, $0) }
    }

    private static func hostNetworkPorts(_ spec: JSONValue, _ path: FieldPath, isPod: Bool) -> [FieldError] {
        guard spec["hostNetwork"]?.boolValue == true else { return [] }
        var errors: [FieldError] = []
        for (containerIndex, container) in spec.list("containers").enumerated() {
            for (portIndex, port) in container.list("ports").enumerated() {
                let hostPort = port.integer("hostPort") ?? 0
                if (isPod || hostPort != 0) && hostPort != (port.integer("containerPort") ?? 0) {
                    errors.append(
                        .invalid(
                            path.child("containers").index(containerIndex).child("ports").index(portIndex).child("hostPort"), int: hostPort,
                            "must match `containerPort` when `hostNetwork` is true"))
                }
            }
        }
        return errors
    }

    /// `validatePodSpecSecurityContext`.
    private static func securityContext(_ context: JSONValue, _ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["fsGroup", "runAsUser", "runAsGroup"] {
            if let id = context.integer(field), !(0...maxInt32).contains(id) {
                errors.append(.invalid(path.child(field), int: id, NameRules.inclusiveRange(0, maxInt32)))
            }
        }
        for (index, group) in context.list("supplementalGroups").enumerated() {
            if let id = group.intValue, !(0...maxInt32).contains(id) {
                errors.append(.invalid(path.child("supplementalGroups").index(index), int: id, NameRules.inclusiveRange(0, maxInt32)))
            }
        }
        if spec["shareProcessNamespace"]?.boolValue == true && spec["hostPID"]?.boolValue == true {
            errors.append(.invalid(path.child("shareProcessNamespace"), "true", "ShareProcessNamespace and HostPID cannot both be enabled"))
        }
        if let policy = context["fsGroupChangePolicy"]?.stringValue, policy != "Always" && policy != "OnRootMismatch" {
            errors.append(.notSupported(path.child("fsGroupChangePolicy"), string: policy, ["Always", "OnRootMismatch"]))
        }
        return errors
    }

    private static func dnsConfig(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        let config = spec["dnsConfig"].flatMap { $0.isNull ? nil : $0 }
        if spec.text("dnsPolicy") == "None" {
            guard let config else { return [.required(path, "must provide `dnsConfig` when `dnsPolicy` is None")] }
            if config.list("nameservers").isEmpty {
                return [.required(path.child("nameservers"), "must provide at least one DNS nameserver when `dnsPolicy` is None")]
            }
        }
        guard let config else { return [] }
        var errors: [FieldError] = []
        let nameservers = config.texts("nameservers")
        if nameservers.count > 3 {
            errors.append(.invalid(path.child("nameservers"), GoSyntax.strings(nameservers), "must not have more than 3 nameservers"))
        }
        for (index, server) in nameservers.enumerated() {
            errors += NetworkRules.validateIP(server, path.child("nameservers").index(index))
        }
        let searches = config.texts("searches")
        if searches.count > 32 {
            errors.append(.invalid(path.child("searches"), GoSyntax.strings(searches), "must not have more than 32 search paths"))
        }
        if searches.joined(separator: " ").utf8.count > 2048 {
            errors.append(
                .invalid(path.child("searches"), GoSyntax.strings(searches), "must not have more than 2048 characters (including spaces) in the search list"))
        }
        for (index, search) in searches.enumerated() {
            let trimmed = search.hasSuffix(".") ? String(search.dropLast()) : search
            errors += NameRules.isDNS1123Subdomain(trimmed).map { .invalid(path.child("searches").index(index), string: trimmed, $0) }
        }
        for (index, option) in config.list("options").enumerated() where option.text("name").isEmpty {
            errors.append(.required(path.child("options").index(index), "must not be empty"))
        }
        return errors
    }

    /// `ValidateTolerations`.
    static func tolerations(_ tolerations: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, toleration) in tolerations.enumerated() {
            let tolerationPath = path.index(index)
            let key = toleration.text("key")
            let operatorName = toleration.text("operator")
            let value = toleration.text("value")
            let effect = toleration.text("effect")
            if !key.isEmpty { errors += LabelRules.validateLabelName(key, tolerationPath.child("key")) }
            if key.isEmpty && operatorName != "Exists" {
                errors.append(
                    .invalid(
                        tolerationPath.child("operator"), string: operatorName,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""))
            }
            if toleration.has("tolerationSeconds") && effect != "NoExecute" {
                errors.append(.invalid(tolerationPath.child("effect"), string: effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"))
            }
            switch operatorName {
            case "Equal", "":
                let messages = LabelRules.isValidLabelValue(value)
                if !messages.isEmpty {
                    errors.append(.invalid(tolerationPath.child("operator"), string: value, messages.joined(separator: ";")))
                }
            case "Exists":
                if !value.isEmpty {
                    errors.append(.invalid(tolerationPath.child("operator"), string: value, "value must be empty when `operator` is 'Exists'"))
                }
            default:
                errors.append(.notSupported(tolerationPath.child("operator"), string: operatorName, ["Equal", "Exists"]))
            }
            if !effect.isEmpty && !["NoSchedule", "PreferNoSchedule", "NoExecute"].contains(effect) {
                errors.append(.notSupported(tolerationPath.child("effect"), string: effect, ["NoSchedule", "PreferNoSchedule", "NoExecute"]))
            }
        }
        return errors
    }
}
