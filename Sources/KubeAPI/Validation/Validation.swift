/// kube-apiserver 1.32's validation of objects on create and update, with its field paths and messages.
///
/// Run it on the defaulted object (`Defaulting.apply(to:type:)` first), after the registry has set the fields
/// the real strategies set before validating (`metadata.uid`, a Job's generated selector through
/// `Defaulting.prepareJobForCreate(_:)`, and on update the stored `resourceVersion`). An empty result means valid;
/// otherwise answer `StatusError.invalid(type, name:, errors:)`. Custom resources get the metadata rules only.
public enum Validation {
    /// The errors of `object`, a new object of `type`.
    public static func validate(_ object: KubeObject, type: ResourceType) -> [FieldError] {
        // A served version other than the storage one is validated in the storage version, as kube-apiserver
        // validates the internal object whatever the request's version.
        if let conversion = type.conversion, let stored = try? type.toStorage(object) {
            let strict = type == BuiltinResources.eventsV1 ? EventValidation.validateEventsV1Create(stored) : []
            return unique(validate(stored, type: conversion.storage) + strict)
        }
        let errors: [FieldError]
        switch (type.group, type.kind) {
        case ("autoscaling", "HorizontalPodAutoscaler"): errors = HorizontalPodAutoscalerValidation.validate(object)
        case ("", "Pod"): errors = PodValidation.validateCreate(object)
        case ("", "Service"): errors = ServiceValidation.validate(object)
        case ("", "ConfigMap"): errors = ConfigMapValidation.validateConfigMap(object)
        case ("", "Secret"): errors = ConfigMapValidation.validateSecret(object)
        case ("", "Namespace"): errors = NamespaceValidation.validateNamespace(object)
        case ("", "Node"): errors = NamespaceValidation.validateNode(object)
        case ("", "ServiceAccount"): errors = NamespaceValidation.validateServiceAccount(object)
        case ("", "Endpoints"): errors = EndpointsValidation.validateEndpoints(object)
        case ("", "Event"): errors = EndpointsValidation.validateEvent(object)
        case ("", "LimitRange"): errors = LimitRangeValidation.validateLimitRange(object)
        case ("", "ResourceQuota"): errors = LimitRangeValidation.validateResourceQuota(object)
        case ("", "PersistentVolume"): errors = PersistentVolumeValidation.validateVolume(object)
        case ("", "PersistentVolumeClaim"): errors = PersistentVolumeValidation.validateClaim(object)
        case ("", "ReplicationController"): errors = ReplicaSetValidation.validateController(object)
        case ("apps", "Deployment"): errors = DeploymentValidation.validate(object)
        case ("apps", "ReplicaSet"): errors = ReplicaSetValidation.validate(object)
        case ("apps", "DaemonSet"): errors = DaemonSetValidation.validate(object)
        case ("apps", "StatefulSet"): errors = StatefulSetValidation.validate(object)
        case ("batch", "Job"): errors = JobValidation.validate(object)
        case ("batch", "CronJob"): errors = CronJobValidation.validate(object)
        case ("policy", "PodDisruptionBudget"): errors = PodDisruptionBudgetValidation.validate(object)
        case (RBACValidation.group, "Role"), (RBACValidation.group, "ClusterRole"):
            errors = RBACValidation.validateRole(object, namespaced: type.namespaced)
        case (RBACValidation.group, "RoleBinding"), (RBACValidation.group, "ClusterRoleBinding"):
            errors = RBACValidation.validateBinding(object, namespaced: type.namespaced)
        case ("networking.k8s.io", "Ingress"): errors = IngressValidation.validate(object)
        case ("networking.k8s.io", "NetworkPolicy"): errors = NetworkPolicyValidation.validate(object)
        case ("coordination.k8s.io", "Lease"): errors = NetworkPolicyValidation.validateLease(object)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): errors = CustomResourceDefinitionValidation.validate(object)
        case ("apiregistration.k8s.io", "APIService"): errors = ControlPlaneKindsValidation.validateAPIService(object)
        case ("discovery.k8s.io", "EndpointSlice"): errors = ControlPlaneKindsValidation.validateEndpointSlice(object)
        case ("apps", "ControllerRevision"): errors = ControlPlaneKindsValidation.validateControllerRevision(object)
        case ("storage.k8s.io", "CSINode"): errors = ControlPlaneKindsValidation.validateCSINode(object)
        case ("storage.k8s.io", "StorageClass"): errors = StorageValidation.validateStorageClass(object)
        case ("storage.k8s.io", "CSIDriver"): errors = StorageValidation.validateCSIDriver(object)
        case ("storage.k8s.io", "VolumeAttachment"): errors = StorageValidation.validateVolumeAttachment(object)
        case ("storage.k8s.io", "CSIStorageCapacity"): errors = StorageValidation.validateStorageCapacity(object)
        case ("", "PodTemplate"): errors = PodTemplateValidation.validate(object)
        case ("node.k8s.io", "RuntimeClass"): errors = ClassKindsValidation.validateRuntimeClass(object)
        case ("networking.k8s.io", "IngressClass"): errors = ClassKindsValidation.validateIngressClass(object)
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"):
            errors = WebhookConfigurationValidation.validate(object, mutating: true)
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            errors = WebhookConfigurationValidation.validate(object, mutating: false)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): errors = AdmissionPolicyValidation.validatePolicy(object)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"):
            errors = AdmissionPolicyValidation.validateBinding(object)
        case ("scheduling.k8s.io", "PriorityClass"): errors = ControlPlaneKindsValidation.validatePriorityClass(object)
        case ("flowcontrol.apiserver.k8s.io", "FlowSchema"): errors = ControlPlaneKindsValidation.validateFlowSchema(object)
        case ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"):
            errors = ControlPlaneKindsValidation.validatePriorityLevelConfiguration(object)
        case ("certificates.k8s.io", "CertificateSigningRequest"):
            errors = ControlPlaneKindsValidation.validateCertificateSigningRequest(object)
        default: errors = customResource(object, type: type)
        }
        return unique(errors)
    }

    /// The errors of replacing `old` with `new`: the create rules plus what may not change
    /// (`metadata.name`, selectors, allocated cluster IPs, immutable data, a binding's `roleRef`, ...).
    public static func validateUpdate(_ new: KubeObject, old: KubeObject, type: ResourceType) -> [FieldError] {
        if let conversion = type.conversion, let stored = try? type.toStorage(new), let storedOld = try? type.toStorage(old) {
            return validateUpdate(stored, old: storedOld, type: conversion.storage)
        }
        let errors: [FieldError]
        switch (type.group, type.kind) {
        case ("autoscaling", "HorizontalPodAutoscaler"): errors = HorizontalPodAutoscalerValidation.validateUpdate(new, old)
        case ("", "Pod"): errors = PodValidation.validateUpdate(new, old)
        case ("", "Service"): errors = ServiceValidation.validateUpdate(new, old)
        case ("", "ConfigMap"): errors = ConfigMapValidation.validateConfigMapUpdate(new, old)
        case ("", "Secret"): errors = ConfigMapValidation.validateSecretUpdate(new, old)
        case ("", "Node"): errors = NamespaceValidation.validateNodeUpdate(new, old)
        case ("", "Endpoints"): errors = EndpointsValidation.validateEndpointsUpdate(new, old)
        case ("", "ResourceQuota"): errors = LimitRangeValidation.validateResourceQuotaUpdate(new, old)
        case ("", "PersistentVolume"): errors = PersistentVolumeValidation.validateVolumeUpdate(new, old)
        case ("", "PersistentVolumeClaim"): errors = PersistentVolumeValidation.validateClaimUpdate(new, old)
        case ("", "ReplicationController"): errors = ReplicaSetValidation.validateControllerUpdate(new, old)
        case ("apps", "Deployment"): errors = DeploymentValidation.validateUpdate(new, old)
        case ("apps", "ReplicaSet"): errors = ReplicaSetValidation.validateUpdate(new, old)
        case ("apps", "DaemonSet"): errors = DaemonSetValidation.validateUpdate(new, old)
        case ("apps", "StatefulSet"): errors = StatefulSetValidation.validateUpdate(new, old)
        case ("batch", "Job"): errors = JobValidation.validateUpdate(new, old)
        case ("batch", "CronJob"): errors = CronJobValidation.validateUpdate(new, old)
        case ("policy", "PodDisruptionBudget"): errors = PodDisruptionBudgetValidation.validateUpdate(new, old)
        case (RBACValidation.group, "Role"), (RBACValidation.group, "ClusterRole"):
            errors = RBACValidation.validateRoleUpdate(new, old, namespaced: type.namespaced)
        case (RBACValidation.group, "RoleBinding"), (RBACValidation.group, "ClusterRoleBinding"):
            errors = RBACValidation.validateBindingUpdate(new, old, namespaced: type.namespaced)
        case ("networking.k8s.io", "Ingress"): errors = IngressValidation.validateUpdate(new, old)
        case ("networking.k8s.io", "NetworkPolicy"): errors = NetworkPolicyValidation.validateUpdate(new, old)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): errors = CustomResourceDefinitionValidation.validateUpdate(new, old)
        case ("storage.k8s.io", "StorageClass"): errors = StorageValidation.validateStorageClassUpdate(new, old)
        case ("storage.k8s.io", "CSIDriver"): errors = StorageValidation.validateCSIDriverUpdate(new, old)
        case ("storage.k8s.io", "VolumeAttachment"): errors = StorageValidation.validateVolumeAttachmentUpdate(new, old)
        case ("storage.k8s.io", "CSIStorageCapacity"): errors = StorageValidation.validateStorageCapacityUpdate(new, old)
        case ("", "PodTemplate"): errors = PodTemplateValidation.validateUpdate(new, old)
        case ("node.k8s.io", "RuntimeClass"): errors = ClassKindsValidation.validateRuntimeClassUpdate(new, old)
        case ("networking.k8s.io", "IngressClass"): errors = ClassKindsValidation.validateIngressClassUpdate(new, old)
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"):
            errors = WebhookConfigurationValidation.validateUpdate(new, old, mutating: true)
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            errors = WebhookConfigurationValidation.validateUpdate(new, old, mutating: false)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): errors = AdmissionPolicyValidation.validatePolicyUpdate(new, old)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"):
            errors = AdmissionPolicyValidation.validateBindingUpdate(new, old)
        case ("", "Namespace"), ("", "ServiceAccount"), ("", "Event"), ("", "LimitRange"), ("coordination.k8s.io", "Lease"),
            ("apiregistration.k8s.io", "APIService"), ("discovery.k8s.io", "EndpointSlice"), ("apps", "ControllerRevision"),
            ("storage.k8s.io", "CSINode"), ("scheduling.k8s.io", "PriorityClass"), ("flowcontrol.apiserver.k8s.io", _),
            ("certificates.k8s.io", "CertificateSigningRequest"):
            errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validate(new, type: type)
        default:
            errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata, kubeFinalizers: false) + customResource(new, type: type)
        }
        return unique(errors)
    }

    /// Custom resources: DNS-1123 subdomain names, labels, annotations and the other metadata rules.
    private static func customResource(_ object: KubeObject, type: ResourceType) -> [FieldError] {
        ObjectMetaValidation.validate(object.metadata, namespaced: type.namespaced, name: NameRules.dnsSubdomainName, kubeFinalizers: false)
    }

    /// Each message once, as the aggregated error kube-apiserver prints.
    private static func unique(_ errors: [FieldError]) -> [FieldError] {
        var seen: Set<FieldError> = []
        return errors.filter { seen.insert($0).inserted }
    }
}
