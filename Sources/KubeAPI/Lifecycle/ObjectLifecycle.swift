import Foundation

/// What kube-apiserver's registry strategies do to an object on create and update, beyond defaulting and
/// validation (`PrepareForCreate` / `PrepareForUpdate` in kubernetes `pkg/registry/<group>/<kind>/strategy.go`).
enum ObjectLifecycle {
    /// Kinds whose `metadata.generation` tracks spec changes. Custom resources always do.
    static func tracksGeneration(_ type: ResourceType) -> Bool {
        switch (type.group, type.kind) {
        case ("apps", "ControllerRevision"):
            return false
        case ("", "PodTemplate"), ("apps", _), ("batch", _), ("", "ReplicationController"), ("networking.k8s.io", _),
            ("apiextensions.k8s.io", _):
            return true
        case ("", _), ("rbac.authorization.k8s.io", _), ("coordination.k8s.io", _),
            ("apiregistration.k8s.io", _), ("storage.k8s.io", _), ("scheduling.k8s.io", _), ("certificates.k8s.io", _),
            ("node.k8s.io", _), ("events.k8s.io", _), ("autoscaling", _):
            return false
        default:
            return true
        }
    }

    /// Kinds whose status the main resource does not write (they have a status subresource).
    static func hasStatusSubresource(_ type: ResourceType) -> Bool {
        if !type.group.isEmpty && !BuiltinResources.all.contains(type) {
            return type.customSubresources.contains { $0.name == "status" }
        }
        switch (type.group, type.kind) {
        case ("", "ConfigMap"), ("", "Secret"), ("", "ServiceAccount"), ("", "Endpoints"), ("", "Event"),
            ("", "LimitRange"), ("rbac.authorization.k8s.io", _), ("coordination.k8s.io", _), ("apps", "ControllerRevision"),
            ("discovery.k8s.io", "EndpointSlice"), ("scheduling.k8s.io", "PriorityClass"), ("", "PodTemplate"),
            ("", "ComponentStatus"), ("node.k8s.io", _), ("networking.k8s.io", "IngressClass"), ("events.k8s.io", _):
            return false
        case ("storage.k8s.io", let kind):
            return kind == "VolumeAttachment"
        case ("admissionregistration.k8s.io", let kind):
            return kind == "ValidatingAdmissionPolicy"
        default:
            return true
        }
    }

    /// What decoding a v1 object does before anything else (kubernetes `pkg/apis/core/v1/conversion.go`): a
    /// pod's deprecated `serviceAccount` stands in for an empty `serviceAccountName`; a secret's `stringData` is
    /// written into `data`, base64-encoded, overriding keys of the same name.
    static func convert(_ object: inout KubeObject, type: ResourceType) {
        if type == BuiltinResources.pods, (object.json[["spec", "serviceAccountName"]]?.stringValue ?? "").isEmpty,
            let account = object.json[["spec", "serviceAccount"]]?.stringValue, !account.isEmpty
        {
            object.json[["spec", "serviceAccountName"]] = .string(account)
        }
        guard type.group.isEmpty, type.kind == "Secret", let strings = object.json["stringData"]?.objectValue else { return }
        var data = object.json["data"]?.objectValue ?? [:]
        for (key, value) in strings {
            data[key] = .string(Data((value.stringValue ?? "").utf8).base64EncodedString())
        }
        object.json["data"] = .object(data)
        object.json["stringData"] = nil
    }

    /// What encoding the object as v1 again writes, after admission: a pod's `serviceAccountName` is copied into
    /// the deprecated `serviceAccount`.
    static func encode(_ object: inout KubeObject, type: ResourceType) {
        guard type == BuiltinResources.pods else { return }
        let account = object.json[["spec", "serviceAccountName"]]?.stringValue ?? ""
        object.json[["spec", "serviceAccount"]] = account.isEmpty ? nil : .string(account)
    }

    /// Clears or sets status and generation for a new object, and adds the `kubernetes` finalizer to a namespace.
    /// This runs after the object's managedFields are taken, as kube-apiserver's strategies do.
    static func prepareForCreate(_ object: inout KubeObject, type: ResourceType) {
        if tracksGeneration(type) { object.generation = 1 } else { object.generation = nil }
        if type.group == "apps" && type.kind == "DaemonSet" {
            setTemplateGeneration(&object, max(templateGeneration(object) ?? 1, 1))
        }
        if type.group.isEmpty && type.kind == "Namespace" {
            let finalizers = object.json[["spec", "finalizers"]]?.arrayValue ?? []
            if !finalizers.contains("kubernetes") { object.json[["spec", "finalizers"]] = .array(finalizers + ["kubernetes"]) }
        }
        guard hasStatusSubresource(type) else { return }
        switch (type.group, type.kind) {
        case ("", "Pod"):
            object.json["status"] = ["phase": "Pending", "qosClass": .string(qosClass(object.spec))]
        case ("", "Namespace"):
            object.json["status"] = ["phase": "Active"]
        case ("", "PersistentVolume"):
            object.json["status"] = ["phase": "Pending"]
        case ("", "PersistentVolumeClaim"):
            object.json["status"] = ["phase": "Pending"]
        case ("", "Service"):
            object.json["status"] = ["loadBalancer": .emptyObject]
        case ("", "Node"):
            break  // a node's status comes from its kubelet, which registers it with status
        case ("apiextensions.k8s.io", "CustomResourceDefinition"):
            object.json["status"] = definitionStatus(object.json)
        case ("storage.k8s.io", "VolumeAttachment"):
            object.json["status"] = ["attached": false]  // Go writes the empty status struct with its bool
        case ("autoscaling", "HorizontalPodAutoscaler"):
            // Go writes the empty status with its replica counts that have no omitempty (v2's nil currentMetrics, which
            // Go writes as null, is left out: protobuf storage cannot tell an empty list from none).
            object.json["status"] = type.version == "v1" ? ["currentReplicas": 0, "desiredReplicas": 0] : ["desiredReplicas": 0]
        case ("admissionregistration.k8s.io", "ValidatingAdmissionPolicy"):
            object.json["status"] = .emptyObject
        default:
            object.json["status"] = nil
        }
    }

    /// Keeps what an update of the main resource may not change: status (where it is a subresource), and
    /// bumps the generation when the spec changed (for deployments, also when annotations did).
    static func prepareForUpdate(_ object: inout KubeObject, old: KubeObject, type: ResourceType) {
        if hasStatusSubresource(type) && type.kind != "Node" {
            object.json["status"] = old.json["status"]
        }
        if type.group.isEmpty && type.kind == "Namespace" {
            // Only the `finalize` subresource changes a namespace's finalizers.
            object.json[["spec", "finalizers"]] = old.json[["spec", "finalizers"]]
        }
        guard tracksGeneration(type) else {
            object.generation = nil
            return
        }
        let field = generationField(type)
        var changed = object.json[field] != old.json[field]
        if type.group == "apps" && type.kind == "DaemonSet" {
            let previous = templateGeneration(old) ?? 1
            let templateChanged = object.json[["spec", "template"]] != old.json[["spec", "template"]]
            setTemplateGeneration(&object, templateChanged ? previous + 1 : previous)
        }
        if type.kind == "Deployment" && object.annotations != old.annotations { changed = true }
        if type.kind == "CustomResourceDefinition" { object.json["status"] = definitionStatus(object.json) }
        if type.group != "" && !BuiltinResources.all.contains(type) {
            // Custom resources: every change but metadata and status counts.
            var new = object.json
            var previous = old.json
            for field in ["metadata", "status"] {
                new[field] = nil
                previous[field] = nil
            }
            changed = new != previous
        }
        object.generation = (old.generation ?? 1) + (changed ? 1 : 0)
    }

    /// The field whose changes raise the generation: a pod template's `template`, a webhook configuration's
    /// `webhooks`, otherwise `spec`.
    private static func generationField(_ type: ResourceType) -> String {
        switch (type.group, type.kind) {
        case ("", "PodTemplate"): "template"
        case ("admissionregistration.k8s.io", "MutatingWebhookConfiguration"),
            ("admissionregistration.k8s.io", "ValidatingWebhookConfiguration"):
            "webhooks"
        default: "spec"
        }
    }

    /// The annotation apps/v1 keeps a DaemonSet's `spec.templateGeneration` in (`apps.DeprecatedTemplateGeneration`):
    /// 1 on create, kept on update, and raised by one when the pod template changes (the DaemonSet strategy).
    static let templateGenerationAnnotation = "deprecated.daemonset.template.generation"

    private static func templateGeneration(_ object: KubeObject) -> Int64? {
        object.annotations[templateGenerationAnnotation].flatMap { Int64($0) }
    }

    private static func setTemplateGeneration(_ object: inout KubeObject, _ generation: Int64) {
        object.json[["metadata", "annotations", templateGenerationAnnotation]] = .string(String(generation))
    }

    /// The pod's QoS class from its containers' requests and limits (`pkg/apis/core/helper/qos`).
    static func qosClass(_ spec: JSONValue?) -> String {
        let containers = (spec?["containers"]?.arrayValue ?? []) + (spec?["initContainers"]?.arrayValue ?? [])
        var anyResources = false
        var guaranteed = !containers.isEmpty
        for container in containers {
            let requests = container[["resources", "requests"]]?.objectValue ?? [:]
            let limits = container[["resources", "limits"]]?.objectValue ?? [:]
            if !requests.isEmpty || !limits.isEmpty { anyResources = true }
            for resource in ["cpu", "memory"] {
                guard let limit = limits[resource] else {
                    guaranteed = false
                    continue
                }
                if let request = requests[resource], request != limit { guaranteed = false }
            }
        }
        if !anyResources { return "BestEffort" }
        return guaranteed ? "Guaranteed" : "Burstable"
    }

    /// A CRD's status once the apiextensions controllers accept it: names accepted, established.
    private static func definitionStatus(_ definition: JSONValue) -> JSONValue {
        let names = definition[["spec", "names"]] ?? .emptyObject
        let versions = definition[["spec", "versions"]]?.arrayValue ?? []
        let stored = versions.filter { $0["storage"]?.boolValue == true }.compactMap { $0["name"] }
        return [
            "acceptedNames": names,
            "conditions": [
                ["type": "NamesAccepted", "status": "True", "reason": "NoConflicts", "message": "no conflicts found"],
                ["type": "Established", "status": "True", "reason": "InitialNamesAccepted",
                 "message": "the initial names have been accepted"],
            ],
            "storedVersions": .array(stored),
        ]
    }
}
