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
