import Foundation

extension KindTable {
    /// `kubectl get mutatingwebhookconfigurations` and `validatingwebhookconfigurations`: NAME WEBHOOKS AGE.
    static let webhookConfigurations = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Webhooks", type: "integer",
                description: "Webhooks indicates the number of webhooks registered in this configuration"),
            .ageColumn,
        ],
        cells: { configuration, now in
            [.string(configuration.name), .int(Int64(configuration.json["webhooks"]?.arrayValue?.count ?? 0)), age(configuration, now)]
        })

    /// `kubectl get validatingadmissionpolicies`: NAME VALIDATIONS PARAMKIND AGE, the param kind as
    /// `apiVersion/Kind` or `<unset>`.
    static let validatingAdmissionPolicies = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Validations", type: "integer",
                description: "Validations indicates the number of validation rules defined in this configuration"),
            TableColumn(name: "ParamKind", description: "ParamKind specifies the kind of resources used to parameterize this policy"),
            .ageColumn,
        ],
        cells: { policy, now in
            let spec = policy.spec
            var paramKind = "<unset>"
            if let kind = spec?["paramKind"], kind.objectValue != nil { paramKind = text(kind["apiVersion"]) + "/" + text(kind["kind"]) }
            return [
                .string(policy.name), .int(Int64(spec?["validations"]?.arrayValue?.count ?? 0)), .string(paramKind), age(policy, now),
            ]
        })

    /// `kubectl get validatingadmissionpolicybindings`: NAME POLICYNAME PARAMREF AGE; the param ref as
    /// `namespace/name`, `*/name` without a namespace, or its selector as the protobuf `String()` prints it.
    static let validatingAdmissionPolicyBindings = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "PolicyName", description: "PolicyName indicates the policy definition which the policy binding binded to"),
            TableColumn(name: "ParamRef", description: "ParamRef indicates the param resource which sets the configration param"),
            .ageColumn,
        ],
        cells: { binding, now in
            let spec = binding.spec
            var paramRef = "<unset>"
            if let reference = spec?["paramRef"], reference.objectValue != nil {
                let name = text(reference["name"])
                let namespace = text(reference["namespace"])
                if !name.isEmpty {
                    paramRef = (namespace.isEmpty ? "*" : namespace) + "/" + name
                } else if let selector = reference["selector"], selector.objectValue != nil {
                    paramRef = protobufSelectorString(selector)
                }
            }
            return [.string(binding.name), .string(text(spec?["policyName"])), .string(paramRef), age(binding, now)]
        })

    /// `(*metav1.LabelSelector).String()` as gogo-protobuf generates it.
    private static func protobufSelectorString(_ selector: JSONValue) -> String {
        let labels = (selector["matchLabels"]?.objectValue ?? [:]).keys.sorted().map { key in
            "\(key): \(text(selector["matchLabels"]?[key])),"
        }
        let expressions = (selector["matchExpressions"]?.arrayValue ?? []).map { requirement in
            let values = (requirement["values"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: " ")
            return "LabelSelectorRequirement{Key:\(text(requirement["key"])),Operator:\(text(requirement["operator"])),Values:[\(values)],},"
        }
        return "&LabelSelector{MatchLabels:map[string]string{\(labels.joined())},"
            + "MatchExpressions:[]LabelSelectorRequirement{\(expressions.joined())},}"
    }
}
