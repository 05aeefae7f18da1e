/// `metadata` rules common to every kind (apimachinery `pkg/api/validation/objectmeta.go`, plus core's
/// finalizer-name check).
enum ObjectMetaValidation {
    private static let standardFinalizers: Set<String> = ["kubernetes", "orphan", "foregroundDeletion"]

    /// `ValidateObjectMeta` for a create. `kubeFinalizers` adds core's check that an unqualified finalizer
    /// is a standard one (not done for the apiextensions, coordination and custom resource registries).
    static func validate(
        _ metadata: JSONValue, namespaced: Bool, name check: NameRules.NameCheck, kubeFinalizers: Bool = true,
        path: FieldPath = "metadata"
    ) -> [FieldError] {
        var errors: [FieldError] = []
        let generateName = metadata.text("generateName")
        if !generateName.isEmpty {
            errors += check(generateName, true).map { .invalid(path.child("generateName"), string: generateName, $0) }
        }
        let name = metadata.text("name")
        if name.isEmpty {
            errors.append(.required(path.child("name"), "name or generateName is required"))
        } else {
            errors += check(name, false).map { .invalid(path.child("name"), string: name, $0) }
        }
        let namespace = metadata.text("namespace")
        if namespaced {
            if namespace.isEmpty {
                errors.append(.required(path.child("namespace")))
            } else {
                errors += NameRules.isDNS1123Label(namespace).map { .invalid(path.child("namespace"), string: namespace, $0) }
            }
        } else if !namespace.isEmpty {
            errors.append(.forbidden(path.child("namespace"), "not allowed on this type"))
        }
        errors += RuleMessage.nonNegative(metadata.integer("generation"), path.child("generation"))
        errors += common(metadata, path: path, kubeFinalizers: kubeFinalizers)
        return errors
    }

    /// `ValidateObjectMetaUpdate`: what may not change, then the create rules for labels and the like.
    static func validateUpdate(_ new: JSONValue, _ old: JSONValue, kubeFinalizers: Bool = true, path: FieldPath = "metadata")
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if old.has("deletionTimestamp") {
            let added = Set(new.texts("finalizers")).subtracting(old.texts("finalizers")).sorted()
            if !added.isEmpty {
                errors.append(
                    .forbidden(
                        path.child("finalizers"),
                        "no new finalizers can be added if the object is being deleted, found new finalizers \(GoSyntax.strings(added))"))
            }
        }
        if new.text("resourceVersion").isEmpty {
            errors.append(.invalid(path.child("resourceVersion"), string: "", "must be specified for an update"))
        }
        if let newGeneration = new.integer("generation"), let oldGeneration = old.integer("generation"), newGeneration < oldGeneration {
            errors.append(.invalid(path.child("generation"), int: newGeneration, "must not be decremented"))
        }
        for field in ["name", "namespace", "uid"] where new.text(field) != old.text(field) {
            errors.append(.immutable(path.child(field), GoSyntax.string(new.text(field))))
        }
        for field in ["creationTimestamp", "deletionTimestamp"] where new[field] != old[field] && new.has(field) {
            errors.append(.immutable(path.child(field), new.text(field)))
        }
        errors += common(new, path: path, kubeFinalizers: kubeFinalizers, finalizerNames: false)
        return errors
    }

    private static func common(_ metadata: JSONValue, path: FieldPath, kubeFinalizers: Bool, finalizerNames: Bool = true)
        -> [FieldError]
    {
        var errors = LabelRules.validateLabels(metadata.textMap("labels"), path.child("labels"))
        errors += LabelRules.validateAnnotations(metadata.textMap("annotations"), path.child("annotations"))
        errors += validateOwnerReferences(metadata.list("ownerReferences"), path.child("ownerReferences"))
        let finalizers = metadata.texts("finalizers")
        if finalizerNames {
            errors += validateFinalizers(finalizers, path.child("finalizers"))
        }
        if kubeFinalizers {
            for (index, finalizer) in finalizers.enumerated() {
                errors += kubeFinalizerName(finalizer, path.child("finalizers").index(index))
            }
        }
        return errors
    }

    private static func validateOwnerReferences(_ references: [JSONValue], _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var firstController: String?
        for reference in references {
            let apiVersion = reference.text("apiVersion")
            let kind = reference.text("kind")
            let version = apiVersion.split(separator: "/", omittingEmptySubsequences: false)
            if apiVersion.isEmpty || version.count > 2 || version.last!.isEmpty {
                errors.append(.invalid(path.child("apiVersion"), string: apiVersion, "version must not be empty"))
            }
            if kind.isEmpty { errors.append(.invalid(path.child("kind"), string: kind, "kind must not be empty")) }
            if reference.text("name").isEmpty {
                errors.append(.invalid(path.child("name"), string: "", "name must not be empty"))
            }
            if reference.text("uid").isEmpty {
                errors.append(.invalid(path.child("uid"), string: "", "uid must not be empty"))
            }
            if apiVersion == "v1" && kind == "Event" {
                errors.append(.invalid(path, ownerReference(reference), "/v1, Kind=Event is disallowed from being an owner"))
            }
            if reference["controller"]?.boolValue == true {
                let current = "\(kind)/\(reference.text("name"))"
                if let firstController {
                    errors.append(
                        .invalid(
                            path, "[]v1.OwnerReference{\(references.map(ownerReference).joined(separator: ", "))}",
                            "Only one reference can have Controller set to true. Found \"true\" in references for \(firstController) and \(current)"
                        ))
                } else {
                    firstController = current
                }
            }
        }
        return errors
    }

    private static func ownerReference(_ reference: JSONValue) -> String {
        "v1.OwnerReference{APIVersion:\(GoSyntax.string(reference.text("apiVersion"))), Kind:\(GoSyntax.string(reference.text("kind"))), "
            + "Name:\(GoSyntax.string(reference.text("name"))), UID:\(GoSyntax.string(reference.text("uid")))}"
    }

    private static func validateFinalizers(_ finalizers: [String], _ path: FieldPath) -> [FieldError] {
        var errors = finalizers.flatMap { finalizer in LabelRules.isQualifiedName(finalizer).map { FieldError.invalid(path, string: finalizer, $0) } }
        if finalizers.contains("orphan") && finalizers.contains("foregroundDeletion") {
            errors.append(.invalid(path, GoSyntax.strings(finalizers), "finalizer orphan and foregroundDeletion cannot be both set"))
        }
        return errors
    }

    /// `validateKubeFinalizerName`: an unqualified finalizer must be a standard one.
    static func kubeFinalizerName(_ finalizer: String, _ path: FieldPath) -> [FieldError] {
        guard !finalizer.contains("/"), !standardFinalizers.contains(finalizer) else { return [] }
        return [.invalid(path, string: finalizer, "name is neither a standard finalizer name nor is it fully qualified")]
    }
}
