/// NetworkPolicies (networking `ValidateNetworkPolicy`) and Leases (coordination `ValidateLease`).
enum NetworkPolicyValidation {
    static func validate(_ policy: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(policy.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateSpec(policy.json.object("spec"), "spec")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateSpec(new.json.object("spec"), "spec")
    }

    private static func validateSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = LabelSelectorRules.validate(spec.object("podSelector"), path.child("podSelector"))
        for (direction, peers) in [("ingress", "from"), ("egress", "to")] {
            for (index, rule) in spec.list(direction).enumerated() {
                let rulePath = path.child(direction).index(index)
                for (portIndex, port) in rule.list("ports").enumerated() {
                    errors += validatePort(port, rulePath.child("ports").index(portIndex))
                }
                for (peerIndex, peer) in rule.list(peers).enumerated() {
                    errors += validatePeer(peer, rulePath.child(peers).index(peerIndex))
                }
            }
        }
        let types = spec.texts("policyTypes")
        if types.count > 2 {
            errors.append(
                .invalid(path.child("policyTypes"), "&[]networking.PolicyType{\(types.map(GoSyntax.string).joined(separator: ", "))}", "may not specify more than two policyTypes"))
            return errors
        }
        for (index, type) in types.enumerated() where type != "Ingress" && type != "Egress" {
            errors.append(.notSupported(path.child("policyTypes").index(index), string: type, ["Ingress", "Egress"]))
        }
        return errors
    }

    private static func validatePort(_ port: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let proto = port["protocol"]?.stringValue, !["TCP", "UDP", "SCTP"].contains(proto) {
            errors.append(.notSupported(path.child("protocol"), string: proto, ["TCP", "UDP", "SCTP"]))
        }
        if let value = port["port"], !value.isNull {
            errors += ContainerValidation.validatePortNumberOrName(value, path.child("port"))
        }
        if let end = port.integer("endPort") {
            let start = port["port"]?.intValue ?? 0
            if port["port"]?.stringValue != nil {
                errors.append(.forbidden(path.child("endPort"), "may not be specified when `port` is non-numeric"))
            } else if !port.has("port") {
                errors.append(.required(path.child("port"), "must be specified when `endPort` is specified"))
            } else if end < start {
                errors.append(.invalid(path.child("endPort"), int: end, "must be greater than or equal to `port`"))
            }
        }
        return errors
    }

    private static func validatePeer(_ peer: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        for field in ["podSelector", "namespaceSelector"] where peer.has(field) {
            count += 1
            errors += LabelSelectorRules.validate(peer[field], path.child(field))
        }
        if let block = peer["ipBlock"], !block.isNull {
            count += 1
            errors += validateIPBlock(block, path.child("ipBlock"))
        }
        if count == 0 {
            errors.append(.required(path, "must specify a peer"))
        } else if count > 1 && peer.has("ipBlock") {
            errors.append(.forbidden(path, "may not specify both ipBlock and another peer"))
        }
        return errors
    }

    private static func validateIPBlock(_ block: JSONValue, _ path: FieldPath) -> [FieldError] {
        let cidrText = block.text("cidr")
        if cidrText.isEmpty { return [.required(path.child("cidr"))] }
        guard let cidr = NetworkRules.parseCIDR(cidrText) else { return [.invalid(path.child("cidr"), string: cidrText, "not a valid CIDR")] }
        var errors: [FieldError] = []
        for (index, exceptText) in block.texts("except").enumerated() {
            guard let except = NetworkRules.parseCIDR(exceptText) else {
                errors.append(.invalid(path.child("except").index(index), string: exceptText, "not a valid CIDR"))
                return errors
            }
            if !NetworkRules.contains(cidr, except.address) || cidr.prefix >= except.prefix {
                errors.append(.invalid(path.child("except").index(index), string: exceptText, "must be a strict subset of `cidr`"))
            }
        }
        return errors
    }

    static func validateLease(_ lease: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(lease.metadata, namespaced: true, name: NameRules.dnsSubdomainName, kubeFinalizers: false)
        let spec = lease.json.object("spec")
        if let duration = spec.integer("leaseDurationSeconds"), duration <= 0 {
            errors.append(.invalid("spec.leaseDurationSeconds", int: duration, "must be greater than 0"))
        }
        if let transitions = spec.integer("leaseTransitions"), transitions < 0 {
            errors.append(.invalid("spec.leaseTransitions", int: transitions, RuleMessage.negative))
        }
        return errors
    }
}
