import Foundation

/// How kube-apiserver prints one built-in kind as Table rows (kubernetes `pkg/printers/internalversion`): the
/// column definitions and, for one object, every cell including the `-o wide` ones (the server always
/// generates wide rows; kubectl hides priority columns).
struct KindTable: Sendable {
    var columns: [TableColumn]
    var cells: @Sendable (KubeObject, Date) -> [JSONValue]
    /// The row's `conditions` (pods report `Completed` for Succeeded and Failed).
    var conditions: @Sendable (KubeObject) -> JSONValue? = { _ in nil }
    /// How a list's rows are ordered when the printer sorts them (FlowSchemas); nil keeps the list's order.
    var rowOrder: (@Sendable (KubeObject, KubeObject) -> Bool)?

    /// The printer of a kind in a group; nil for kinds the server prints with its default
    /// (Name, Created At) table.
    static func printer(group: String, kind: String) -> KindTable? {
        switch (group, kind) {
        case ("", "Pod"): pods
        case ("", "Service"): services
        case ("", "Node"): nodes
        case ("", "Namespace"): namespaces
        case ("", "Endpoints"): endpoints
        case ("", "ConfigMap"): configMaps
        case ("", "Secret"): secrets
        case ("", "ServiceAccount"): serviceAccounts
        case ("", "Event"): events
        case ("", "ResourceQuota"): resourceQuotas
        case ("", "PersistentVolume"): persistentVolumes
        case ("", "PersistentVolumeClaim"): persistentVolumeClaims
        case ("", "ReplicationController"): replicationControllers
        case ("apps", "Deployment"): deployments
        case ("apps", "ReplicaSet"): replicaSets
        case ("apps", "DaemonSet"): daemonSets
        case ("apps", "StatefulSet"): statefulSets
        case ("apps", "ControllerRevision"): controllerRevisions
        case ("autoscaling", "HorizontalPodAutoscaler"): horizontalPodAutoscalers
        case ("batch", "Job"): jobs
        case ("batch", "CronJob"): cronJobs
        case ("policy", "PodDisruptionBudget"): podDisruptionBudgets
        case ("rbac.authorization.k8s.io", "RoleBinding"): roleBindings
        case ("rbac.authorization.k8s.io", "ClusterRoleBinding"): clusterRoleBindings
        case ("networking.k8s.io", "Ingress"): ingresses
        case ("networking.k8s.io", "NetworkPolicy"): networkPolicies
        case ("coordination.k8s.io", "Lease"): leases
        case ("discovery.k8s.io", "EndpointSlice"): endpointSlices
        case ("storage.k8s.io", "CSINode"): csiNodes
        case ("storage.k8s.io", "StorageClass"): storageClasses
        case ("storage.k8s.io", "CSIDriver"): csiDrivers
        case ("storage.k8s.io", "VolumeAttachment"): volumeAttachments
        case ("storage.k8s.io", "CSIStorageCapacity"): csiStorageCapacities
        case ("", "PodTemplate"): podTemplates
        case ("", "ComponentStatus"): componentStatuses
        case ("node.k8s.io", "RuntimeClass"): runtimeClasses
        case ("networking.k8s.io", "IngressClass"): ingressClasses
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"), ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            webhookConfigurations
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"): validatingAdmissionPolicies
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding"): validatingAdmissionPolicyBindings
        case ("scheduling.k8s.io", "PriorityClass"): priorityClasses
        case ("flowcontrol.apiserver.k8s.io", "FlowSchema"): flowSchemas
        case ("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration"): priorityLevelConfigurations
        case ("certificates.k8s.io", "CertificateSigningRequest"): certificateSigningRequests
        case ("apiregistration.k8s.io", "APIService"): apiServices
        default: nil
        }
    }
}

// MARK: - Shared columns and cells

extension TableColumn {
    /// The `Name` column every kind starts with.
    static let nameColumn = TableColumn(name: "Name", format: "name", description: APIFieldDocs.objectMetaName)
    /// The `Age` column: the object's age as a duration string.
    static let ageColumn = TableColumn(name: "Age", description: APIFieldDocs.objectMetaCreationTimestamp)
    static let containersColumn = TableColumn(
        name: "Containers", description: "Names of each container in the template.", priority: 1)
    static let imagesColumn = TableColumn(
        name: "Images", description: "Images referenced by each container in the template.", priority: 1)
}

extension KindTable {
    /// The `Age` cell of an object.
    static func age(_ object: KubeObject, _ now: Date) -> JSONValue {
        .string(HumanDuration.since(object.creationTimestamp, now: now))
    }

    /// Container names and images joined with commas (`layoutContainerCells`).
    static func containerCells(_ containers: JSONValue?) -> [JSONValue] {
        let list = containers?.arrayValue ?? []
        return [
            .string(list.map { $0["name"]?.stringValue ?? "" }.joined(separator: ",")),
            .string(list.map { $0["image"]?.stringValue ?? "" }.joined(separator: ",")),
        ]
    }

    /// An integer field, 0 when absent (Go's zero value).
    static func integer(_ value: JSONValue?) -> Int64 {
        value?.intValue ?? 0
    }

    /// A string field, empty when absent.
    static func text(_ value: JSONValue?) -> String {
        value?.stringValue ?? ""
    }

    /// The given text, or a placeholder such as `<none>` when it is empty.
    static func text(_ value: JSONValue?, or placeholder: String) -> String {
        let string = text(value)
        return string.isEmpty ? placeholder : string
    }

    /// `printBoolPtr`: `True`, `False` or `<unset>`.
    static func boolPointer(_ value: JSONValue?) -> String {
        switch value?.boolValue {
        case true?: "True"
        case false?: "False"
        case nil: "<unset>"
        }
    }

    /// Whether the first condition of a type in a conditions list has status `True` (`hasJobCondition`).
    static func conditionIsTrue(_ conditions: JSONValue?, type: String) -> Bool {
        (conditions?.arrayValue ?? []).first { $0["type"]?.stringValue == type }?["status"]?.stringValue == "True"
    }
}
