/// Pods and pod templates (core `ValidatePodCreate`, `ValidatePodUpdate`, `ValidatePodTemplateSpec`).
enum PodValidation {
    static let updatableFields =
        "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"

    static func validateCreate(_ pod: KubeObject) -> [FieldError] {
        var errors = validateMetadataAndSpec(pod)
        let spec = pod.json.object("spec")
        if !spec.list("ephemeralContainers").isEmpty {
            errors.append(.forbidden("spec.ephemeralContainers", "cannot be set on create"))
        }
        if !spec.text("nodeName").isEmpty && !spec.list("schedulingGates").isEmpty {
            errors.append(.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared"))
        }
        return errors
    }

    /// `ValidatePodUpdate`: only images, `activeDeadlineSeconds`, added tolerations and removed scheduling gates
    /// may change in the spec.
    static func validateUpdate(_ new: KubeObject, _ old: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validateUpdate(new.metadata, old.metadata)
        errors += validateMetadataAndSpec(new)
        errors += annotationUpdates(new.annotations, old.annotations)
        let newSpec = new.json.object("spec")
        let oldSpec = old.json.object("spec")
        for field in ["containers", "initContainers"] {
            let newContainers = newSpec.list(field)
            guard newContainers.count == oldSpec.list(field).count else {
                errors.append(.forbidden(FieldPath("spec").child(field), "pod updates may not add or remove containers"))
                return errors
            }
            for (index, container) in newContainers.enumerated() {
                let image = container.text("image")
                if image.isEmpty { errors.append(.required(FieldPath("spec").child(field).index(index).child("image"))) }
                if image != image.trimmingSpaces {
                    errors.append(
                        .invalid(FieldPath("spec").child(field).index(index).child("image"), string: image, "must not have leading or trailing whitespace"))
                }
            }
        }
        if let deadline = newSpec.integer("activeDeadlineSeconds") {
            if deadline < 0 || deadline > Int64(Int32.max) {
                errors.append(.invalid("spec.activeDeadlineSeconds", int: deadline, NameRules.inclusiveRange(0, Int64(Int32.max))))
                return errors
            }
            if let oldDeadline = oldSpec.integer("activeDeadlineSeconds"), oldDeadline < deadline {
                errors.append(.invalid("spec.activeDeadlineSeconds", int: deadline, "must be less than or equal to previous value"))
                return errors
            }
        } else if oldSpec.integer("activeDeadlineSeconds") != nil {
            errors.append(.invalid("spec.activeDeadlineSeconds", "null", "must not update from a positive integer to nil value"))
        }
        let oldTolerations = oldSpec.list("tolerations")
        let newTolerations = newSpec.list("tolerations")
        let kept = oldTolerations.allSatisfy { old in
            newTolerations.contains { new in
                var old = old
                old["tolerationSeconds"] = new["tolerationSeconds"]
                return old == new
            }
        }
        if !kept {
            errors.append(.forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"))
        } else {
            errors += PodSpecValidation.tolerations(newTolerations, "spec.tolerations")
        }
        let oldGates = Set(oldSpec.list("schedulingGates").map { $0.text("name") })
        for (index, gate) in newSpec.list("schedulingGates").enumerated() where !oldGates.contains(gate.text("name")) {
            errors.append(
                .forbidden(
                    FieldPath("spec.schedulingGates").index(index).child("name"),
                    "only deletion is allowed, but found new scheduling gate '\(gate.text("name"))'"))
        }
        var munged = newSpec
        for field in ["containers", "initContainers"] {
            let oldContainers = oldSpec.list(field)
            if !oldContainers.isEmpty || newSpec.has(field) {
                munged[field] = .array(
                    newSpec.list(field).enumerated().map { index, container in
                        var container = container
                        container["image"] = oldContainers[index]["image"]
                        return container
                    })
            }
        }
        munged["activeDeadlineSeconds"] = oldSpec["activeDeadlineSeconds"]
        munged["schedulingGates"] = oldSpec["schedulingGates"]
        munged["tolerations"] = oldSpec["tolerations"]
        if let oldGrace = oldSpec.integer("terminationGracePeriodSeconds"), oldGrace < 0, munged.integer("terminationGracePeriodSeconds") == 1 {
            munged["terminationGracePeriodSeconds"] = oldSpec["terminationGracePeriodSeconds"]
        }
        if SpecDiff.normalized(munged) != SpecDiff.normalized(oldSpec) {
            errors.append(
                .forbidden(
                    "spec",
                    "pod updates may not change fields other than \(updatableFields)\n\(SpecDiff.describe(old: oldSpec, new: munged, type: "core.PodSpec"))"
                ))
        }
        return errors
    }

    /// `ValidatePodTemplateSpec`: a template inside a workload, whose labels are checked under `template.labels`
    /// as kube-apiserver reports them.
    static func validateTemplate(_ template: JSONValue, _ path: FieldPath) -> [FieldError] {
        let metadata = template.object("metadata")
        var errors = LabelRules.validateLabels(metadata.textMap("labels"), path.child("labels"))
        errors += LabelRules.validateAnnotations(metadata.textMap("annotations"), path.child("annotations"))
        errors += specificAnnotations(metadata.textMap("annotations") ?? [:], spec: template.object("spec"), path.child("annotations"))
        errors += PodSpecValidation.validate(template.object("spec"), path.child("spec"), isPod: false)
        if !template.object("spec").list("ephemeralContainers").isEmpty {
            errors.append(.forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"))
        }
        return errors
    }

    private static func validateMetadataAndSpec(_ pod: KubeObject) -> [FieldError] {
        var errors = ObjectMetaValidation.validate(pod.metadata, namespaced: true, name: NameRules.dnsSubdomainName)
        let spec = pod.json.object("spec")
        errors += specificAnnotations(pod.annotations, spec: spec, "metadata.annotations")
        errors += PodSpecValidation.validate(spec, "spec", isPod: true)
        if spec.text("serviceAccountName").isEmpty {
            for (volumeIndex, volume) in spec.list("volumes").enumerated() {
                for (sourceIndex, source) in volume.object("projected").list("sources").enumerated() where source.has("serviceAccountToken") {
                    errors.append(
                        .forbidden(
                            FieldPath("spec.volumes").index(volumeIndex).child("projected", "sources").index(sourceIndex)
                                .child("serviceAccountToken"), "must not be specified when serviceAccountName is not set"))
                }
            }
        }
        for field in ["containers", "initContainers"] {
            for (index, container) in spec.list(field).enumerated() {
                let image = container.text("image")
                if image != image.trimmingSpaces {
                    errors.append(
                        .invalid(FieldPath("spec").child(field).index(index).child("image"), string: image, "must not have leading or trailing whitespace"))
                }
            }
        }
        return errors
    }

    /// `ValidatePodSpecificAnnotations`: the mirror-pod and deletion-cost annotations.
    private static func specificAnnotations(_ annotations: [String: String], spec: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if let mirror = annotations["kubernetes.io/config.mirror"], spec.text("nodeName").isEmpty {
            errors.append(.invalid(path.key("kubernetes.io/config.mirror"), string: mirror, "must set spec.nodeName if mirror pod annotation is set"))
        }
        if let cost = annotations["controller.kubernetes.io/pod-deletion-cost"], Int32(cost) == nil {
            errors.append(.invalid(path.key("controller.kubernetes.io/pod-deletion-cost"), string: cost, "must be a 32bit integer"))
        }
        return errors
    }

    private static func annotationUpdates(_ new: [String: String], _ old: [String: String]) -> [FieldError] {
        let key = "kubernetes.io/config.mirror"
        if let value = old[key], new[key] != value {
            return [.forbidden(FieldPath("metadata.annotations").key(key), "may not remove or update mirror pod annotation")]
        }
        if old[key] == nil && new[key] != nil {
            return [.forbidden(FieldPath("metadata.annotations").key(key), "may not add mirror pod annotation")]
        }
        return []
    }
}

extension String {
    /// The string without leading and trailing white space, as Go's `strings.TrimSpace`.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\u{0B}" || $0 == "\u{0C}" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
