/// Mutating and validating webhook configurations (admissionregistration `ValidateMutatingWebhookConfiguration`,
/// `ValidateValidatingWebhookConfiguration` for v1). KubeSim stores them; it calls no webhook.
enum WebhookConfigurationValidation {
    static let sideEffectClasses = ["None", "NoneOnDryRun"]
    static let admissionReviewVersions = ["v1", "v1beta1"]
    static let reinvocationPolicies = ["IfNeeded", "Never"]

    static func validate(_ configuration: KubeObject, mutating: Bool) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(configuration.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        var names: Set<String> = []
        for (index, webhook) in configuration.json.list("webhooks").enumerated() {
            let path = FieldPath("webhooks").index(index)
            let name = webhook.text("name")
            if !names.insert(name).inserted { errors.append(.duplicate(path.child("name"), GoSyntax.string(name))) }
            errors += validateWebhook(webhook, path, mutating: mutating)
        }
        return errors
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject, mutating: Bool) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validate(new, mutating: mutating)
    }

    private static func validateWebhook(_ webhook: JSONValue, _ path: FieldPath, mutating: Bool) -> [FieldError] {
        var errors = fullyQualifiedName(webhook.text("name"), path.child("name"))
        for (index, rule) in webhook.list("rules").enumerated() {
            errors += AdmissionRuleValidation.ruleWithOperations(rule, path.child("rules").index(index))
        }
        let failurePolicies = AdmissionRuleValidation.failurePolicies
        if let policy = webhook["failurePolicy"]?.stringValue, !failurePolicies.contains(policy) {
            errors.append(.notSupported(path.child("failurePolicy"), string: policy, failurePolicies))
        }
        let matchPolicies = AdmissionRuleValidation.matchPolicies
        if let policy = webhook["matchPolicy"]?.stringValue, !matchPolicies.contains(policy) {
            errors.append(.notSupported(path.child("matchPolicy"), string: policy, matchPolicies))
        }
        if let sideEffects = webhook["sideEffects"]?.stringValue {
            if !sideEffectClasses.contains(sideEffects) {
                errors.append(.notSupported(path.child("sideEffects"), string: sideEffects, sideEffectClasses))
            }
        } else {
            errors.append(.required(path.child("sideEffects"), "must specify one of \(sideEffectClasses.joined(separator: ", "))"))
        }
        if let timeout = webhook.integer("timeoutSeconds"), timeout < 1 || timeout > 30 {
            errors.append(.invalid(path.child("timeoutSeconds"), int: timeout, "the timeout value must be between 1 and 30 seconds"))
        }
        for field in ["namespaceSelector", "objectSelector"] where webhook.has(field) {
            errors += LabelSelectorRules.validate(webhook[field], path.child(field))
        }
        if mutating, let policy = webhook["reinvocationPolicy"]?.stringValue, !reinvocationPolicies.contains(policy) {
            errors.append(.notSupported(path.child("reinvocationPolicy"), string: policy, reinvocationPolicies))
        }
        let config = webhook.object("clientConfig")
        let url = config["url"]?.stringValue
        let service = config["service"].flatMap { $0.isNull ? nil : $0 }
        switch (url, service) {
        case (let url?, nil): errors += AdmissionRuleValidation.webhookURL(url, path.child("clientConfig", "url"))
        case (nil, let service?): errors += AdmissionRuleValidation.webhookService(service, path.child("clientConfig", "service"))
        default: errors.append(.required(path.child("clientConfig"), "exactly one of url or service is required"))
        }
        return errors + versions(webhook.texts("admissionReviewVersions"), path.child("admissionReviewVersions"))
    }

    /// `IsFullyQualifiedName`: a DNS subdomain of at least three labels.
    private static func fullyQualifiedName(_ value: String, _ path: FieldPath) -> [FieldError] {
        guard !value.isEmpty else { return [.required(path)] }
        let name = value.hasSuffix(".") ? String(value.dropLast()) : value
        let messages = NameRules.isDNS1123Subdomain(name)
        if !messages.isEmpty { return [.invalid(path, string: name, messages.joined(separator: ","))] }
        if name.split(separator: ".", omittingEmptySubsequences: false).count < 3 {
            return [.invalid(path, string: name, "should be a domain with at least three segments separated by dots")]
        }
        return []
    }

    /// `validateAdmissionReviewVersions`: at least one, no repeats, DNS labels, and one the server speaks.
    private static func versions(_ versions: [String], _ path: FieldPath) -> [FieldError] {
        guard !versions.isEmpty else {
            return [.required(path, "must specify one of \(admissionReviewVersions.joined(separator: ", "))")]
        }
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (index, version) in versions.enumerated() {
            guard seen.insert(version).inserted else {
                errors.append(.invalid(path.index(index), string: version, "duplicate version"))
                continue
            }
            errors += NameRules.isDNS1035Label(version).map { .invalid(path.index(index), string: version, $0) }
        }
        if !versions.contains(where: admissionReviewVersions.contains) {
            errors.append(.invalid(path, GoSyntax.strings(versions),
                                   "must include at least one of \(admissionReviewVersions.joined(separator: ", "))"))
        }
        return errors
    }
}
