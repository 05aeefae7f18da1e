/// PodTemplates (core `ValidatePodTemplate`, `ValidatePodTemplateUpdate`): a namespaced name and a valid pod
/// template, which unlike a workload's may have any restart policy.
enum PodTemplateValidation {
    static func validate(_ podTemplate: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(podTemplate.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + PodValidation.validateTemplate(podTemplate.json.object("template"), "template")
    }

    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
            + PodValidation.validateTemplate(new.json.object("template"), "template")
    }
}
