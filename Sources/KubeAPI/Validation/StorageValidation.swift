import Foundation

/// The storage.k8s.io kinds a user writes (kubernetes `pkg/apis/storage/validation`): StorageClasses, CSIDrivers,
/// VolumeAttachments and CSIStorageCapacities. CSINodes are in `ControlPlaneKindsValidation`.
enum StorageValidation {
    static let reclaimPolicies = ["Delete", "Retain"]
    static let bindingModes = ["Immediate", "WaitForFirstConsumer"]
    static let fsGroupPolicies = ["File", "None", "ReadWriteOnceWithFSType"]
    static let lifecycleModes = ["Persistent", "Ephemeral"]
    private static let maxParameters = 512
    private static let maxParameterBytes = 256 * 1024
    private static let maxErrorMessage = 1024

    // MARK: StorageClass

    /// `ValidateStorageClass`: a provisioner that is a qualified name, parameters within bounds, a reclaim policy
    /// and binding mode it knows, topology terms with keys.
    static func validateStorageClass(_ storageClass: KubeObject) -> [FieldError] {
        let json = storageClass.json
        var errors = ObjectMetaValidation.validate(storageClass.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let provisioner = json.text("provisioner")
        if provisioner.isEmpty {
            errors.append(.required("provisioner"))
        } else {
            errors += LabelRules.isQualifiedName(provisioner.lowercased()).map { .invalid("provisioner", string: provisioner, $0) }
        }
        errors += parameters(json.textMap("parameters"), "parameters")
        let reclaimPolicy = json.text("reclaimPolicy")
        if !reclaimPolicy.isEmpty && !reclaimPolicies.contains(reclaimPolicy) {
            errors.append(.notSupported("reclaimPolicy", string: reclaimPolicy, reclaimPolicies))
        }
        if !json.has("volumeBindingMode") {
            errors.append(.required("volumeBindingMode"))
        } else if !bindingModes.contains(json.text("volumeBindingMode")) {
            errors.append(.notSupported("volumeBindingMode", string: json.text("volumeBindingMode"), bindingModes))
        }
        for (index, term) in json.list("allowedTopologies").enumerated() {
            let path = FieldPath("allowedTopologies").index(index).child("matchLabelExpressions")
            for (position, requirement) in term.list("matchLabelExpressions").enumerated() {
                let key = requirement.text("key")
                errors += LabelRules.validateLabelName(key, path.index(position).child("key"))
                let values = requirement.texts("values")
                if values.isEmpty { errors.append(.required(path.index(position).child("values"))) }
                for (valueIndex, value) in values.enumerated() {
                    errors += LabelRules.isValidLabelValue(value).map {
                        .invalid(path.index(position).child("values").index(valueIndex), string: value, $0)
                    }
                }
            }
        }
        return errors
    }

    /// `ValidateStorageClassUpdate`: parameters, provisioner, reclaim policy and binding mode are fixed.
    static func validateStorageClassUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateStorageClass(new)
        let (json, previous) = (new.json, old.json)
        if (json.textMap("parameters") ?? [:]) != (previous.textMap("parameters") ?? [:]) {
            errors.append(.forbidden("parameters", "updates to parameters are forbidden."))
        }
        if json.text("provisioner") != previous.text("provisioner") {
            errors.append(.forbidden("provisioner", "updates to provisioner are forbidden."))
        }
        if json.text("reclaimPolicy") != previous.text("reclaimPolicy") {
            errors.append(.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."))
        }
        if json["volumeBindingMode"] != previous["volumeBindingMode"] {
            errors.append(.immutable("volumeBindingMode", GoSyntax.scalar(json["volumeBindingMode"])))
        }
        return errors
    }

    /// At most 512 parameters of at most 256 KiB together, no empty key (`validateParameters`).
    private static func parameters(_ parameters: [String: String]?, _ path: FieldPath) -> [FieldError] {
        guard let parameters else { return [] }
        if parameters.count > maxParameters { return [.tooLong(path, max: maxParameters)] }
        var errors: [FieldError] = []
        if parameters.keys.contains("") { errors.append(.invalid(path, string: "", "field can not be empty.")) }
        let size = parameters.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count }
        if size > maxParameterBytes { errors.append(.tooLong(path, max: maxParameterBytes)) }
        return errors
    }

    // MARK: CSIDriver

    /// `ValidateCSIDriver`: the defaulted booleans, an fsGroupPolicy and lifecycle modes it knows, token requests
    /// with distinct audiences and sane expirations.
    static func validateCSIDriver(_ driver: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(driver.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = driver.json.object("spec")
        let path = FieldPath("spec")
        // kube-apiserver reports attachRequired under `attachedRequired`.
        for (field, reported) in [
            ("attachRequired", "attachedRequired"), ("podInfoOnMount", "podInfoOnMount"), ("storageCapacity", "storageCapacity"),
            ("seLinuxMount", "seLinuxMount"),
        ] where spec[field]?.boolValue == nil {
            errors.append(.required(path.child(reported)))
        }
        if let policy = spec["fsGroupPolicy"]?.stringValue, !fsGroupPolicies.contains(policy) {
            errors.append(.notSupported(path.child("fsGroupPolicy"), string: policy, fsGroupPolicies))
        }
        var audiences: Set<String> = []
        for (index, request) in spec.list("tokenRequests").enumerated() {
            let item = path.child("tokenRequests").index(index)
            let audience = request.text("audience")
            guard audiences.insert(audience).inserted else {
                errors.append(.duplicate(item.child("audience"), GoSyntax.string(audience)))
                continue
            }
            guard let seconds = request.integer("expirationSeconds") else { continue }
            if seconds < 600 {
                errors.append(.invalid(item.child("expirationSeconds"), int: seconds, "may not specify a duration less than 10 minutes"))
            }
            if seconds > 1 << 32 {
                errors.append(.invalid(item.child("expirationSeconds"), int: seconds, "may not specify a duration larger than 2^32 seconds"))
            }
        }
        for mode in spec.texts("volumeLifecycleModes") where !lifecycleModes.contains(mode) {
            errors.append(.notSupported(path.child("volumeLifecycleModes"), string: mode, lifecycleModes))
        }
        return errors
    }

    /// `ValidateCSIDriverUpdate`: attachRequired and the lifecycle modes are fixed.
    static func validateCSIDriverUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateCSIDriver(new)
        let (spec, previous) = (new.json.object("spec"), old.json.object("spec"))
        if spec["attachRequired"] != previous["attachRequired"] {
            errors.append(.immutable("spec.attachedRequired", GoSyntax.scalar(spec["attachRequired"])))
        }
        if spec["volumeLifecycleModes"] != previous["volumeLifecycleModes"] {
            let modes = spec.texts("volumeLifecycleModes").map(GoSyntax.string).joined(separator: ", ")
            errors.append(.immutable("spec.volumeLifecycleModes", "[]storage.VolumeLifecycleMode{\(modes)}"))
        }
        return errors
    }

    // MARK: VolumeAttachment

    /// `ValidateVolumeAttachment` and, for v1, `ValidateVolumeAttachmentV1`: an attacher that is a CSI driver
    /// name, exactly one source, a node name, bounded status metadata and error messages.
    static func validateVolumeAttachment(_ attachment: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(attachment.metadata, namespaced: false, name: NameRules.dnsSubdomainName)
        let spec = attachment.json.object("spec")
        let attacher = spec.text("attacher")
        if attacher.isEmpty { errors.append(.required("spec.attacher")) }
        if attacher.count > 63 { errors.append(.tooLong("spec.attacher", max: 63)) }
        errors += NameRules.isDNS1123Subdomain(attacher.lowercased()).map { .invalid("spec.attacher", string: attacher, $0) }
        let source = spec.object("source")
        let volumeName = source["persistentVolumeName"]?.stringValue
        let inline = source["inlineVolumeSpec"].flatMap { $0.isNull ? nil : $0 }
        let exactlyOne = "must specify exactly one of inlineVolumeSpec and persistentVolumeName"
        switch (volumeName, inline) {
        case (nil, nil): errors.append(.required("spec.source", exactlyOne))
        case (.some, .some): errors.append(.forbidden("spec.source", exactlyOne))
        case (let name?, nil):
            if name.isEmpty {
                errors.append(.required("spec.source.persistentVolumeName", "must specify non empty persistentVolumeName"))
            }
            errors += NameRules.isDNS1123Subdomain(name).map { .invalid("spec.source.persistentVolumeName", string: name, $0) }
        case (nil, .some): break
        }
        let node = spec.text("nodeName")
        errors += NameRules.isDNS1123Subdomain(node).map { .invalid("spec.nodeName", string: node, $0) }
        let status = attachment.json.object("status")
        let metadata = status.textMap("attachmentMetadata") ?? [:]
        if metadata.reduce(0, { $0 + $1.key.utf8.count + $1.value.utf8.count }) > maxParameterBytes {
            errors.append(.tooLong("status.attachmentMetadata", max: maxParameterBytes))
        }
        for field in ["attachError", "detachError"] where status.object(field).text("message").utf8.count > maxErrorMessage {
            errors.append(.tooLong(FieldPath("status").child(field, "message"), max: maxParameterBytes))
        }
        return errors
    }

    /// `ValidateVolumeAttachmentUpdate`: the spec is read-only.
    static func validateVolumeAttachmentUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata) + validateVolumeAttachment(new)
        let spec = new.json.object("spec")
        if !SpecDiff.equal(spec, old.json.object("spec")) {
            let source = spec.object("source")
            func pointer(_ field: String, _ type: String) -> String {
                source.has(field) && !(source[field]?.isNull ?? true) ? "(*\(type))(0xc000000000)" : "(*\(type))(nil)"
            }
            let rendered = "storage.VolumeAttachmentSpec{Attacher:\(GoSyntax.string(spec.text("attacher"))), "
                + "Source:storage.VolumeAttachmentSource{PersistentVolumeName:\(pointer("persistentVolumeName", "string")), "
                + "InlineVolumeSpec:\(pointer("inlineVolumeSpec", "core.PersistentVolumeSpec"))}, "
                + "NodeName:\(GoSyntax.string(spec.text("nodeName")))}"
            errors.append(.immutable("spec", rendered))
        }
        return errors
    }

    // MARK: CSIStorageCapacity

    /// `ValidateCSIStorageCapacity`: a node topology selector, a storage class name, a capacity not below zero.
    static func validateStorageCapacity(_ capacity: KubeObject) -> [FieldError] {
        let json = capacity.json
        var errors = ObjectMetaValidation.validate(capacity.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        errors += LabelSelectorRules.validate(json["nodeTopology"], "nodeTopology")
        let className = json.text("storageClassName")
        errors += NameRules.isDNS1123Subdomain(className).map { .invalid("storageClassName", string: className, $0) }
        for field in ["capacity", "maximumVolumeSize"] where json.has(field) {
            guard let quantity = Quantity(json: json[field]) else {
                errors.append(ResourceRules.malformedQuantity(json[field], FieldPath(field)))
                continue
            }
            if field == "capacity" && quantity.value < 0 {
                errors.append(.invalid(FieldPath(field), string: json.text(field), RuleMessage.negative))
            }
        }
        return errors
    }

    /// `ValidateCSIStorageCapacityUpdate`: the topology and the class are what the capacity was measured for.
    static func validateStorageCapacityUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = validateStorageCapacity(new)
        if !SpecDiff.equal(new.json["nodeTopology"], old.json["nodeTopology"]) {
            errors.append(.immutable("nodeTopology", GoSyntax.labelSelector(new.json["nodeTopology"])))
        }
        if new.json.text("storageClassName") != old.json.text("storageClassName") {
            errors.append(.immutable("storageClassName", GoSyntax.string(new.json.text("storageClassName"))))
        }
        return errors
    }
}
