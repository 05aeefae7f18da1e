/// The admissionregistration.k8s.io/v1 defaulters (`SetDefaults_ValidatingWebhook`, `SetDefaults_MutatingWebhook`,
/// `SetDefaults_Rule`, `SetDefaults_ServiceReference`, `SetDefaults_ValidatingAdmissionPolicySpec`,
/// `SetDefaults_MatchResources`).
enum AdmissionRegistrationDefaults {
    /// Each webhook fails closed, matches equivalent requests, selects everything, waits 10 s, and a mutating
    /// one is not called again; rules apply in every scope; services listen on 443.
    static func applyToWebhookConfiguration(_ configuration: inout JSONValue, mutating: Bool) {
        configuration.updateEach("webhooks") { webhook in
            webhook.setDefault("failurePolicy", "Fail")
            webhook.setDefault("matchPolicy", "Equivalent")
            webhook.setDefault("namespaceSelector", .emptyObject)
            webhook.setDefault("objectSelector", .emptyObject)
            webhook.setDefault("timeoutSeconds", 10)
            if mutating { webhook.setDefault("reinvocationPolicy", "Never") }
            webhook.updateEach("rules") { $0.setDefault("scope", "*") }
            webhook.update("clientConfig") { config in config.update("service") { $0.setDefault("port", 443) } }
        }
    }

    /// A policy fails closed; its match constraints get the match resources defaults.
    static func applyToPolicy(_ policy: inout JSONValue) {
        policy.update("spec", create: true) { spec in
            spec.setDefault("failurePolicy", "Fail")
            spec.update("matchConstraints", applyToMatchResources)
        }
    }

    /// A binding's match resources get their defaults.
    static func applyToBinding(_ binding: inout JSONValue) {
        binding.update("spec", create: true) { spec in spec.update("matchResources", applyToMatchResources) }
    }

    private static func applyToMatchResources(_ match: inout JSONValue) {
        match.setDefault("matchPolicy", "Equivalent")
        match.setDefault("namespaceSelector", .emptyObject)
        match.setDefault("objectSelector", .emptyObject)
        for field in ["resourceRules", "excludeResourceRules"] {
            match.updateEach(field) { $0.setDefault("scope", "*") }
        }
    }
}
