/// PersistentVolumes and PersistentVolumeClaims (core `ValidatePersistentVolume`, `ValidatePersistentVolumeClaim`
/// and their updates).
enum PersistentVolumeValidation {
    private static let accessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"]
    private static let volumeModes = ["Block", "Filesystem"]
    private static let sources: [(field: String, errorName: String)] = [
        ("hostPath", "hostPath"), ("gcePersistentDisk", "gcePersistentDisk"), ("awsElasticBlockStore", "awsElasticBlockStore"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("nfs", "nfs"), ("rbd", "rbd"), ("quobyte", "quobyte"), ("cephfs", "cephFS"),
        ("iscsi", "iscsi"), ("cinder", "cinder"), ("fc", "fc"), ("flexVolume", "flexVolume"), ("azureFile", "azureFile"),
        ("vsphereVolume", "vsphereVolume"), ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"),
        ("azureDisk", "azureDisk"), ("scaleIO", "scaleIO"), ("local", "local"), ("storageos", "storageos"), ("csi", "csi"),
    ]

    static func validateVolume(_ volume: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(volume.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = volume.json.object("spec")
        let path: FieldPath = "spec"
        errors += validateAccessModes(spec.texts("accessModes"), path.child("accessModes"), required: "")
        let capacity = spec["capacity"]?.objectValue ?? [:]
        if capacity.isEmpty { errors.append(.required(path.child("capacity"))) }
        if capacity["storage"] == nil || capacity.count > 1 {
            let rendered = "core.ResourceList{\(capacity.keys.sorted().map { "\(GoSyntax.string($0)):\(GoSyntax.scalar(capacity[$0]))" }.joined(separator: ", "))}"
            errors.append(.notSupported(path.child("capacity"), capacity.isEmpty ? "core.ResourceList(nil)" : rendered, ["storage"]))
        }
        let (quantities, quantityErrors) = ResourceRules.list(spec["capacity"], path.child("capacity"))
        errors += quantityErrors
        for (name, quantity) in quantities where !quantity.isPositive {
            errors.append(.invalid(path.child("capacity").key(name), string: quantity.canonical, "must be greater than zero"))
        }
        if let policy = spec["persistentVolumeReclaimPolicy"]?.stringValue, !policy.isEmpty, !["Delete", "Recycle", "Retain"].contains(policy) {
            errors.append(.notSupported(path.child("persistentVolumeReclaimPolicy"), string: policy, ["Delete", "Recycle", "Retain"]))
        }
        var count = 0
        for source in sources where spec.has(source.field) {
            if count > 0 && source.field != "flexVolume" {
                errors.append(.forbidden(path.child(source.errorName), "may not specify more than 1 volume type"))
                continue
            }
            count += 1
            let sourcePath = path.child(source.field)
            let fields = spec.object(source.field)
            switch source.field {
            case "hostPath", "local":
                if fields.text("path").isEmpty {
                    errors.append(.required(sourcePath.child("path")))
                } else {
                    errors += VolumeValidation.noBacksteps(fields.text("path"), sourcePath.child("path"))
                }
                if source.field == "local" && !spec.object("nodeAffinity").has("required") {
                    errors.append(.required(path.child("nodeAffinity"), "Local volume requires node affinity"))
                }
            case "nfs":
                if fields.text("server").isEmpty { errors.append(.required(sourcePath.child("server"))) }
                if fields.text("path").isEmpty {
                    errors.append(.required(sourcePath.child("path")))
                } else if !fields.text("path").hasPrefix("/") {
                    errors.append(.invalid(sourcePath.child("path"), string: fields.text("path"), "must be an absolute path"))
                }
            case "csi":
                errors += VolumeValidation.csiDriverName(fields.text("driver"), sourcePath.child("driver"))
                if fields.text("volumeHandle").isEmpty { errors.append(.required(sourcePath.child("volumeHandle"))) }
            default:
                break
            }
        }
        if count == 0 { errors.append(.required(path, "must specify a volume type")) }
        if spec.text("persistentVolumeReclaimPolicy") == "Recycle", spec.has("hostPath"), spec.object("hostPath").text("path") == "/" {
            errors.append(.forbidden(path.child("persistentVolumeReclaimPolicy"), "may not be 'recycle' for a hostPath mount of '/'"))
        }
        let storageClass = spec.text("storageClassName")
        if !storageClass.isEmpty {
            errors += NameRules.isDNS1123Subdomain(storageClass).map { .invalid(path.child("storageClassName"), string: storageClass, $0) }
        }
        if let mode = spec["volumeMode"]?.stringValue, !volumeModes.contains(mode) {
            errors.append(.notSupported(path.child("volumeMode"), string: mode, volumeModes))
        }
        return errors
    }

    /// `ValidatePersistentVolumeUpdate`: the volume source and mode may not change.
    static func validateVolumeUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = validateVolume(new) + ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        if sources.contains(where: { !SpecDiff.equal(spec[$0.field], oldSpec[$0.field]) }) {
            errors.append(
                .forbidden(
                    "spec.persistentvolumesource",
                    "spec.persistentvolumesource is immutable after creation\n\(SpecDiff.describe(old: oldSpec, new: spec, type: "core.PersistentVolumeSource"))"))
        }
        if spec["volumeMode"] != oldSpec["volumeMode"] {
            errors.append(.immutable("volumeMode", GoSyntax.scalar(spec["volumeMode"])))
        }
        return errors
    }

    static func validateClaim(_ claim: KubeObject) -> [FieldError] {
        ObjectMetaValidation.validate(claim.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
            + validateClaimSpec(claim.json.object("spec"), "spec")
    }

    /// `ValidatePersistentVolumeClaimSpec`: access modes, a positive storage request, class and mode.
    static func validateClaimSpec(_ spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors = validateAccessModes(spec.texts("accessModes"), path.child("accessModes"), required: "at least 1 access mode is required")
        errors += LabelSelectorRules.validate(spec["selector"], path.child("selector"))
        let storagePath = path.child("resources").key("storage")
        if let storage = spec.object("resources").object("requests")["storage"] {
            if let quantity = Quantity(json: storage) {
                if !quantity.isPositive { errors.append(.invalid(storagePath, string: quantity.canonical, "must be greater than zero")) }
            } else {
                errors.append(ResourceRules.malformedQuantity(storage, storagePath))
            }
        } else {
            errors.append(.required(storagePath))
        }
        if let storageClass = spec["storageClassName"]?.stringValue, !storageClass.isEmpty {
            errors += NameRules.isDNS1123Subdomain(storageClass).map { .invalid(path.child("storageClassName"), string: storageClass, $0) }
        }
        if let mode = spec["volumeMode"]?.stringValue, !volumeModes.contains(mode) {
            errors.append(.notSupported(path.child("volumeMode"), string: mode, volumeModes))
        }
        return errors
    }

    /// `ValidatePersistentVolumeClaimUpdate`: the spec is immutable except the storage request (which may only
    /// grow) and a `volumeName` that was empty.
    static func validateClaimUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateClaim(new)
        let spec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        var comparable = spec
        var oldComparable = oldSpec
        if oldSpec.text("volumeName").isEmpty { oldComparable["volumeName"] = spec["volumeName"] }
        comparable[["resources", "requests", "storage"]] = nil
        oldComparable[["resources", "requests", "storage"]] = nil
        if !SpecDiff.equal(comparable, oldComparable) {
            errors.append(
                .forbidden(
                    "spec",
                    "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n\(SpecDiff.describe(old: oldComparable, new: comparable, type: "core.PersistentVolumeClaimSpec"))"
                ))
        }
        let newSize = Quantity(json: spec.object("resources").object("requests")["storage"])
        let oldSize = Quantity(json: oldSpec.object("resources").object("requests")["storage"])
        if let newSize, let oldSize, newSize < oldSize {
            errors.append(.forbidden("spec.resources.requests.storage", "field can not be less than previous value"))
        }
        if spec["volumeMode"] != oldSpec["volumeMode"] {
            errors.append(.immutable("volumeMode", GoSyntax.scalar(spec["volumeMode"])))
        }
        return errors
    }

    private static func validateAccessModes(_ modes: [String], _ path: FieldPath, required detail: String) -> [FieldError] {
        var errors: [FieldError] = modes.isEmpty ? [.required(path, detail)] : []
        for mode in modes where !accessModes.contains(mode) {
            errors.append(.notSupported(path, string: mode, accessModes))
        }
        if modes.contains("ReadWriteOncePod") && modes.contains(where: { $0 != "ReadWriteOncePod" && accessModes.contains($0) }) {
            errors.append(.forbidden(path, "may not use ReadWriteOncePod with other access modes"))
        }
        return errors
    }
}
