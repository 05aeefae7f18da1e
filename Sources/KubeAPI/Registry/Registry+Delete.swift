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
    /// marked (`deletionTimestamp`) and goes when its last finalizer is removed. A namespace is marked terminating, emptied, then removed, as the namespace controller does.
    /// Dependents (objects whose ownerReferences name it) are deleted after it, before it (`Foreground`: the
    /// object is first marked with the `foregroundDeletion` finalizer) or orphaned, by `propagationPolicy`, as
    /// the garbage collector does.
    /// - Returns: the object as it was deleted, or as it was marked (what kube-apiserver answers; the work that
    ///   follows is already done when this returns).
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

            // kube-apiserver marks an object deleted in the foreground with the garbage collector's finalizer.
            let foreground =
                options.propagationPolicy == .foreground && object.deletionTimestamp == nil
                && type != BuiltinResources.namespaces
            if foreground && !object.finalizers.contains(Self.foregroundDeletionFinalizer) {
                object.finalizers.append(Self.foregroundDeletionFinalizer)
            }
            let keepsUntilFinalized = !object.finalizers.isEmpty || type == BuiltinResources.namespaces
            if keepsUntilFinalized {
                if object.deletionTimestamp == nil {
                    object.deletionTimestamp = RFC3339Timestamp.string(from: now())
                    object.json[["metadata", "deletionGracePeriodSeconds"]] = 0
                    if type == BuiltinResources.namespaces { object.json[["status", "phase"]] = "Terminating" }
                    guard let marked = try await putIfUnchanged(object, type: type, at: key, modRevision: kv.modRevision) else { continue }
                    object = marked
                }
                if type == BuiltinResources.namespaces { return try await finalizeNamespace(object) }
                if foreground { await deleteDependentsFirst(of: object, type: type) }
                return object
            }
            let response = try await store.txn(
                TxnRequest(
                    compare: [Compare(key: key, target: .modRevision(kv.modRevision), result: .equal)],
                    success: [.deleteRange(DeleteRangeRequest(key: key))]))
            guard response.succeeded else { continue }
            object.resourceVersion = String(response.header.revision)
            try await afterDelete(object, type: type, policy: options.propagationPolicy)
            return object
        }
    }

    /// Writes `object` at `key` if the key is still at `modRevision`: the object as stored, with its
    /// resourceVersion, or nil when another write won.
    private func putIfUnchanged(_ object: KubeObject, type: ResourceType, at key: Data, modRevision: Int64) async throws -> KubeObject? {
        let response = try await store.txn(
            TxnRequest(
                compare: [Compare(key: key, target: .modRevision(modRevision), result: .equal)],
                success: [.put(PutRequest(key: key, value: try encode(object, type: type, key: key)))]))
        guard response.succeeded else { return nil }
        var stored = object
        stored.resourceVersion = String(response.header.revision)
        return stored
    }

    /// What follows a delete: addresses go back to their ranges, a definition's resources go with it,
    /// dependents are deleted or orphaned.
    func afterDelete(_ object: KubeObject, type: ResourceType, policy: PropagationPolicy) async throws {
        if type == BuiltinResources.services { try await releaseAllocations(of: object) }
        if type == BuiltinResources.customResourceDefinitions,
            let defined = ResourceCatalog.resourceType(fromDefinition: object.json)
        {
            for item in try await list(defined, namespace: nil).items {
                _ = try? await delete(defined, namespace: item.namespace, name: item.name)
            }
            catalog.unregister(definition: object.json)
        }
        guard let uid = object.uid else { return }
        for (dependentType, dependent) in try await ownedObjects(namespace: object.namespace)[uid] ?? [] {
            switch policy {
            case .orphan:
                _ = try? await replace(dependentType, namespace: dependent.namespace, name: dependent.name, options: WriteOptions(fieldManager: "")) { current in
                    var orphaned = current
                    let references = current.ownerReferences.filter { $0["uid"]?.stringValue != uid }
                    orphaned.json[["metadata", "ownerReferences"]] = references.isEmpty ? nil : .array(references)
                    orphaned.resourceVersion = nil
                    return orphaned
                }
            case .background, .foreground:
                _ = try? await delete(dependentType, namespace: dependent.namespace, name: dependent.name,
                                      options: DeleteOptions(propagationPolicy: policy))
            }
        }
    }

    /// The garbage collector's finalizer on an object whose dependents go before it.
    static let foregroundDeletionFinalizer = "foregroundDeletion"

    /// The garbage collector's foreground deletion, done at once: the dependents are deleted (those with
    /// dependents of their own in the foreground too, the others at once, as `attemptToDeleteItem` chooses),
    /// then the owner's `foregroundDeletion` finalizer is removed, which deletes it unless other finalizers remain.
    private func deleteDependentsFirst(of owner: KubeObject, type: ResourceType) async {
        if let uid = owner.uid, let owned = try? await ownedObjects(namespace: owner.namespace) {
            // The dependents' own dependents are in the same scan: in their namespace, or anywhere for a
            // cluster-scoped owner.
            for (dependentType, dependent) in owned[uid] ?? [] {
                let hasDependents = dependent.uid.map { owned[$0] != nil } ?? false
                _ = try? await delete(
                    dependentType, namespace: dependent.namespace, name: dependent.name,
                    options: DeleteOptions(propagationPolicy: hasDependents ? .foreground : .background))
            }
        }
        // Like the garbage collector's work, this is not the delete request's: kube-apiserver has answered it.
        _ = try? await replace(type, namespace: owner.namespace, name: owner.name, options: WriteOptions(fieldManager: "")) {
            current in
            var finalized = current
            finalized.finalizers.removeAll { $0 == Self.foregroundDeletionFinalizer }
            finalized.resourceVersion = nil
            return finalized
        }
    }

    /// The objects that name an owner in their ownerReferences, by the owner's uid: those in `namespace`, or
    /// all of them for nil (a cluster-scoped owner's dependents may be anywhere).
    private func ownedObjects(namespace: String?) async throws -> [String: [(ResourceType, KubeObject)]] {
        var owned: [String: [(ResourceType, KubeObject)]] = [:]
        for type in catalog.all where namespace == nil || type.namespaced {
            for object in try await list(type, namespace: namespace).items {
                for uid in Set(object.ownerReferences.compactMap { $0["uid"]?.stringValue }) {
                    owned[uid, default: []].append((type, object))
                }
            }
        }
        return owned
    }

    /// The namespace controller's work: delete everything in a terminating namespace, then the namespace.
    private func finalizeNamespace(_ namespace: KubeObject) async throws -> KubeObject {
        for type in catalog.all where type.namespaced {
            for object in try await list(type, namespace: namespace.name).items {
                var item = object
                if !item.finalizers.isEmpty {
                    // Nothing else will ever remove them: the namespace controller waits; KubeSim has no other
                    // controller to wait for, so the finalizers are dropped.
                    item = try await replace(type, namespace: item.namespace, name: item.name, options: WriteOptions(fieldManager: "")) { current in
                        var cleared = current
                        cleared.finalizers = []
                        cleared.resourceVersion = nil
                        return cleared
                    }
                    if item.deletionTimestamp != nil { continue }
                }
                // The namespace controller waits for pods to stop; this finalization cannot wait, so they go at once.
                _ = try? await delete(type, namespace: item.namespace, name: item.name, options: DeleteOptions(gracePeriodSeconds: 0))
            }
        }
        let key = key(BuiltinResources.namespaces, namespace: nil, name: namespace.name)
        let response = try await store.deleteRange(DeleteRangeRequest(key: key))
        var gone = namespace
        gone.resourceVersion = String(response.header.revision)
        return gone
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
