/// The defaulters of the rbac, networking, scheduling and apiextensions groups.
enum APIGroupDefaults {
    /// `SetDefaults_RoleBinding`/`ClusterRoleBinding` and `SetDefaults_Subject`: the rbac group where a kind
    /// implies it. A ServiceAccount subject's default group is the empty core group, which Go's encoding omits,
    /// so it is not written.
    static func applyToBinding(_ binding: inout JSONValue) {
        binding.update("roleRef", create: true) { $0.setDefault("apiGroup", .string(RBACValidation.group)) }
        binding.updateEach("subjects") { subject in
            switch subject.text("kind") {
            case "User", "Group": subject.setDefault("apiGroup", .string(RBACValidation.group))
            default: break
            }
        }
    }

    /// `SetDefaults_PriorityClass` (scheduling/v1): `preemptionPolicy: PreemptLowerPriority`.
    static func applyToPriorityClass(_ priorityClass: inout JSONValue) {
        priorityClass.setDefault("preemptionPolicy", "PreemptLowerPriority")
    }

    /// `SetDefaults_IngressClass`: a parameters reference without a scope is cluster-scoped.
    static func applyToIngressClass(_ ingressClass: inout JSONValue) {
        ingressClass.update("spec") { spec in spec.update("parameters") { $0.setDefault("scope", "Cluster") } }
    }

    /// `SetDefaults_NetworkPolicy`: policy types Ingress (and Egress when there are egress rules), TCP ports.
    static func applyToNetworkPolicy(_ policy: inout JSONValue) {
        policy.update("spec", create: true) { spec in
            for direction in ["ingress", "egress"] {
                spec.updateEach(direction) { rule in rule.updateEach("ports") { $0.setDefault("protocol", "TCP") } }
            }
            if spec.list("policyTypes").isEmpty {
                spec["policyTypes"] = .array(spec.list("egress").isEmpty ? ["Ingress"] : ["Ingress", "Egress"])
            }
        }
    }

    /// `SetDefaults_CustomResourceDefinitionSpec`: singular and list kind from the kind, conversion None.
    static func applyToCustomResourceDefinition(_ definition: inout JSONValue) {
        definition.update("spec", create: true) { spec in
            let kind = spec.object("names").text("kind")
            spec.update("names", create: true) { names in
                names.setDefault("singular", .string(kind.lowercased()))
                if !kind.isEmpty { names.setDefault("listKind", .string(kind + "List")) }
            }
            spec.setDefault("conversion", ["strategy": "None"])
            spec.update("conversion") { conversion in
                conversion.update("webhook") { webhook in
                    webhook.update("clientConfig") { config in config.update("service") { $0.setDefault("port", 443) } }
                }
            }
        }
    }
}
