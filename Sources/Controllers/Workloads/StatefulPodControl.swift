import Foundation
import KubeAPI

/// How the StatefulSet controller writes pods and claims (`stateful_pod_control.go`): claims before their
/// pod, owner references on claims by the retention policy, and an event on the set for every write, with
/// the upstream texts (`create Pod db-0 in StatefulSet db successful`,
/// `create Claim data-db-0 Pod db-0 in StatefulSet db success`).
struct StatefulPodControl {
    let set: KubeObject
    let identity: StatefulSetIdentity
    let context: ControllerContext

    init(set: KubeObject, context: ControllerContext) {
        self.set = set
        self.identity = StatefulSetIdentity(set: set)
        self.context = context
    }

    /// `CreateStatefulPod`: the claims, then the pod, then the claims' owner references.
    func create(_ pod: JSONValue) async throws {
        let name = pod[["metadata", "name"]]?.stringValue ?? ""
        let ordinal = StatefulSetIdentity.parentAndOrdinal(name).ordinal
        do {
            try await createClaims(podName: name, ordinal: ordinal)
        } catch {
            await recordPodEvent("create", pod: name, error: error)
            throw error
        }
        let created: KubeObject
        do {
            created = try await context.api.create(
                BuiltinResources.pods, namespace: set.namespace, object: pod, options: context.writeOptions)
        } catch let error as StatusError where error.code == 409 {
            throw error
        } catch {
            if PodControl.namespaceTerminating(error) { return }
            await recordPodEvent("create", pod: name, error: error)
            throw error
        }
        do {
            try await updateClaimsForRetentionPolicy(pod: created)
        } catch {
            await recordPodEvent("update", pod: name, error: error)
            throw error
        }
        await recordPodEvent("create", pod: name, error: nil)
    }

    /// `createMissingPersistentVolumeClaims`: a pending pod's claims that went missing, and their owners.
    func createMissingClaims(for pod: KubeObject) async throws {
        try await createClaims(podName: pod.name, ordinal: StatefulSetIdentity.ordinal(of: pod))
        do {
            try await updateClaimsForRetentionPolicy(pod: pod)
        } catch {
            await recordPodEvent("update", pod: pod.name, error: error)
            throw error
        }
    }

    /// `createPersistentVolumeClaims`: each claim the cache lacks is created; one being deleted is an error.
    private func createClaims(podName: String, ordinal: Int) async throws {
        var failures: [String] = []
        for (_, claim) in identity.claims(ordinal: ordinal) {
            let claimName = claim[["metadata", "name"]]?.stringValue ?? ""
            if let existing = context.cache.get(BuiltinResources.persistentVolumeClaims, namespace: set.namespace, name: claimName) {
                if existing.deletionTimestamp != nil { failures.append("pvc \(claimName) is being deleted") }
                continue
            }
            do {
                _ = try await context.api.create(
                    BuiltinResources.persistentVolumeClaims, namespace: set.namespace, object: claim, options: context.writeOptions)
                await context.events.record(
                    set, reason: "SuccessfulCreate", message: "create Claim \(claimName) Pod \(podName) in StatefulSet \(set.name) success")
            } catch {
                failures.append("failed to create PVC \(claimName): \(error)")
                if (error as? StatusError)?.code != 409 {
                    await context.events.record(
                        set, type: .warning, reason: "FailedCreate",
                        message: "create Claim \(claimName) for Pod \(podName) in StatefulSet \(set.name) failed error: \(error)")
                }
            }
        }
        if !failures.isEmpty { throw ClaimError(Self.aggregate(failures)) }
    }

    /// `utilerrors.NewAggregate(...).Error()`: one message, or `[a, b]`.
    static func aggregate(_ messages: [String]) -> String {
        messages.count == 1 ? messages[0] : "[" + messages.joined(separator: ", ") + "]"
    }

    /// `DeleteStatefulPod`: one event either way.
    func delete(_ pod: KubeObject) async throws {
        do {
            _ = try await context.api.delete(BuiltinResources.pods, namespace: pod.namespace, name: pod.name, options: DeleteOptions())
            await recordPodEvent("delete", pod: pod.name, error: nil)
        } catch {
            await recordPodEvent("delete", pod: pod.name, error: error)
            throw error
        }
    }

    /// `UpdateStatefulPod`: a member whose identity labels or claim volumes are not the set's is fixed, its
    /// missing claims created and its claims' owners brought in line with the retention policy.
    func update(_ pod: KubeObject) async throws {
        var json = pod.json
        var consistent = true
        let ordinal = StatefulSetIdentity.ordinal(of: pod)
        if !identity.identityMatches(pod) {
            StatefulSetIdentity.setIdentityLabels(&json, name: pod.name, ordinal: ordinal)
            consistent = false
        }
        do {
            if !identity.storageMatches(pod) {
                identity.setStorage(&json, ordinal: ordinal)
                consistent = false
                try await createClaims(podName: pod.name, ordinal: ordinal)
            }
            let retention = StatefulSetClaimRetention(set: set, cache: context.cache)
            if !retention.claimsMatch(pod: pod) {
                try await updateClaimsForRetentionPolicy(pod: pod)
                consistent = false
            }
        } catch {
            await recordPodEvent("update", pod: pod.name, error: error)
            throw error
        }
        guard !consistent else { return }
        do {
            _ = try await context.api.update(
                BuiltinResources.pods, namespace: pod.namespace, name: pod.name, object: json, options: context.writeOptions)
            await recordPodEvent("update", pod: pod.name, error: nil)
        } catch {
            await recordPodEvent("update", pod: pod.name, error: error)
            throw error
        }
    }

    /// `UpdatePodClaimForRetentionPolicy`: each claim of the member whose owner references disagree with the
    /// policy is updated; a claim another controller manages gets a `ConflictingController` warning.
    func updateClaimsForRetentionPolicy(pod: KubeObject) async throws {
        let retention = StatefulSetClaimRetention(set: set, cache: context.cache)
        for (_, template) in identity.claims(ordinal: StatefulSetIdentity.ordinal(of: pod)) {
            let claimName = template[["metadata", "name"]]?.stringValue ?? ""
            guard let claim = context.cache.get(BuiltinResources.persistentVolumeClaims, namespace: set.namespace, name: claimName)
            else { continue }
            if retention.hasUnexpectedController(claim, pod: pod) {
                await context.events.record(
                    set, type: .warning, reason: "ConflictingController",
                    message: "PersistentVolumeClaim \(claimName) has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim")
            }
            guard !retention.isUpToDate(claim, pod: pod) else { continue }
            var updated = claim.json
            updated[["metadata", "ownerReferences"]] = .array(retention.ownerReferences(for: claim, pod: pod))
            do {
                _ = try await context.api.update(
                    BuiltinResources.persistentVolumeClaims, namespace: claim.namespace, name: claim.name, object: updated,
                    options: context.writeOptions)
            } catch {
                throw ClaimError("could not update claim \(claimName) for delete policy ownerRefs: \(error)")
            }
        }
    }

    /// `recordPodEvent`: `Successful<Verb>` / `Failed<Verb>` on the set.
    func recordPodEvent(_ verb: String, pod: String, error: (any Error)?) async {
        let title = verb.prefix(1).uppercased() + verb.dropFirst()
        if let error {
            await context.events.record(
                set, type: .warning, reason: "Failed\(title)", message: "\(verb) Pod \(pod) in StatefulSet \(set.name) failed error: \(error)")
        } else {
            await context.events.record(set, reason: "Successful\(title)", message: "\(verb) Pod \(pod) in StatefulSet \(set.name) successful")
        }
    }
}
