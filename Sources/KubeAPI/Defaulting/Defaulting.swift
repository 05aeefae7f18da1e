/// kube-apiserver 1.32's defaulting: what the v1 defaulters (and, where noted, the strategies and admission
/// plugins that run before validation) fill in an object a client sent.
///
/// The registry calls `apply(to:type:)` on every decoded create and update body, then (on create, after setting
/// `metadata.uid`) `prepareJobForCreate(_:)` for Jobs, and only then `Validation`. Applying twice changes nothing.
public enum Defaulting {
    public static func apply(to object: inout KubeObject, type: ResourceType) {
        switch (type.group, type.kind) {
        case ("", "Pod"): PodDefaults.applyToPod(&object.json)
        case ("", "Service"): ServiceDefaults.apply(&object.json)
        case ("", "Secret"): CoreDefaults.applyToSecret(&object.json)
        case ("", "Namespace"): CoreDefaults.applyToNamespace(&object.json)
        case ("", "PersistentVolume"): CoreDefaults.applyToVolume(&object.json)
        case ("", "PersistentVolumeClaim"): CoreDefaults.applyToClaim(&object.json)
        case ("", "Endpoints"): CoreDefaults.applyToEndpoints(&object.json)
        case ("", "LimitRange"): CoreDefaults.applyToLimitRange(&object.json)
        case ("", "Node"): CoreDefaults.applyToNode(&object.json)
        case ("", "ResourceQuota"): CoreDefaults.applyToResourceQuota(&object.json)
        case ("", "ReplicationController"): WorkloadDefaults.applyToReplicationController(&object.json)
        case ("apps", "Deployment"): WorkloadDefaults.applyToDeployment(&object.json)
        case ("apps", "ReplicaSet"): WorkloadDefaults.applyToReplicaSet(&object.json)
        case ("apps", "DaemonSet"): WorkloadDefaults.applyToDaemonSet(&object.json)
        case ("apps", "StatefulSet"): WorkloadDefaults.applyToStatefulSet(&object.json)
        case ("autoscaling", "HorizontalPodAutoscaler"):
            AutoscalingDefaults.applyToHorizontalPodAutoscaler(&object.json, version: type.version)
        case ("batch", "Job"): BatchDefaults.applyToJob(&object.json)
        case ("batch", "CronJob"): BatchDefaults.applyToCronJob(&object.json)
        case (RBACValidation.group, "RoleBinding"), (RBACValidation.group, "ClusterRoleBinding"):
            APIGroupDefaults.applyToBinding(&object.json)
        case ("networking.k8s.io", "NetworkPolicy"): APIGroupDefaults.applyToNetworkPolicy(&object.json)
        case ("scheduling.k8s.io", "PriorityClass"): APIGroupDefaults.applyToPriorityClass(&object.json)
        case ("", "PodTemplate"): object.json.update("template", create: true, PodDefaults.applyToTemplate)
        case ("networking.k8s.io", "IngressClass"): APIGroupDefaults.applyToIngressClass(&object.json)
        case ("storage.k8s.io", "StorageClass"): StorageDefaults.applyToStorageClass(&object.json)
        case ("storage.k8s.io", "CSIDriver"): StorageDefaults.applyToCSIDriver(&object.json)
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"):
            AdmissionRegistrationDefaults.applyToWebhookConfiguration(&object.json, mutating: true)
        case ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            AdmissionRegistrationDefaults.applyToWebhookConfiguration(&object.json, mutating: false)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): AdmissionRegistrationDefaults.applyToPolicy(&object.json)
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"):
            AdmissionRegistrationDefaults.applyToBinding(&object.json)
        case ("apiextensions.k8s.io", "CustomResourceDefinition"): APIGroupDefaults.applyToCustomResourceDefinition(&object.json)
        default: break
        }
    }

    /// The Job strategy's `PrepareForCreate` selector: unless `spec.manualSelector` is true, label the pod template
    /// with the Job's name and `metadata.uid` and select them. Call it after the uid is set, before validation.
    public static func prepareJobForCreate(_ job: inout KubeObject) {
        BatchDefaults.generateSelector(&job.json)
    }
}
