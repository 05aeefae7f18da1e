import Foundation

extension KindTable {
    /// `kubectl get persistentvolumes`: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
    /// VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE.
    static let persistentVolumes = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Capacity", description: APIFieldDocs.persistentVolumeSpecCapacity),
            TableColumn(name: "Access Modes", description: APIFieldDocs.persistentVolumeSpecAccessModes),
            TableColumn(
                name: "Reclaim Policy",
                description: APIFieldDocs.persistentVolumeSpecPersistentVolumeReclaimPolicy
            ),
            TableColumn(name: "Status", description: APIFieldDocs.persistentVolumeStatusPhase),
            TableColumn(name: "Claim", description: APIFieldDocs.persistentVolumeSpecClaimRef),
            TableColumn(name: "StorageClass", description: "StorageClass of the pv"),
            TableColumn(name: "VolumeAttributesClass", description: "VolumeAttributesClass of the pv"),
            TableColumn(name: "Reason", description: APIFieldDocs.persistentVolumeStatusReason),
            .ageColumn,
            TableColumn(name: "VolumeMode", description: APIFieldDocs.persistentVolumeSpecVolumeMode, priority: 1),
        ],
        cells: { volume, now in
            let spec = volume.spec
            var claim = ""
            if let claimRef = spec?["claimRef"], claimRef.objectValue != nil {
                claim = "\(text(claimRef["namespace"]))/\(text(claimRef["name"]))"
            }
            let phase = volume.deletionTimestamp != nil ? "Terminating" : text(volume.json[["status", "phase"]])
            return [
                .string(volume.name), .string(quantity(spec?["capacity"]?["storage"])),
                .string(accessModes(spec?["accessModes"])), .string(text(spec?["persistentVolumeReclaimPolicy"])),
                .string(phase), .string(claim), .string(storageClass(volume)),
                .string(text(spec?["volumeAttributesClassName"], or: "<unset>")),
                .string(text(volume.json[["status", "reason"]])), age(volume, now),
                .string(text(spec?["volumeMode"], or: "<unset>")),
            ]
        })

    /// `kubectl get persistentvolumeclaims`: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
    /// VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE.
    static let persistentVolumeClaims = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Status", description: APIFieldDocs.persistentVolumeClaimStatusPhase),
            TableColumn(name: "Volume", description: APIFieldDocs.persistentVolumeClaimSpecVolumeName),
            TableColumn(name: "Capacity", description: APIFieldDocs.persistentVolumeClaimStatusCapacity),
            TableColumn(name: "Access Modes", description: APIFieldDocs.persistentVolumeClaimStatusAccessModes),
            TableColumn(name: "StorageClass", description: "StorageClass of the pvc"),
            TableColumn(name: "VolumeAttributesClass", description: "VolumeAttributesClass of the pvc"),
            .ageColumn,
            TableColumn(name: "VolumeMode", description: APIFieldDocs.persistentVolumeClaimSpecVolumeMode, priority: 1),
        ],
        cells: { claim, now in
            let spec = claim.spec
            let status = claim.json["status"]
            let phase = claim.deletionTimestamp != nil ? "Terminating" : text(status?["phase"])
            let volumeName = text(spec?["volumeName"])
            let bound = !volumeName.isEmpty
            return [
                .string(claim.name), .string(phase), .string(volumeName),
                .string(bound ? quantity(status?["capacity"]?["storage"]) : ""),
                .string(bound ? accessModes(status?["accessModes"]) : ""), .string(storageClass(claim)),
                .string(text(spec?["volumeAttributesClassName"], or: "<unset>")), age(claim, now),
                .string(text(spec?["volumeMode"], or: "<unset>")),
            ]
        })

    /// `kubectl get csinodes`: NAME DRIVERS AGE.
    static let csiNodes = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Drivers", type: "integer",
                description: "Drivers indicates the number of CSI drivers registered on the node"),
            .ageColumn,
        ],
        cells: { node, now in
            [.string(node.name), .int(Int64(node.spec?["drivers"]?.arrayValue?.count ?? 0)), age(node, now)]
        })

    /// Access modes abbreviated in a fixed order: `RWO,ROX,RWX,RWOP`.
    private static func accessModes(_ modes: JSONValue?) -> String {
        let present = Set((modes?.arrayValue ?? []).compactMap(\.stringValue))
        let abbreviations = [
            ("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP"),
        ]
        return abbreviations.filter { present.contains($0.0) }.map(\.1).joined(separator: ",")
    }

    /// The storage class: the beta annotation first, then `spec.storageClassName`.
    private static func storageClass(_ object: KubeObject) -> String {
        object.annotations["volume.beta.kubernetes.io/storage-class"] ?? text(object.spec?["storageClassName"])
    }
}

// MARK: - storage.k8s.io kinds users write

extension KindTable {
    /// kubectl's `IsDefaultAnnotation`: the GA or the beta default-class annotation set to `true`.
    static func isDefaultStorageClass(_ storageClass: KubeObject) -> Bool {
        storageClass.annotations["storageclass.kubernetes.io/is-default-class"] == "true"
            || storageClass.annotations["storageclass.beta.kubernetes.io/is-default-class"] == "true"
    }

    /// `kubectl get storageclasses`: NAME (with ` (default)` for the default class) PROVISIONER RECLAIMPOLICY
    /// VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE (`printStorageClass`).
    static let storageClasses = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Provisioner", description: "provisioner indicates the type of the provisioner."),
            TableColumn(
                name: "ReclaimPolicy",
                description: "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete."),
            TableColumn(
                name: "VolumeBindingMode",
                description: "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature."),
            TableColumn(
                name: "AllowVolumeExpansion",
                description: "allowVolumeExpansion shows whether the storage class allow volume expand."),
            .ageColumn,
        ],
        cells: { storageClass, now in
            let json = storageClass.json
            let name = storageClass.name + (isDefaultStorageClass(storageClass) ? " (default)" : "")
            return [
                .string(name), .string(text(json["provisioner"])), .string(text(json["reclaimPolicy"], or: "Delete")),
                .string(text(json["volumeBindingMode"], or: "Immediate")),
                .bool(json["allowVolumeExpansion"]?.boolValue ?? false), age(storageClass, now),
            ]
        })

    /// `kubectl get csidrivers`: NAME ATTACHREQUIRED PODINFOONMOUNT STORAGECAPACITY TOKENREQUESTS
    /// REQUIRESREPUBLISH MODES AGE (`printCSIDriver`).
    static let csiDrivers = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "AttachRequired", type: "boolean",
                description: "attachRequired indicates this CSI volume driver requires an attach operation (because it implements the CSI ControllerPublishVolume() method), and that the Kubernetes attach detach controller should call the attach volume interface which checks the volumeattachment status and waits until the volume is attached before proceeding to mounting."),
            TableColumn(
                name: "PodInfoOnMount", type: "boolean",
                description: "podInfoOnMount indicates this CSI volume driver requires additional pod information (like podName, podUID, etc.) during mount operations, if set to true."),
            TableColumn(
                name: "StorageCapacity", type: "boolean",
                description: "storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity that the driver deployment will report by creating CSIStorageCapacity objects with capacity information, if set to true."),
            TableColumn(
                name: "TokenRequests",
                description: "tokenRequests indicates the CSI driver needs pods' service account tokens it is mounting volume for to do necessary authentication."),
            TableColumn(
                name: "RequiresRepublish", type: "boolean",
                description: "requiresRepublish indicates the CSI driver wants `NodePublishVolume` being periodically called to reflect any possible change in the mounted volume."),
            TableColumn(
                name: "Modes",
                description: "volumeLifecycleModes defines what kind of volumes this CSI volume driver supports."),
            .ageColumn,
        ],
        cells: { driver, now in
            let spec = driver.spec
            let modes = (spec?["volumeLifecycleModes"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
            var tokenRequests = "<unset>"
            if let requests = spec?["tokenRequests"]?.arrayValue {
                tokenRequests = requests.map { text($0["audience"]) }.joined(separator: ",")
            }
            return [
                .string(driver.name), .bool(spec?["attachRequired"]?.boolValue ?? true),
                .bool(spec?["podInfoOnMount"]?.boolValue ?? false), .bool(spec?["storageCapacity"]?.boolValue ?? false),
                .string(tokenRequests), .bool(spec?["requiresRepublish"]?.boolValue ?? false),
                .string(modes.isEmpty ? "<none>" : modes), age(driver, now),
            ]
        })

    /// `kubectl get volumeattachments`: NAME ATTACHER PV NODE ATTACHED AGE (`printVolumeAttachment`).
    static let volumeAttachments = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "Attacher", format: "name",
                description: "attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName()."),
            TableColumn(name: "PV", description: "persistentVolumeName represents the name of the persistent volume to attach."),
            TableColumn(name: "Node", description: "nodeName represents the node that the volume should be attached to."),
            TableColumn(
                name: "Attached", type: "boolean",
                description: "attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher."),
            .ageColumn,
        ],
        cells: { attachment, now in
            let spec = attachment.spec
            return [
                .string(attachment.name), .string(text(spec?["attacher"])),
                .string(text(spec?["source"]?["persistentVolumeName"])), .string(text(spec?["nodeName"])),
                .bool(attachment.json[["status", "attached"]]?.boolValue ?? false), age(attachment, now),
            ]
        })

    /// `kubectl get csistoragecapacities`: NAME STORAGECLASSNAME CAPACITY, `<unset>` without a capacity
    /// (`printCSIStorageCapacity`; no age column).
    static let csiStorageCapacities = KindTable(
        columns: [
            .nameColumn,
            TableColumn(
                name: "StorageClassName",
                description: "storageClassName represents the name of the StorageClass that the reported capacity applies to. It must meet the same requirements as the name of a StorageClass object (non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is obsolete and should be removed by its creator. This field is immutable."),
            TableColumn(
                name: "Capacity",
                description: "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields."),
        ],
        cells: { capacity, _ in
            let json = capacity.json
            return [
                .string(capacity.name), .string(text(json["storageClassName"])),
                .string(json.has("capacity") ? quantity(json["capacity"]) : "<unset>"),
            ]
        })
}
