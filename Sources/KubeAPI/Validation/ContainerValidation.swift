/// Containers of a pod spec (core `validateContainers`, `validateInitContainers`, `validateContainerCommon`):
/// names, images, ports, environment, mounts, probes, lifecycle hooks and resources.
enum ContainerValidation {
    private static let protocols = ["SCTP", "TCP", "UDP"]
    private static let fieldRefPaths = [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP",
        "status.hostIPs", "status.podIP", "status.podIPs",
    ]
    private static let downwardAPILabels: Set<String> = [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP",
        "status.hostIPs", "status.podIP", "status.podIPs",
    ]
    private static let resourceFieldRefs = [
        "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory",
    ]

    /// `validateContainers`: the regular containers, which must not be empty.
    static func validateContainers(_ containers: [JSONValue], volumes: [String: String], gracePeriod: Int64?, _ path: FieldPath)
        -> [FieldError]
    {
        guard !containers.isEmpty else { return [.required(path)] }
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, container) in containers.enumerated() {
            let containerPath = path.index(index)
            errors += validateCommon(container, volumes: volumes, containerPath)
            let name = container.text("name")
            if names.contains(name) {
                errors.append(.duplicate(containerPath.child("name"), GoSyntax.string(name)))
            } else {
                names.insert(name)
            }
            if let lifecycle = container["lifecycle"], !lifecycle.isNull {
                errors += validateLifecycle(lifecycle, gracePeriod: gracePeriod, containerPath.child("lifecycle"))
            }
            errors += validateProbes(container, gracePeriod: gracePeriod, containerPath)
            if container.has("restartPolicy") {
                errors.append(.forbidden(containerPath.child("restartPolicy"), "may not be set for non-init containers"))
            }
        }
        errors += hostPortConflicts(containers, path)
        return errors
    }

    /// `validateInitContainers`: init containers, whose names must differ from the regular containers' too.
    static func validateInitContainers(
        _ containers: [JSONValue], regular: [JSONValue], volumes: [String: String], gracePeriod: Int64?, _ path: FieldPath
    ) -> [FieldError] {
        var errors: [FieldError] = []
        var names = Set(regular.map { $0.text("name") })
        for (index, container) in containers.enumerated() {
            let containerPath = path.index(index)
            errors += validateCommon(container, volumes: volumes, containerPath)
            var restartAlways = false
            if let policy = container["restartPolicy"]?.stringValue {
                if policy != "Always" {
                    errors.append(.notSupported(containerPath.child("restartPolicy"), string: policy, ["Always"]))
                }
                restartAlways = policy == "Always"
            }
            let name = container.text("name")
            if names.contains(name) {
                errors.append(.duplicate(containerPath.child("name"), GoSyntax.string(name)))
            } else if !name.isEmpty {
                names.insert(name)
            }
            errors += hostPortConflicts([container], path)
            if restartAlways {
                if let lifecycle = container["lifecycle"], !lifecycle.isNull {
                    errors += validateLifecycle(lifecycle, gracePeriod: gracePeriod, containerPath.child("lifecycle"))
                }
                errors += validateProbes(container, gracePeriod: gracePeriod, containerPath)
            } else {
                for field in ["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"] where container.has(field) {
                    errors.append(
                        .forbidden(containerPath.child(field), "may not be set for init containers without restartPolicy=Always"))
                }
            }
        }
        return errors
    }

    /// `validateContainerCommon`.
    private static func validateCommon(_ container: JSONValue, volumes: [String: String], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = container.text("name")
        if name.isEmpty {
            errors.append(.required(path.child("name")))
        } else {
            errors += NameRules.isDNS1123Label(name).map { .invalid(path.child("name"), string: name, $0) }
        }
        if container.text("image").isEmpty { errors.append(.required(path.child("image"))) }
        switch container.text("terminationMessagePolicy") {
        case "File", "FallbackToLogsOnError": break
        case "": errors.append(.required(path.child("terminationMessagePolicy")))
        case let other:
            errors.append(.notSupported(path.child("terminationMessagePolicy"), string: other, ["File", "FallbackToLogsOnError"]))
        }
        errors += validatePorts(container.list("ports"), path.child("ports"))
        errors += validateEnv(container.list("env"), path.child("env"))
        errors += validateEnvFrom(container.list("envFrom"), path.child("envFrom"))
        errors += validateVolumeMounts(container.list("volumeMounts"), volumes: volumes, path.child("volumeMounts"))
        switch container.text("imagePullPolicy") {
        case "Always", "IfNotPresent", "Never": break
        case "": errors.append(.required(path.child("imagePullPolicy")))
        case let other: errors.append(.notSupported(path.child("imagePullPolicy"), string: other, ["Always", "IfNotPresent", "Never"]))
        }
        errors += validateResources(container.object("resources"), path.child("resources"))
        errors += validateSecurityContext(container.object("securityContext"), path.child("securityContext"))
        return errors
    }

    private static func validatePorts(_ ports: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var names: Set<String> = []
        for (index, port) in ports.enumerated() {
            let portPath = path.index(index)
            let name = port.text("name")
            if !name.isEmpty {
                let messages = NameRules.isValidPortName(name)
                if !messages.isEmpty {
                    errors += messages.map { .invalid(portPath.child("name"), string: name, $0) }
                } else if names.contains(name) {
                    errors.append(.duplicate(portPath.child("name"), GoSyntax.string(name)))
                } else {
                    names.insert(name)
                }
            }
            let containerPort = port.integer("containerPort") ?? 0
            if containerPort == 0 {
                errors.append(.required(portPath.child("containerPort")))
            } else {
                errors += NameRules.isValidPortNumber(containerPort).map { .invalid(portPath.child("containerPort"), int: containerPort, $0) }
            }
            if let hostPort = port.integer("hostPort"), hostPort != 0 {
                errors += NameRules.isValidPortNumber(hostPort).map { .invalid(portPath.child("hostPort"), int: hostPort, $0) }
            }
            let proto = port.text("protocol")
            if proto.isEmpty {
                errors.append(.required(portPath.child("protocol")))
            } else if !protocols.contains(proto) {
                errors.append(.notSupported(portPath.child("protocol"), string: proto, protocols))
            }
        }
        return errors
    }

    /// `AccumulateUniqueHostPorts`: `protocol/hostIP/hostPort` may appear once.
    private static func hostPortConflicts(_ containers: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var seen: Set<String> = []
        var errors: [FieldError] = []
        for (containerIndex, container) in containers.enumerated() {
            for (portIndex, port) in container.list("ports").enumerated() {
                guard let hostPort = port.integer("hostPort"), hostPort != 0 else { continue }
                let key = "\(port.text("protocol"))/\(port.text("hostIP"))/\(hostPort)"
                if !seen.insert(key).inserted {
                    errors.append(.duplicate(path.index(containerIndex).child("ports").index(portIndex).child("hostPort"), GoSyntax.string(key)))
                }
            }
        }
        return errors
    }

    private static func validateEnv(_ variables: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, variable) in variables.enumerated() {
            let variablePath = path.index(index)
            let name = variable.text("name")
            if name.isEmpty {
                errors.append(.required(variablePath.child("name")))
            } else {
                errors += NameRules.isRelaxedEnvVarName(name).map { .invalid(variablePath.child("name"), string: name, $0) }
            }
            if let source = variable["valueFrom"], !source.isNull {
                errors += validateEnvSource(source, hasValue: !variable.text("value").isEmpty, variablePath.child("valueFrom"))
            }
        }
        return errors
    }

    private static func validateEnvSource(_ source: JSONValue, hasValue: Bool, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var sources = 0
        if source.has("fieldRef") {
            sources += 1
            errors += validateFieldRef(source.object("fieldRef"), path.child("fieldRef"))
        }
        if source.has("resourceFieldRef") {
            sources += 1
            let reference = source.object("resourceFieldRef")
            let resource = reference.text("resource")
            if resource.isEmpty {
                errors.append(.required(path.child("resourceFieldRef", "resource")))
            } else if !resourceFieldRefs.contains(resource) && !resource.hasPrefix("requests.hugepages-")
                && !resource.hasPrefix("limits.hugepages-")
            {
                errors.append(.notSupported(path.child("resourceFieldRef", "resource"), string: resource, resourceFieldRefs))
            }
        }
        for field in ["configMapKeyRef", "secretKeyRef"] where source.has(field) {
            sources += 1
            errors += validateKeySelector(source.object(field), path.child(field))
        }
        if sources == 0 {
            errors.append(
                .invalid(path, string: "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"))
        } else if hasValue {
            errors.append(.invalid(path, string: "", "may not be specified when `value` is not empty"))
        } else if sources > 1 {
            errors.append(.invalid(path, string: "", "may not have more than one field specified at a time"))
        }
        return errors
    }

    /// `validateObjectFieldSelector` for environment variables.
    private static func validateFieldRef(_ reference: JSONValue, _ path: FieldPath) -> [FieldError] {
        let apiVersion = reference.text("apiVersion")
        let fieldPath = reference.text("fieldPath")
        if apiVersion.isEmpty { return [.required(path.child("apiVersion"))] }
        if fieldPath.isEmpty { return [.required(path.child("fieldPath"))] }
        if apiVersion != "v1" {
            return [.invalid(path.child("fieldPath"), string: fieldPath, "error converting fieldPath: unsupported pod version: \(apiVersion)")]
        }
        if let open = fieldPath.firstIndex(of: "["), fieldPath.hasSuffix("']"),
            fieldPath[fieldPath.index(after: open)...].hasPrefix("'")
        {
            let base = String(fieldPath[..<open])
            let key = String(fieldPath[fieldPath.index(open, offsetBy: 2)..<fieldPath.index(fieldPath.endIndex, offsetBy: -2)])
            switch base {
            case "metadata.annotations": return LabelRules.validateLabelName(key.lowercased(), path)
            case "metadata.labels": return LabelRules.validateLabelName(key, path)
            default: return [.invalid(path, string: base, "does not support subscript")]
            }
        }
        guard downwardAPILabels.contains(fieldPath) else {
            return [.invalid(path.child("fieldPath"), string: fieldPath, "error converting fieldPath: field label not supported: \(fieldPath)")]
        }
        return fieldRefPaths.contains(fieldPath) ? [] : [.notSupported(path.child("fieldPath"), string: fieldPath, fieldRefPaths)]
    }

    /// `validateConfigMapKeySelector` / `validateSecretKeySelector`.
    private static func validateKeySelector(_ selector: JSONValue, _ path: FieldPath) -> [FieldError] {
        let name = selector.text("name")
        var errors = NameRules.isDNS1123Subdomain(name).map { FieldError.invalid(path.child("name"), string: name, $0) }
        let key = selector.text("key")
        if key.isEmpty {
            errors.append(.required(path.child("key")))
        } else {
            errors += NameRules.isConfigMapKey(key).map { .invalid(path.child("key"), string: key, $0) }
        }
        return errors
    }

    private static func validateEnvFrom(_ sources: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for (index, source) in sources.enumerated() {
            let sourcePath = path.index(index)
            let prefix = source.text("prefix")
            if !prefix.isEmpty {
                errors += NameRules.isRelaxedEnvVarName(prefix).map { .invalid(sourcePath.child("prefix"), string: prefix, $0) }
            }
            var count = 0
            for field in ["configMapRef", "secretRef"] where source.has(field) {
                count += 1
                let name = source.object(field).text("name")
                if name.isEmpty {
                    errors.append(.required(sourcePath.child(field, "name")))
                } else {
                    errors += NameRules.dnsSubdomainName(name, true).map { .invalid(sourcePath.child(field, "name"), string: name, $0) }
                }
            }
            if count == 0 {
                errors.append(.invalid(path, string: "", "must specify one of: `configMapRef` or `secretRef`"))
            } else if count > 1 {
                errors.append(.invalid(path, string: "", "may not have more than one field specified at a time"))
            }
        }
        return errors
    }

    /// `ValidateVolumeMounts`: each mount names a volume of the pod and has a unique path.
    private static func validateVolumeMounts(_ mounts: [JSONValue], volumes: [String: String], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var mountPaths: Set<String> = []
        for (index, mount) in mounts.enumerated() {
            let mountPath = path.index(index)
            let name = mount.text("name")
            if name.isEmpty { errors.append(.required(mountPath.child("name"))) }
            if volumes[name] == nil { errors.append(.notFound(mountPath.child("name"), GoSyntax.string(name))) }
            let target = mount.text("mountPath")
            if target.isEmpty { errors.append(.required(mountPath.child("mountPath"))) }
            if !mountPaths.insert(target).inserted {
                errors.append(.invalid(mountPath.child("mountPath"), string: target, "must be unique"))
            }
            if volumes[name] == "image" {
                for field in ["subPath", "subPathExpr"] where !mount.text(field).isEmpty {
                    errors.append(.invalid(mountPath.child(field), string: mount.text(field), "not allowed in image volume sources"))
                }
            }
            let subPath = mount.text("subPath")
            if !subPath.isEmpty { errors += VolumeValidation.localDescendingPath(subPath, path.child("subPath")) }
            let subPathExpr = mount.text("subPathExpr")
            if !subPathExpr.isEmpty {
                if !subPath.isEmpty {
                    errors.append(.invalid(mountPath.child("subPathExpr"), string: subPathExpr, "subPathExpr and subPath are mutually exclusive"))
                }
                errors += VolumeValidation.localDescendingPath(subPathExpr, path.child("subPathExpr"))
            }
        }
        return errors
    }

    /// `validateResourceRequirements` for a container: names, quantities, requests not above limits.
    static func validateResources(_ resources: JSONValue, _ path: FieldPath) -> [FieldError] {
        let limitsPath = path.child("limits")
        let requestsPath = path.child("requests")
        let (limits, limitErrors) = ResourceRules.list(resources["limits"], limitsPath)
        let (requests, requestErrors) = ResourceRules.list(resources["requests"], requestsPath)
        var errors = limitErrors
        var hugePages = false
        var cpuOrMemory = false
        for (name, quantity) in limits {
            errors += ResourceRules.validateContainerName(name, limitsPath.key(name))
            errors += ResourceRules.validateQuantityValue(name, quantity, limitsPath.key(name))
            hugePages = hugePages || ResourceRules.isHugePages(name)
            cpuOrMemory = cpuOrMemory || name == "cpu" || name == "memory"
        }
        errors += requestErrors
        let limitsByName = Dictionary(limits, uniquingKeysWith: { first, _ in first })
        for (name, quantity) in requests {
            errors += ResourceRules.validateContainerName(name, requestsPath.key(name))
            errors += ResourceRules.validateQuantityValue(name, quantity, requestsPath.key(name))
            if let limit = limitsByName[name] {
                if quantity != limit && !ResourceRules.isOvercommitAllowed(name) {
                    errors.append(.invalid(requestsPath, string: quantity.canonical, "must be equal to \(name) limit of \(limit.canonical)"))
                } else if quantity > limit {
                    errors.append(
                        .invalid(requestsPath, string: quantity.canonical, "must be less than or equal to \(name) limit of \(limit.canonical)"))
                }
            } else if !ResourceRules.isOvercommitAllowed(name) {
                errors.append(.required(limitsPath, "Limit must be set for non overcommitable resources"))
            }
            hugePages = hugePages || ResourceRules.isHugePages(name)
            cpuOrMemory = cpuOrMemory || name == "cpu" || name == "memory"
        }
        if hugePages && !cpuOrMemory { errors.append(.forbidden(path, "HugePages require cpu or memory")) }
        return errors
    }

    private static func validateSecurityContext(_ context: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["runAsUser", "runAsGroup"] {
            if let id = context.integer(field), !(0...Int64(Int32.max)).contains(id) {
                errors.append(.invalid(path.child(field), int: id, NameRules.inclusiveRange(0, Int64(Int32.max))))
            }
        }
        if let procMount = context["procMount"]?.stringValue {
            if procMount != "Default" && procMount != "Unmasked" {
                errors.append(.notSupported(path.child("procMount"), string: procMount, ["Default", "Unmasked"]))
            }
        }
        return errors
    }

    // MARK: - Probes and lifecycle hooks

    private static func validateProbes(_ container: JSONValue, gracePeriod: Int64?, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        for field in ["livenessProbe", "readinessProbe", "startupProbe"] {
            guard let probe = container[field], !probe.isNull else { continue }
            let probePath = path.child(field)
            errors += validateProbe(probe, gracePeriod: gracePeriod, probePath)
            if field == "readinessProbe" {
                if let seconds = probe.integer("terminationGracePeriodSeconds") {
                    errors.append(.invalid(probePath.child("terminationGracePeriodSeconds"), int: seconds, "must not be set for readinessProbes"))
                }
            } else if let threshold = probe.integer("successThreshold"), threshold != 1 {
                errors.append(.invalid(probePath.child("successThreshold"), int: threshold, "must be 1"))
            }
        }
        return errors
    }

    private static func validateProbe(_ probe: JSONValue, gracePeriod: Int64?, _ path: FieldPath) -> [FieldError] {
        var errors = validateHandler(probe, gracePeriod: gracePeriod, allowed: ["exec", "httpGet", "tcpSocket", "grpc"], path)
        for field in ["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"] {
            errors += RuleMessage.nonNegative(probe.integer(field), path.child(field))
        }
        if let seconds = probe.integer("terminationGracePeriodSeconds"), seconds <= 0 {
            errors.append(.invalid(path.child("terminationGracePeriodSeconds"), int: seconds, "must be greater than 0"))
        }
        return errors
    }

    private static func validateLifecycle(_ lifecycle: JSONValue, gracePeriod: Int64?, _ path: FieldPath) -> [FieldError] {
        ["postStart", "preStop"].flatMap { hook -> [FieldError] in
            guard let handler = lifecycle[hook], !handler.isNull else { return [] }
            return validateHandler(handler, gracePeriod: gracePeriod, allowed: ["exec", "httpGet", "tcpSocket", "sleep"], path.child(hook))
        }
    }

    /// `validateHandler`: exactly one handler type, each checked.
    private static func validateHandler(_ handler: JSONValue, gracePeriod: Int64?, allowed: [String], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        for type in ["exec", "httpGet", "tcpSocket", "grpc", "sleep"] where allowed.contains(type) && handler.has(type) {
            let typePath = path.child(type)
            if count > 0 {
                errors.append(.forbidden(typePath, "may not specify more than 1 handler type"))
                continue
            }
            count += 1
            let action = handler.object(type)
            switch type {
            case "exec":
                if action.list("command").isEmpty { errors.append(.required(typePath.child("command"))) }
            case "httpGet":
                if action.text("path").isEmpty { errors.append(.required(typePath.child("path"))) }
                errors += validatePortNumberOrName(action["port"], typePath.child("port"))
                let scheme = action.text("scheme")
                if scheme != "HTTP" && scheme != "HTTPS" {
                    errors.append(.notSupported(typePath.child("scheme"), string: scheme, ["HTTP", "HTTPS"]))
                }
            case "tcpSocket":
                errors += validatePortNumberOrName(action["port"], typePath.child("port"))
            case "grpc":
                errors += validatePortNumberOrName(.int(action.integer("port") ?? 0), typePath.child("port"))
            default:
                let seconds = action.integer("seconds") ?? 0
                if let gracePeriod, seconds <= 0 || seconds > gracePeriod {
                    errors.append(
                        .invalid(
                            typePath, int: seconds,
                            "must be greater than 0 and less than terminationGracePeriodSeconds (\(gracePeriod)). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
                        ))
                }
            }
        }
        if count == 0 { errors.append(.required(path, "must specify a handler type")) }
        return errors
    }

    /// `ValidatePortNumOrName`: an int or string port.
    static func validatePortNumberOrName(_ port: JSONValue?, _ path: FieldPath) -> [FieldError] {
        if let name = port?.stringValue {
            return NameRules.isValidPortName(name).map { .invalid(path, string: name, $0) }
        }
        let number = port?.intValue ?? 0
        return NameRules.isValidPortNumber(number).map { .invalid(path, int: number, $0) }
    }
}
