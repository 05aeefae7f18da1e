/// The cheap, required-field part of kube-apiserver 1.32's validation of the kinds the control plane writes for
/// itself (APIServices, EndpointSlices, ControllerRevisions, CSINodes, PriorityClasses, API Priority and Fairness
/// configuration, CertificateSigningRequests): names and the fields without which the object means nothing.
/// Deeper rules (PEM requests, flow schema subjects, endpoint addresses) are not checked.
enum ControlPlaneKindsValidation {
    /// `ValidateAPIService`: the name is `<version>.<group>`, the priorities are in range.
    static func validateAPIService(_ service: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(
            service.metadata, namespaced: false, name: NameRules.pathSegmentName, kubeFinalizers: false)
        let spec = service.json.object("spec")
        let (group, version) = (spec.text("group"), spec.text("version"))
        if service.name != "\(version).\(group)" {
            errors.append(.invalid("metadata.name", string: service.name, "must be `spec.version+\".\"+spec.group`"))
        }
        if version.isEmpty { errors.append(.required("spec.version")) }
        let groupPriority = spec.integer("groupPriorityMinimum") ?? 0
        if groupPriority <= 0 || groupPriority > 20000 {
            errors.append(.invalid("spec.groupPriorityMinimum", int: groupPriority, "must be positive and less than 20000"))
        }
        let versionPriority = spec.integer("versionPriority") ?? 0
        if versionPriority <= 0 || versionPriority > 1000 {
            errors.append(.invalid("spec.versionPriority", int: versionPriority, "must be positive and less than 1000"))
        }
        return errors
    }

    /// `ValidateEndpointSlice`: an address type it supports.
    static func validateEndpointSlice(_ slice: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(slice.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        let addressType = slice.json.text("addressType")
        if addressType.isEmpty {
            errors.append(.required("addressType"))
        } else if !["IPv4", "IPv6", "FQDN"].contains(addressType) {
            errors.append(.notSupported("addressType", string: addressType, ["FQDN", "IPv4", "IPv6"]))
        }
        for (index, endpoint) in slice.json.list("endpoints").enumerated() where endpoint.list("addresses").isEmpty {
            errors.append(.required(FieldPath("endpoints").index(index).child("addresses"), "must contain at least 1 address"))
        }
        return errors
    }

    /// `ValidateControllerRevision`: a non-negative revision.
    static func validateControllerRevision(_ revision: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(revision.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        if let number = revision.json.integer("revision"), number < 0 {
            errors.append(.invalid("revision", int: number, RuleMessage.negative))
        }
        return errors
    }

    /// `ValidateCSINode`: a driver needs a name and a node ID.
    static func validateCSINode(_ node: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(node.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        for (index, driver) in node.json.object("spec").list("drivers").enumerated() {
            if driver.text("name").isEmpty { errors.append(.required(FieldPath("spec.drivers").index(index).child("name"))) }
            if driver.text("nodeID").isEmpty { errors.append(.required(FieldPath("spec.drivers").index(index).child("nodeID"))) }
        }
        return errors
    }

    /// `ValidatePriorityClass`: `system-` names are reserved for the built-in classes; user classes stay at or
    /// below 1000000000.
    static func validatePriorityClass(_ priorityClass: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(
            priorityClass.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let name = priorityClass.name
        if name.hasPrefix("system-") {
            if !["system-cluster-critical", "system-node-critical"].contains(name) {
                errors.append(.forbidden("metadata.name", "priority class names with 'system-' prefix are reserved"))
            }
        } else if let value = priorityClass.json.integer("value"), value > 1_000_000_000 {
            errors.append(.forbidden("value", "maximum allowed value of a user defined priority is 1000000000"))
        }
        return errors
    }

    /// `ValidateFlowSchema`: a priority level to refer to and a precedence in 1...10000.
    static func validateFlowSchema(_ schema: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(schema.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = schema.json.object("spec")
        if spec.object("priorityLevelConfiguration").text("name").isEmpty {
            errors.append(.required("spec.priorityLevelConfiguration.name", "must reference a priority level"))
        }
        if let precedence = spec.integer("matchingPrecedence"), precedence < 1 || precedence > 10000 {
            errors.append(.invalid("spec.matchingPrecedence", int: precedence, "must be between 1 and 10000, inclusive"))
        }
        return errors
    }

    /// `ValidatePriorityLevelConfiguration`: an `Exempt` or `Limited` type.
    static func validatePriorityLevelConfiguration(_ level: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(level.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let type = level.json.object("spec").text("type")
        if type.isEmpty {
            errors.append(.required("spec.type"))
        } else if !["Exempt", "Limited"].contains(type) {
            errors.append(.notSupported("spec.type", string: type, ["Exempt", "Limited"]))
        }
        return errors
    }

    /// `ValidateCertificateSigningRequestCreate`: a request and a signer.
    static func validateCertificateSigningRequest(_ request: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(request.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = request.json.object("spec")
        if spec.text("request").isEmpty { errors.append(.required("spec.request")) }
        if spec.text("signerName").isEmpty { errors.append(.required("spec.signerName")) }
        return errors
    }
}
