import EtcdCore
import Foundation

/// Preconditions and policy of a delete (`metav1.DeleteOptions`).
public struct DeleteOptions: Sendable, Hashable {
    public var propagationPolicy: PropagationPolicy
    public var dryRun: Bool
    /// Delete only the object with this uid.
    public var uid: String?
    /// Delete only at this resourceVersion.
    public var resourceVersion: String?
    /// How long a pod's containers get to stop before the pod goes (nil: the pod's
    /// `terminationGracePeriodSeconds`); 0 deletes it at once.
    public var gracePeriodSeconds: Int64?

    public init(
        propagationPolicy: PropagationPolicy = .background, dryRun: Bool = false, uid: String? = nil,
        resourceVersion: String? = nil, gracePeriodSeconds: Int64? = nil
    ) {
        self.propagationPolicy = propagationPolicy
        self.dryRun = dryRun
        self.uid = uid
        self.resourceVersion = resourceVersion
        self.gracePeriodSeconds = gracePeriodSeconds
    }
}

extension Registry {
    /// Deletes an object: `If(mod_revision(key) == read) Then Delete`, retried when another write won.
    ///
    /// A pod bound to a node is only marked (`deletionTimestamp` = now + its grace period) for its kubelet to
    /// stop and delete with a grace period of 0 (`PodGracefulDeletion`). An object with finalizers is only
    /// marked (`deletionTimestamp`) and goes when its last finalizer is removed. `Foreground` and `Orphan`
    /// propagation add the garbage collector's `foregroundDeletion` or `orphan` finalizer first, for the garbage
    /// collector to delete or orphan the dependents; a namespace is only marked `Terminating`, for the
    /// namespace controller to empty and finalize (`deleteNamespace`).
    /// - Returns: the object as it was deleted, or as it was marked (what kube-apiserver answers).
    /// - Throws: `StatusError`: 404 NotFound, 409 Conflict (preconditions), 403 Forbidden (system namespaces).
    @discardableResult
    public func delete(
        _ type: ResourceType, namespace: String?, name: String, options: DeleteOptions = DeleteOptions()
    ) async throws -> KubeObject {
        let namespace = scopedNamespace(type, namespace)
        if type == BuiltinResources.namespaces && ["default", "kube-system", "kube-public"].contains(name) {
            throw StatusError.forbidden(type, name: name, detail: "this namespace may not be deleted")
        }
        let key = key(type, namespace: namespace, name: name)
        while true {
            guard let kv = try await store.get(key) else { throw StatusError.notFound(type, name: name) }
            var object = try decode(kv, as: type)
            if let uid = options.uid, uid != object.uid {
                throw StatusError.conflict(
                    type, name: name,
                    detail: "Precondition failed: UID in precondition: \(uid), UID in object meta: \(object.uid ?? "")")
            }
            if let version = options.resourceVersion, version != object.resourceVersion {
                throw StatusError.conflict(
                    type, name: name,
                    detail: "Precondition failed: ResourceVersion in precondition: \(version), ResourceVersion in object meta: \(object.resourceVersion ?? "")")
            }
            if options.dryRun { return object }
            // kube-apiserver's `deletionFinalizersForGarbageCollection`: the policy's finalizer on a first delete.
            if object.deletionTimestamp == nil, let finalizer = Self.garbageCollectionFinalizer(options.propagationPolicy),
                !object.finalizers.contains(finalizer)
            {
                object.finalizers.append(finalizer)
            }
            if type == BuiltinResources.namespaces {
                guard let result = try await deleteNamespace(object, at: key, modRevision: kv.modRevision) else { continue }
                return result
            }

            if type == BuiltinResources.pods {
                switch PodGracefulDeletion.decide(object, requested: options.gracePeriodSeconds, now: now()) {
                case .pending:
                    return object
                case .mark(let seconds, let deadline):
                    object.deletionTimestamp = RFC3339Timestamp.string(from: deadline)
                    object.json[["metadata", "deletionGracePeriodSeconds"]] = .int(seconds)
                    guard let marked = try await putIfUnchanged(object, type: type, at: key, modRevision: kv.modRevision) else { continue }
                    return marked
                case .deleteNow:
                    // A pod whose finalizers keep it is marked with no grace period left.
                    if object.deletionTimestamp != nil && !object.finalizers.isEmpty
                        && object.metadata["deletionGracePeriodSeconds"]?.intValue != 0
                    {
                        object.deletionTimestamp = RFC3339Timestamp.string(from: now())
                        object.json[["metadata", "deletionGracePeriodSeconds"]] = 0
                        guard let marked = try await putIfUnchanged(object, type: type, at: key, modRevision: kv.modRevision) else { continue }
                        return marked
                    }
                }
            }

            if !object.finalizers.isEmpty {
                if object.deletionTimestamp == nil {
                    object.deletionTimestamp = RFC3339Timestamp.string(from: now())
                    object.json[["metadata", "deletionGracePeriodSeconds"]] = 0
                    guard let marked = try await putIfUnchanged(object, type: type, at: key, modRevision: kv.modRevision) else { continue }
                    return marked
                }
                return object
            }
            let response = try await store.txn(
                TxnRequest(
                    compare: [Compare(key: key, target: .modRevision(kv.modRevision), result: .equal)],
                    success: [.deleteRange(DeleteRangeRequest(key: key))]))
            guard response.succeeded else { continue }
            object.resourceVersion = String(response.header.revision)
            try await afterDelete(object, type: type)
            return object
        }
    }

    /// The garbage collector's finalizer a propagation policy asks for: `orphan`, `foregroundDeletion`, or none.
    static func garbageCollectionFinalizer(_ policy: PropagationPolicy) -> String? {
        switch policy {
        case .orphan: return "orphan"
        case .foreground: return "foregroundDeletion"
        case .background: return nil
        }
    }

    /// kube-apiserver's namespace DELETE (`pkg/registry/core/namespace/storage`): the first one sets
    /// `deletionTimestamp` and phase `Terminating` and leaves the rest to the namespace controller; later ones
    /// are refused while `spec.finalizers` holds anything, and delete it once nothing holds it.
    /// - Returns: the namespace as marked or deleted, or nil when another write won (read again).
    private func deleteNamespace(_ namespace: KubeObject, at key: Data, modRevision: Int64) async throws -> KubeObject? {
        var object = namespace
        if object.deletionTimestamp == nil {
            object.deletionTimestamp = RFC3339Timestamp.string(from: now())
            object.json[["status", "phase"]] = "Terminating"
            return try await putIfUnchanged(object, type: BuiltinResources.namespaces, at: key, modRevision: modRevision)
        }
        if !(object.spec?["finalizers"]?.arrayValue ?? []).isEmpty {
            throw StatusError.conflict(
                BuiltinResources.namespaces, name: object.name,
                detail: "The system is ensuring all content is removed from this namespace.  Upon completion, this namespace will automatically be purged by the system.")
        }
        if !object.finalizers.isEmpty { return object }
        let response = try await store.txn(
            TxnRequest(
                compare: [Compare(key: key, target: .modRevision(modRevision), result: .equal)],
                success: [.deleteRange(DeleteRangeRequest(key: key))]))
        guard response.succeeded else { return nil }
        object.resourceVersion = String(response.header.revision)
        return object
    }

    /// Writes `object` at `key` if the key is still at `modRevision`: the object as stored, with its
    /// resourceVersion, or nil when another write won.
    func putIfUnchanged(_ object: KubeObject, type: ResourceType, at key: Data, modRevision: Int64) async throws -> KubeObject? {
        let response = try await store.txn(
            TxnRequest(
                compare: [Compare(key: key, target: .modRevision(modRevision), result: .equal)],
                success: [.put(PutRequest(key: key, value: try encode(object, type: type, key: key)))]))
        guard response.succeeded else { return nil }
        var stored = object
        stored.resourceVersion = String(response.header.revision)
        return stored
    }

    /// What follows a delete in the API server itself: addresses go back to their ranges, a definition's
    /// resources go with it. (Dependents are the garbage collector's, a namespace's content the namespace
    /// controller's: both are control loops.)
    func afterDelete(_ object: KubeObject, type: ResourceType) async throws {
        if type == BuiltinResources.services { try await releaseAllocations(of: object) }
        if type == BuiltinResources.customResourceDefinitions,
            let defined = ResourceCatalog.resourceType(fromDefinition: object.json)
        {
            for item in try await list(defined, namespace: nil).items {
                _ = try? await delete(defined, namespace: item.namespace, name: item.name)
            }
            catalog.unregister(definition: object.json)
        }
    }

    private func releaseAllocations(of service: KubeObject) async throws {
        while true {
            var allocator = try await ServiceAllocator.load(store)
            allocator.release(service)
            let ops = allocator.commitOps
            if ops.puts.isEmpty { return }
            if try await store.txn(TxnRequest(compare: ops.compares, success: ops.puts)).succeeded { return }
        }
    }
}
