import Foundation
import KubeAPI

/// kubectl's apply of one manifest document, client-side (three-way merge with `last-applied-configuration`)
/// or server-side: what `kubesim apply` and `kubesim replay` do with every document they read.
struct ManifestApplier {
    /// The namespace for objects that name none (`-n`).
    var namespace: String? = nil
    var dryRun: DryRun = .none
    var serverSide = false
    var forceConflicts = false
    var fieldManager: String? = nil
    /// kubectl's `--validate`: strict (its default) refuses fields a kind does not have, warn reports them.
    var fieldValidation: FieldValidation = .strict
    /// Whether the client-side apply records `last-applied-configuration` (kubectl diff's dry run does not: it
    /// creates the configuration as it is, and patches with it unannotated).
    var annotate = true
    /// Whether errors name the file they came from (`error when creating "web.yaml": ...`); kubectl diff's do not.
    var sourcesErrors = true
    /// Where `--validate=warn` reports unknown fields, as kubectl prints the server's warnings.
    var warn: @Sendable (String) -> Void = { _ in }

    /// Applies one document; returns the object, its type and what happened to it.
    func apply(_ document: ManifestDocument, client: any KubeClient) async throws -> (KubeObject, ResourceType, String) {
        let object = KubeObject(document.object)
        guard let type = client.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
            throw CommandError(
                "resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(FieldError.quoted(document.source)): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))\nensure CRDs are installed first")
        }
        var configuration = object
        if type.namespaced {
            if let explicit = namespace, let own = object.namespace, own != explicit {
                throw CommandError(
                    "the namespace from the provided object \(FieldError.quoted(own)) does not match the namespace \(FieldError.quoted(explicit)). You must pass '--namespace=\(own)' to perform this operation.")
            }
            configuration.namespace = object.namespace ?? namespace ?? "default"
        } else {
            configuration.namespace = nil
        }
        let targetNamespace = configuration.namespace
        let info = KubectlErrors.info(type, name: configuration.name, namespace: targetNamespace)
        if configuration.name.isEmpty {
            // client-go refuses a get without a name before sending it.
            throw sourced(
                CommandError("resource name may not be empty"),
                verb: "retrieving current configuration of:\n\(info)\nfrom server for:", source: document.source)
        }
        let options = { (manager: String) in
            WriteOptions(
                dryRun: dryRun == .server, fieldManager: fieldManager ?? manager, force: forceConflicts,
                fieldValidation: fieldValidation)
        }
        if fieldValidation == .warn, let registry = client as? Registry {
            for field in registry.unknownFields(in: configuration.json, type: type) { warn("unknown field \"\(field)\"") }
        }

        if serverSide {
            if dryRun == .client { return (configuration, type, "serverside-applied") }
            let (applied, _) = try await client.patch(
                type, namespace: targetNamespace, name: configuration.name, patchType: .apply,
                body: configuration.json.jsonData(), options: options("kubectl"))
            return (applied, type, "serverside-applied")
        }

        var modified = LastAppliedConfiguration.annotated(configuration.json)
        if !annotate {
            modified[["metadata", "annotations", LastAppliedConfiguration.annotation]] = nil
        }
        let current: KubeObject
        do {
            current = try await client.get(type, namespace: targetNamespace, name: configuration.name)
        } catch let error as StatusError where error.code == 404 {
            if dryRun == .client { return (KubeObject(modified), type, "created") }
            do {
                let created = try await client.create(
                    type, namespace: targetNamespace, object: annotate ? modified : configuration.json,
                    options: options("kubectl-client-side-apply"))
                return (created, type, "created")
            } catch let error as StatusError {
                throw sourced(error, verb: "creating", source: document.source)
            }
        } catch let error as StatusError {
            throw sourced(
                error, verb: "retrieving current configuration of:\n\(info)\nfrom server for:", source: document.source)
        }
        let original: JSONValue?
        let patch: (type: PatchType, patch: JSONValue)
        do throws(PatchError) {
            original = try LastAppliedConfiguration.recorded(in: current.json)
            patch = try ThreeWayMerge.patch(original: original, modified: modified, current: current.json, type: type)
        } catch {
            let recorded = current.json["metadata"]?["annotations"]?[LastAppliedConfiguration.annotation]?.stringValue ?? ""
            let verb = "creating patch with:\noriginal:\n\(recorded)\nmodified:\n\(modified.jsonString())\ncurrent:\n\(current.json.jsonString())\nfor:"
            throw sourced(CommandError(error.message), verb: verb, source: document.source)
        }
        // As kubectl: a client-side dry run computes no patch, so an existing object is always "configured".
        if dryRun == .client { return (current, type, "configured") }
        if patch.patch == .emptyObject { return (current, type, "unchanged") }
        do {
            let (patched, _) = try await client.patch(
                type, namespace: targetNamespace, name: configuration.name, patchType: patch.type,
                body: patch.patch.jsonData(), options: options("kubectl-client-side-apply"))
            return (patched, type, "configured")
        } catch let error as StatusError {
            throw sourced(
                error, verb: "applying patch:\n\(patch.patch.jsonString())\nto:\n\(info)\nfor:", source: document.source)
        }
    }

    private func sourced(_ error: any Error, verb: String, source: String) -> any Error {
        sourcesErrors ? KubectlErrors.sourced(error, verb: verb, source: source) : error
    }
}
