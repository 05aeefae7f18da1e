import EtcdCore
import Foundation

extension Registry {
    /// Replaces an object (PUT): `If(mod_revision(key) == read) Then Put`, re-read and retried when another
    /// write won, unless the object names the resourceVersion it was based on, which must then be current.
    ///
    /// Server-set fields (uid, creationTimestamp, deletion state, status where it is a subresource, allocated
    /// service addresses) are kept; generation moves when the spec changed; an update that changes nothing
    /// writes nothing and returns the object as it is, unless its stored value is stale (written by a key or
    /// provider that no longer writes first), which it rewrites, as key rotation needs.
    /// - Throws: `StatusError`: 404 NotFound, 409 Conflict, 422 Invalid, 400 BadRequest.
    public func update(
        _ type: ResourceType, namespace: String?, name: String, object json: JSONValue,
        options: WriteOptions = WriteOptions()
    ) async throws -> KubeObject {
        try enforceFieldValidation(json, type: type, options: options, patch: false)
        let object = try admit(json, as: type, namespace: namespace)
        guard object.name == name else {
            throw StatusError.badRequest(
                "the name of the object (\(object.name)) does not match the name on the URL (\(name))")
        }
        return try await replace(type, namespace: object.namespace, name: name, options: options) { _ in object }
    }

    /// The update loop shared by update and patch: reads the object, makes the new one from it with `change`,
    /// and writes it if the object did not move meanwhile, else tries again.
    func replace(
        _ type: ResourceType, namespace: String?, name: String, options: WriteOptions,
        operation: ManagedFieldsEntry.Operation = .update,
        change: (KubeObject) throws -> KubeObject
    ) async throws -> KubeObject {
        let key = key(type, namespace: namespace, name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            let (current, stale) = try read(kv, as: type)
            var candidate = try change(current)
            let pinned = candidate.resourceVersion != nil
            if let requested = candidate.resourceVersion, requested != current.resourceVersion {
                throw StatusError.conflict(type, name: name)
            }
            try await prepareUpdate(&candidate, current: current, type: type, options: options, operation: operation)
            // A value a replaced key or provider wrote is written again even unchanged (GuaranteedUpdate's `stale`).
            if Self.sameContent(candidate, current) && !stale { return current }
            if options.dryRun {
                candidate.resourceVersion = current.resourceVersion
                return candidate
            }
            let finalize = Self.deletesDuringUpdate(candidate, current: current, type: type)
            let lease = !finalize && type.storageType == BuiltinResources.events ? try await eventLeases.lease() : 0
            let write: RequestOp =
                finalize
                ? .deleteRange(DeleteRangeRequest(key: key)) : .put(PutRequest(key: key, value: try encode(candidate, type: type, key: key), lease: lease))
            let response = try await store.txn(
                TxnRequest(compare: [Compare(key: key, target: .modRevision(kv.modRevision), result: .equal)], success: [write]))
            if response.succeeded {
                candidate.resourceVersion = String(response.header.revision)
                if type == BuiltinResources.customResourceDefinitions { catalog.register(definition: candidate.json) }
                if finalize { try await afterDelete(candidate, type: type) }
                return candidate
            }
            if pinned { throw StatusError.conflict(type, name: name) }
        }
    }

    /// Whether an update deletes the object instead (genericregistry's `ShouldDeleteDuringUpdate`): it is being
    /// deleted with no grace period left and its last finalizer is gone; for a namespace, its `spec.finalizers`
    /// too (`ShouldDeleteNamespaceDuringUpdate`).
    static func deletesDuringUpdate(_ candidate: KubeObject, current: KubeObject, type: ResourceType) -> Bool {
        guard current.deletionTimestamp != nil, candidate.finalizers.isEmpty,
            (current.metadata["deletionGracePeriodSeconds"]?.intValue ?? 0) == 0
        else { return false }
        return type != BuiltinResources.namespaces || (candidate.spec?["finalizers"]?.arrayValue ?? []).isEmpty
    }

    /// Carries server-set fields over from the stored object, defaults, admits, prepares and validates the new
    /// one, and records the change in managedFields.
    private func prepareUpdate(
        _ candidate: inout KubeObject, current: KubeObject, type: ResourceType, options: WriteOptions,
        operation: ManagedFieldsEntry.Operation
    ) async throws {
        candidate.namespace = current.namespace
        candidate.resourceVersion = current.resourceVersion
        for field in ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds"] {
            candidate.json[["metadata", field]] = current.metadata[field]
        }
        if type == BuiltinResources.services { Self.keepAllocations(&candidate, from: current) }
        ObjectLifecycle.convert(&candidate, type: type)
        Defaulting.apply(to: &candidate, type: type)
        try await runMutatingAdmission(&candidate, operation: .update, type: type, old: current)
        ObjectLifecycle.encode(&candidate, type: type)
        ObjectLifecycle.prepareForUpdate(&candidate, old: current, type: type)
        let errors = Validation.validateUpdate(candidate, old: current, type: type)
            + schemaErrors(candidate, old: current, type: type)
        if !errors.isEmpty { throw StatusError.invalid(type, name: current.name, errors: errors) }
        try await runValidatingAdmission(candidate, operation: .update, type: type, old: current, dryRun: options.dryRun)
        if operation == .update && type.kind != "Event" {
            recordUpdate(&candidate, current: current, type: type, options: options)
        }
    }

    /// Records an Update by the options' field manager in `candidate`'s managedFields (nothing without a
    /// manager), of the main resource or of `subresource`.
    func recordUpdate(
        _ candidate: inout KubeObject, current: KubeObject, type: ResourceType, options: WriteOptions, subresource: String? = nil
    ) {
        guard !options.fieldManager.isEmpty else { return }
        let entries = ManagedFieldsEntry.record(
            manager: options.fieldManager, operation: .update, apiVersion: type.apiVersion,
            time: RFC3339Timestamp.string(from: now()), old: current, new: candidate,
            entries: ManagedFieldsEntry.entries(of: current), subresource: subresource)
        candidate.json[["metadata", "managedFields"]] = entries.isEmpty ? nil : .array(entries.map(\.json))
    }

    /// Whether two versions of an object differ only in resourceVersion (and managedFields times).
    static func sameContent(_ a: KubeObject, _ b: KubeObject) -> Bool {
        func normalized(_ object: KubeObject) -> JSONValue {
            var json = object.json
            json[["metadata", "resourceVersion"]] = nil
            if let entries = json[["metadata", "managedFields"]]?.arrayValue {
                json[["metadata", "managedFields"]] = .array(entries.map { entry in
                    var entry = entry
                    entry["time"] = nil
                    return entry
                })
            }
            return json
        }
        return normalized(a) == normalized(b)
    }

    /// An update that leaves out the cluster IP or node ports keeps the allocated ones
    /// (`patchAllocatedValues` in kubernetes `pkg/registry/core/service/storage`).
    private static func keepAllocations(_ service: inout KubeObject, from current: KubeObject) {
        for field in ["clusterIP", "clusterIPs"] where service.spec?[field] == nil {
            service.json[["spec", field]] = current.spec?[field]
        }
        guard var ports = service.spec?["ports"]?.arrayValue else { return }
        let old = current.spec?["ports"]?.arrayValue ?? []
        for index in ports.indices where ports[index]["nodePort"] == nil {
            if let match = old.first(where: { $0["port"] == ports[index]["port"] && $0["protocol"] == ports[index]["protocol"] }) {
                ports[index]["nodePort"] = match["nodePort"]
            }
        }
        service.json[["spec", "ports"]] = .array(ports)
    }
}
