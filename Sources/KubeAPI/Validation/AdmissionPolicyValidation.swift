import Foundation

/// ValidatingAdmissionPolicies and their bindings (admissionregistration `ValidateValidatingAdmissionPolicy`,
/// `ValidateValidatingAdmissionPolicyBinding` for v1). KubeSim stores them; it does not compile or evaluate the
/// CEL expressions, so an expression is only checked for being there.
enum AdmissionPolicyValidation {
    static let reasons = ["Forbidden", "Invalid", "RequestEntityTooLarge", "Unauthorized"]
    static let validationActions = ["Audit", "Deny", "Warn"]
    static let parameterNotFoundActions = ["Deny", "Allow"]

    static func validatePolicy(_ policy: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(policy.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = policy.json.object("spec")
        let path = FieldPath("spec")
        let failurePolicies = AdmissionRuleValidation.failurePolicies
        if let failurePolicy = spec["failurePolicy"]?.stringValue {
            if !failurePolicies.contains(failurePolicy) {
                errors.append(.notSupported(path.child("failurePolicy"), string: failurePolicy, failurePolicies))
            }
        } else {
            errors.append(.required(path.child("failurePolicy")))
        }
        if let paramKind = spec["paramKind"], !paramKind.isNull {
            for field in ["apiVersion", "kind"] where paramKind.text(field).isEmpty {
                errors.append(.required(path.child("paramKind", field)))
            }
        }
        if let match = spec["matchConstraints"], !match.isNull {
            errors += AdmissionRuleValidation.matchResources(match, path.child("matchConstraints"))
            if match.list("resourceRules").isEmpty { errors.append(.required(path.child("matchConstraints", "resourceRules"))) }
        } else {
            errors.append(.required(path.child("matchConstraints")))
        }
        if spec.list("validations").isEmpty && spec.list("auditAnnotations").isEmpty {
            errors.append(.required(path.child("validations"), "validations or auditAnnotations must contain at least one item"))
        }
        for (index, validation) in spec.list("validations").enumerated() {
            errors += validateValidation(validation, path.child("validations").index(index))
        }
        return errors
    }

    static func validatePolicyUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validatePolicy(new)
    }

    static func validateBinding(_ binding: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(binding.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = binding.json.object("spec")
        let path = FieldPath("spec")
        let policyName = spec.text("policyName")
        if policyName.isEmpty {
            errors.append(.required(path.child("policyName")))
        } else {
            errors += NameRules.isDNS1123Subdomain(policyName).map { .invalid(path.child("policyName"), string: policyName, $0) }
        }
        if let reference = spec["paramRef"], !reference.isNull { errors += paramRef(reference, path.child("paramRef")) }
        // kube-apiserver 1.32 reports the binding's match resources under this misspelt path.
        errors += AdmissionRuleValidation.matchResources(spec["matchResources"], path.child("matchResouces"))
        errors += actions(spec.texts("validationActions"), path.child("validationActions"))
        return errors
    }

    static func validateBindingUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateBinding(new)
    }

    /// An expression, a one-line message and a reason it knows.
    private static func validateValidation(_ validation: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if validation.text("expression").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            errors.append(.required(path.child("expression"), "expression is not specified"))
        }
        let message = validation.text("message")
        let trimmed = message.trimmingCharacters(in: .whitespaces)
        if !message.isEmpty && trimmed.isEmpty {
            errors.append(.invalid(path.child("message"), string: message, "message must be non-empty if specified"))
        } else if trimmed.contains(where: \.isNewline) {
            errors.append(.invalid(path.child("message"), string: message, "message must not contain line breaks"))
        }
        if let reason = validation["reason"]?.stringValue, !reasons.contains(reason) {
            errors.append(.notSupported(path.child("reason"), string: reason, reasons))
        }
        return errors
    }

    /// `validateParamRef`: a name or a selector, not both, and what to do when no parameter is found.
    private static func paramRef(_ reference: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        let name = reference.text("name")
        let selector = reference["selector"].flatMap { $0.isNull ? nil : $0 }
        let exclusive = "name and selector are mutually exclusive"
        if !name.isEmpty {
            errors += NameRules.isValidPathSegmentName(name).map { .invalid(path.child("name"), string: name, $0) }
            if selector != nil { errors.append(.forbidden(path.child("name"), exclusive)) }
        }
        if let selector {
            errors += LabelSelectorRules.validate(selector, path.child("selector"))
            if !name.isEmpty { errors.append(.forbidden(path.child("selector"), exclusive)) }
        }
        if name.isEmpty && selector == nil { errors.append(.required(path, "one of name or selector must be specified")) }
        let action = reference.text("parameterNotFoundAction")
        if action.isEmpty {
            errors.append(.required(path.child("parameterNotFoundAction")))
        } else if !parameterNotFoundActions.contains(action) {
            errors.append(.notSupported(path.child("parameterNotFoundAction"), string: action, parameterNotFoundActions))
        }
        let namespace = reference.text("namespace")
        if !namespace.isEmpty {
            errors += NameRules.isDNS1123Label(namespace).map { .invalid(path.child("namespace"), string: namespace, $0) }
        }
        return errors
    }

    /// `validateValidationActions`: known, distinct, not both Deny and Warn, at least one.
    private static func actions(_ actions: [String], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var seen: Set<String> = []
        for (index, action) in actions.enumerated() {
            if !validationActions.contains(action) { errors.append(.notSupported(path.index(index), string: action, validationActions)) }
            if !seen.insert(action).inserted { errors.append(.duplicate(path.index(index), GoSyntax.string(action))) }
        }
        if seen.contains("Deny") && seen.contains("Warn") {
            errors.append(.invalid(path, AdmissionRuleValidation.goStrings(actions, "admissionregistration.ValidationAction"),
                "must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)"))
        }
        if seen.isEmpty { errors.append(.required(path, "at least one validation action is required")) }
        return errors
    }
}
