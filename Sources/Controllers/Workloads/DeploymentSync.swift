import Foundation
import KubeAPI

/// One reconcile of one Deployment (`syncDeployment`): the Deployment as the controller edits it in memory
/// (status and revision annotation, written through the status subresource), its ReplicaSets and their pods.
final class DeploymentSync {
    var deployment: KubeObject
    let context: ControllerContext
    /// The ReplicaSets it controls, after adoption and release.
    var replicaSets: [KubeObject] = []

    init(_ deployment: KubeObject, context: ControllerContext) {
        self.deployment = deployment
        self.context = context
    }

    var spec: DeploymentSpec { DeploymentSpec(deployment) }
    var now: Date { context.clock.now() }
    var namespace: String? { deployment.namespace }

    func run() async throws {
        guard let selector = DeploymentController.selector(of: deployment), !selector.isEverything else {
            return try await selectingAll()
        }
        let candidates = context.cache.list(BuiltinResources.replicaSets, namespace: namespace)
        let claims = ControllerRefClaims(
            owner: deployment, ownerType: BuiltinResources.deployments, ownerKind: ("apps/v1", "Deployment"),
            matches: { selector.matches($0.labels) })
        replicaSets = try await claims.claim(candidates, type: BuiltinResources.replicaSets, context: context)
        if deployment.deletionTimestamp != nil {
            let (newRS, oldRSs) = try await replicaSetsSyncingRevision(create: false)
            return try await syncStatusOnly(all: oldRSs + [newRS].compactMap { $0 }, newRS: newRS)
        }
        try await checkPausedConditions()
        if spec.paused { return try await syncScaling() }
        if try await isScalingEvent() { return try await syncScaling() }
        if spec.isRecreate {
            try await rolloutRecreate()
        } else {
            try await rolloutRolling()
        }
    }

    /// A Deployment whose selector selects everything is left alone, with a warning (`SelectingAll`).
    private func selectingAll() async throws {
        await context.events.record(
            deployment, type: .warning, reason: "SelectingAll",
            message: "This deployment is selecting all pods. A non-empty selector is required.")
        let generation = deployment.generation ?? 0
        guard deployment.statusInt("observedGeneration") < generation else { return }
        var status = deployment.json["status"] ?? .emptyObject
        status["observedGeneration"] = .int(generation)
        deployment.json["status"] = status
        try await writeStatus()
    }

    // MARK: - The new and old ReplicaSets

    /// The ReplicaSet whose template is the Deployment's (ignoring the hash label), oldest first.
    func findNewReplicaSet() -> KubeObject? {
        let template = Self.comparable(spec.template)
        return replicaSets.sorted(by: ReplicaSetOrder.olderFirst).first {
            Self.comparable($0.spec?["template"] ?? .emptyObject) == template
        }
    }

    /// `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when asked and missing) and the old
    /// ones, the new one's revision raised above the old ones' and the Deployment's revision following it.
    func replicaSetsSyncingRevision(create: Bool) async throws -> (KubeObject?, [KubeObject]) {
        let existing = findNewReplicaSet()
        let oldRSs = replicaSets.filter { $0.uid != existing?.uid }
        let newRevision = (oldRSs.map(DeploymentAnnotations.revision(of:)).max() ?? 0) + 1
        if let existing {
            return (try await syncExisting(existing, newRevision: newRevision), oldRSs)
        }
        guard create else { return (nil, oldRSs) }
        return (try await createNewReplicaSet(oldRSs: oldRSs, newRevision: newRevision), oldRSs)
    }

    /// The new ReplicaSet that exists: its annotations and minReadySeconds follow the Deployment; the
    /// Deployment takes its revision (and FoundNewReplicaSet, when it has no Progressing condition yet).
    private func syncExisting(_ replicaSet: KubeObject, newRevision: Int64) async throws -> KubeObject {
        var updated = replicaSet
        var annotations = replicaSet.annotations
        let annotationsChanged = DeploymentAnnotations.setNewReplicaSetAnnotations(
            deployment: deployment, on: &annotations, newRevision: newRevision, exists: true, replicas: spec.replicas,
            maxSurge: spec.maxSurge)
        if annotationsChanged || replicaSet.specInt("minReadySeconds") != spec.minReadySeconds {
            updated.annotations = annotations
            updated.json[["spec", "minReadySeconds"]] = spec.minReadySeconds == 0 ? nil : .int(spec.minReadySeconds)
            return try await updateReplicaSet(updated)
        }
        var needsUpdate = setRevision(replicaSet.annotations[DeploymentAnnotations.revision] ?? "")
        if spec.progressDeadline != nil, conditions["Progressing"] == nil {
            setCondition(
                "Progressing", "True", DeploymentConditions.foundNewReplicaSet,
                "Found new replica set \(DeploymentConditions.quoted(replicaSet.name))")
            needsUpdate = true
        }
        if needsUpdate { try await writeStatus() }
        return replicaSet
    }

    /// Creates the ReplicaSet of the Deployment's template, named `<deployment>-<hash>`. A name taken by a
    /// ReplicaSet that is not this template's raises `status.collisionCount`, so the next try hashes apart.
    private func createNewReplicaSet(oldRSs: [KubeObject], newRevision: Int64) async throws -> KubeObject? {
        let collisionCount = deployment.json[["status", "collisionCount"]]?.intValue
        let hash = PodTemplateHash.compute(spec.template, collisionCount: collisionCount)
        var template = spec.template
        var templateLabels = template[["metadata", "labels"]]?.objectValue ?? [:]
        templateLabels[PodTemplateHash.label] = .string(hash)
        template[["metadata", "labels"]] = .object(templateLabels)
        var selector = spec.selector ?? .emptyObject
        var matchLabels = selector["matchLabels"]?.objectValue ?? [:]
        matchLabels[PodTemplateHash.label] = .string(hash)
        selector["matchLabels"] = .object(matchLabels)
        let name = "\(deployment.name)-\(hash)"
        let total = oldRSs.reduce(0) { $0 + $1.specReplicas }
        let replicas = RolloutArithmetic.newReplicaSetReplicas(spec, totalReplicas: total, newReplicas: 0)
        var annotations: [String: String] = [:]
        _ = DeploymentAnnotations.setNewReplicaSetAnnotations(
            deployment: deployment, on: &annotations, newRevision: newRevision, exists: false, replicas: spec.replicas,
            maxSurge: spec.maxSurge)
        var replicaSet = KubeObject([
            "apiVersion": "apps/v1", "kind": "ReplicaSet",
            "metadata": [
                "name": .string(name), "namespace": .string(namespace ?? ""), "labels": .object(templateLabels),
                "ownerReferences": [ControllerRef.make(to: deployment, apiVersion: "apps/v1", kind: "Deployment")],
            ],
            "spec": ["replicas": .int(replicas), "selector": selector, "template": template],
        ])
        replicaSet.annotations = annotations
        if spec.minReadySeconds != 0 { replicaSet.json[["spec", "minReadySeconds"]] = .int(spec.minReadySeconds) }
        let created: KubeObject
        var alreadyExists = false
        do {
            created = try await context.api.create(
                BuiltinResources.replicaSets, namespace: namespace, object: replicaSet.json, options: context.writeOptions)
        } catch let error as StatusError where error.code == 409 && error.reason == "AlreadyExists" {
            guard let taken = try? await context.api.get(BuiltinResources.replicaSets, namespace: namespace, name: name),
                ControllerRef.uid(of: taken) == deployment.uid,
                Self.comparable(taken.spec?["template"] ?? .emptyObject) == Self.comparable(spec.template)
            else {
                deployment.json[["status", "collisionCount"]] = .int((collisionCount ?? 0) + 1)
                try await writeStatus()
                throw error
            }
            created = taken
            alreadyExists = true
        } catch let error as StatusError where error.code == 403 {
            throw error
        } catch {
            let message = "Failed to create new replica set \(DeploymentConditions.quoted(name)): \(error)"
            if spec.progressDeadline != nil {
                setCondition("Progressing", "False", DeploymentConditions.replicaSetCreateError, message)
                try? await writeStatus()
            }
            await context.events.record(
                deployment, type: .warning, reason: DeploymentConditions.replicaSetCreateError, message: message)
            throw error
        }
        if !alreadyExists && replicas > 0 {
            await context.events.record(
                deployment, reason: "ScalingReplicaSet", message: "Scaled up replica set \(created.name) from 0 to \(replicas)")
        }
        var needsUpdate = setRevision(String(newRevision))
        if !alreadyExists && spec.progressDeadline != nil {
            setCondition(
                "Progressing", "True", DeploymentConditions.newReplicaSetCreated,
                "Created new replica set \(DeploymentConditions.quoted(created.name))")
            needsUpdate = true
        }
        if needsUpdate { try await writeStatus() }
        replicaSets.append(created)
        return created
    }

    /// A template as compared for "same template" (`EqualIgnoreHash`): without the hash label, and with
    /// empty or null fields dropped, as Go's semantic equality treats nil and empty alike.
    static func comparable(_ template: JSONValue) -> JSONValue {
        var template = template
        template[["metadata", "labels", PodTemplateHash.label]] = nil
        return pruned(template) ?? .emptyObject
    }

    private static func pruned(_ value: JSONValue) -> JSONValue? {
        switch value {
        case .null: return nil
        case .object(let fields):
            let kept = fields.compactMapValues(pruned)
            return kept.isEmpty ? nil : .object(kept)
        case .array(let items): return items.isEmpty ? nil : .array(items.map { pruned($0) ?? .null })
        default: return value
        }
    }

    // MARK: - Writes

    /// Scales a ReplicaSet (and refreshes its desired-replicas and max-replicas), with a ScalingReplicaSet
    /// event when the size moved (`scaleReplicaSet`). Returns whether it scaled.
    @discardableResult
    func scale(_ replicaSet: KubeObject, to replicas: Int64) async throws -> Bool {
        let sizeChanges = replicaSet.specReplicas != replicas
        var annotations = replicaSet.annotations
        let annotationsChange = DeploymentAnnotations.setReplicas(
            &annotations, desired: spec.replicas, max: spec.replicas + spec.maxSurge)
        guard sizeChanges || annotationsChange else { return false }
        var updated = replicaSet
        updated.annotations = annotations
        updated.json[["spec", "replicas"]] = .int(replicas)
        let written = try await updateReplicaSet(updated)
        guard sizeChanges else { return false }
        let direction = replicaSet.specReplicas < replicas ? "up" : "down"
        await context.events.record(
            deployment, reason: "ScalingReplicaSet",
            message: "Scaled \(direction) replica set \(written.name) from \(replicaSet.specReplicas) to \(replicas)")
        return true
    }

    /// `scaleReplicaSetAndRecordEvent`: scales unless already at that size.
    @discardableResult
    func scaleIfNeeded(_ replicaSet: KubeObject, to replicas: Int64) async throws -> Bool {
        guard replicaSet.specReplicas != replicas else { return false }
        return try await scale(replicaSet, to: replicas)
    }

    /// Writes a ReplicaSet (with the resourceVersion it was read at) and keeps the in-memory list current.
    private func updateReplicaSet(_ replicaSet: KubeObject) async throws -> KubeObject {
        let written = try await context.api.update(
            BuiltinResources.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name, object: replicaSet.json,
            options: context.writeOptions)
        if let index = replicaSets.firstIndex(where: { $0.uid == written.uid }) { replicaSets[index] = written }
        return written
    }

    /// The in-memory ReplicaSet with this one's uid (the latest this sync wrote).
    func current(_ replicaSet: KubeObject) -> KubeObject {
        replicaSets.first { $0.uid == replicaSet.uid } ?? replicaSet
    }

    /// Sets the Deployment's revision annotation; returns whether it changed (`SetDeploymentRevision`).
    private func setRevision(_ revision: String) -> Bool {
        guard deployment.annotations[DeploymentAnnotations.revision] != revision else { return false }
        deployment.annotations[DeploymentAnnotations.revision] = revision
        return true
    }

    /// Writes the in-memory status (and revision annotation) through the status subresource.
    func writeStatus() async throws {
        let stored = context.cache.get(BuiltinResources.deployments, ObjectKey(deployment))
        let annotations = stored?.annotations == deployment.annotations ? nil : deployment.annotations
        let written = try await context.api.updateStatus(
            BuiltinResources.deployments, namespace: namespace, name: deployment.name,
            status: deployment.json["status"] ?? .emptyObject, annotations: annotations, options: context.writeOptions)
        deployment.resourceVersion = written.resourceVersion
    }
}
