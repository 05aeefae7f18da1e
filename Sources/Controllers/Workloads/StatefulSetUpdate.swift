import Foundation
import KubeAPI

/// One sync of a StatefulSet's members (`updateStatefulSet`, `processReplica`, `processCondemned`): every
/// ordinal in range gets its pod (in order, each after its predecessors are Running and Ready and available,
/// under OrderedReady; in slow-start batches under Parallel), members out of range are deleted highest
/// ordinal first, and a RollingUpdate replaces, from the highest ordinal down to the partition, one pod not at
/// the update revision at a time once the others are available.
struct StatefulSetUpdate {
    /// A member slot: the pod the cache has, or the one to create.
    struct Member {
        var ordinal: Int
        var pod: KubeObject?
        var template: JSONValue
        /// The revision the pod carries, or will carry.
        var revision: String { pod.map(StatefulSetIdentity.revision(of:)) ?? template[["metadata", "labels", StatefulSetIdentity.revisionLabel]]?.stringValue ?? "" }
        var name: String { pod?.name ?? template[["metadata", "name"]]?.stringValue ?? "" }
    }

    let set: KubeObject
    let revisions: StatefulSetHistory.Revisions
    let context: ControllerContext
    let control: StatefulPodControl
    let identity: StatefulSetIdentity
    let now: Date

    init(set: KubeObject, revisions: StatefulSetHistory.Revisions, context: ControllerContext) {
        self.set = set
        self.revisions = revisions
        self.context = context
        self.control = StatefulPodControl(set: set, context: context)
        self.identity = StatefulSetIdentity(set: set)
        self.now = context.clock.now()
    }

    var minReadySeconds: Int64 { self.set.specInt("minReadySeconds") }
    var monotonic: Bool { self.set.spec?["podManagementPolicy"]?.stringValue != "Parallel" }

    static func isRunningAndReady(_ pod: KubeObject) -> Bool {
        pod.json[["status", "phase"]]?.stringValue == "Running" && PodState.isReady(pod)
    }

    func isAvailable(_ pod: KubeObject) -> Bool { PodState.isAvailable(pod, minReadySeconds: minReadySeconds, now: now) }

    /// `isUnavailable`: not yet created, not available, or terminating.
    func isUnavailable(_ member: Member) -> Bool {
        guard let pod = member.pod else { return true }
        return !Self.isRunningAndReady(pod) || !isAvailable(pod) || pod.deletionTimestamp != nil
    }

    /// The revision's template (`ApplyRevision` of `spec.template`).
    static func template(of revision: KubeObject) -> JSONValue {
        var template = revision.json[["data", "spec", "template"]] ?? .emptyObject
        template["$patch"] = nil
        return template
    }

    /// Creates, fixes and deletes members; returns the status to record.
    func run(pods: [KubeObject]) async throws -> StatefulSetStatus {
        var status = StatefulSetStatus(set: set, revisions: revisions)
        status.count(pods, minReadySeconds: minReadySeconds, now: now)
        var members: [Member] = []
        var condemned: [KubeObject] = []
        var byOrdinal: [Int: KubeObject] = [:]
        for pod in pods {
            let ordinal = StatefulSetIdentity.ordinal(of: pod)
            if identity.inRange(pod) { byOrdinal[ordinal] = pod } else if ordinal >= 0 { condemned.append(pod) }
        }
        for ordinal in identity.startOrdinal..<(identity.endOrdinal + 1) {
            members.append(Member(ordinal: ordinal, pod: byOrdinal[ordinal], template: newPod(ordinal)))
        }
        condemned.sort { StatefulSetIdentity.ordinal(of: $0) > StatefulSetIdentity.ordinal(of: $1) }
        let firstUnavailable = members.first(where: isUnavailable)?.name
            ?? condemned.reversed().first { isUnavailable(Member(ordinal: 0, pod: $0, template: .null)) }?.name

        guard set.deletionTimestamp == nil else { return status }
        let recount = { (members: [Member]) in
            status.count(members.compactMap(\.pod) + condemned, minReadySeconds: minReadySeconds, now: now)
        }
        let (blocked, replicaError) = await runForAll(members) { member in try await processReplica(member) }
        if blocked || replicaError != nil {
            recount(members)
            if let replicaError { throw SyncFailure(status: status, error: replicaError) }
            return status
        }
        let retention = StatefulSetClaimRetention(set: set, cache: context.cache)
        for pod in condemned where !retention.claimsMatch(pod: pod) {
            do {
                try await control.updateClaimsForRetentionPolicy(pod: pod)
            } catch {
                recount(members)
                throw SyncFailure(status: status, error: error)
            }
        }
        var condemnedBlocked = false
        var condemnedError: (any Error)?
        if monotonic {
            for pod in condemned {
                do {
                    if try await processCondemned(pod, firstUnavailable: firstUnavailable) {
                        condemnedBlocked = true
                        break
                    }
                } catch {
                    condemnedError = error
                    break
                }
            }
        } else {
            let control = control
            condemnedError = await slowStart(condemned.filter { $0.deletionTimestamp == nil }) { try await control.delete($0) }
            condemnedBlocked = condemnedError != nil
        }
        recount(members)
        if let condemnedError { throw SyncFailure(status: status, error: condemnedError) }
        if condemnedBlocked { return status }
        guard set.spec?[["updateStrategy", "type"]]?.stringValue == "RollingUpdate" else { return status }
        let partition = Int(set.spec?[["updateStrategy", "rollingUpdate", "partition"]]?.intValue ?? 0)
        var target = members.count - 1
        while target >= partition {
            let member = members[target]
            if member.revision != revisions.update.name, let pod = member.pod, pod.deletionTimestamp == nil {
                do {
                    try await control.delete(pod)
                } catch let error as StatusError where error.code == 404 {
                } catch {
                    throw SyncFailure(status: status, error: error)
                }
                status.currentReplicas -= 1
                return status
            }
            if isUnavailable(member) { return status }
            target -= 1
        }
        return status
    }

    /// The pod for an empty slot, at the current revision below the partition, else at the update revision.
    private func newPod(_ ordinal: Int) -> JSONValue {
        let strategy = set.spec?["updateStrategy"]
        let rollingUpdate = strategy?["rollingUpdate"].flatMap { $0.isNull ? nil : $0 }
        let atCurrent: Bool
        if let rollingUpdate {
            atCurrent = ordinal < identity.startOrdinal + Int(rollingUpdate["partition"]?.intValue ?? 0)
        } else {
            atCurrent = strategy?["type"]?.stringValue == "RollingUpdate"
                && ordinal < identity.startOrdinal + Int(set.statusInt("currentReplicas"))
        }
        let revision = atCurrent ? revisions.current : revisions.update
        return identity.newPod(ordinal: ordinal, template: Self.template(of: revision), revision: revision.name)
    }

    /// `processReplica`: true when an OrderedReady set must wait.
    private func processReplica(_ member: Member) async throws -> Bool {
        if let pod = member.pod {
            let phase = pod.json[["status", "phase"]]?.stringValue
            if phase == "Failed" || phase == "Succeeded" {
                // A new pod is made on a later sync, once this one is gone.
                if pod.deletionTimestamp == nil { try await control.delete(pod) }
                return true
            }
        } else {
            let retention = StatefulSetClaimRetention(set: set, cache: context.cache)
            if retention.podClaimIsStale(podName: member.name, ordinal: member.ordinal) { return true }
            try await control.create(member.template)
            return monotonic
        }
        guard let pod = member.pod else { return false }
        if pod.json[["status", "phase"]]?.stringValue == "Pending" { try await control.createMissingClaims(for: pod) }
        if monotonic && (pod.deletionTimestamp != nil || !Self.isRunningAndReady(pod) || !isAvailable(pod)) { return true }
        // Identity, storage and claim owners depend on the set's name, claim templates and policy, which the
        // update revision (`updateSet`) shares with the set.
        let retention = StatefulSetClaimRetention(set: set, cache: context.cache)
        if identity.identityMatches(pod) && identity.storageMatches(pod) && retention.claimsMatch(pod: pod) { return false }
        try await control.update(pod)
        return false
    }

    /// `processCondemned` under OrderedReady: true when it deleted or must wait.
    private func processCondemned(_ pod: KubeObject, firstUnavailable: String?) async throws -> Bool {
        if pod.deletionTimestamp != nil { return true }
        if (!Self.isRunningAndReady(pod) || !isAvailable(pod)) && pod.name != firstUnavailable { return true }
        try await control.delete(pod)
        return true
    }

    /// `runForAll`: in order, stopping at the first wait or failure, under OrderedReady; in slow-start batches
    /// under Parallel.
    private func runForAll(
        _ members: [Member], _ body: @escaping @Sendable (Member) async throws -> Bool
    ) async -> (blocked: Bool, error: (any Error)?) {
        if monotonic {
            for member in members {
                do {
                    if try await body(member) { return (true, nil) }
                } catch {
                    return (true, error)
                }
            }
            return (false, nil)
        }
        let error = await slowStart(members) { _ = try await body($0) }
        return (error != nil, error)
    }

    /// `slowStartBatch(1, …)`: batches of 1, 2, 4, … (at most 500), each side by side in real time, stopping
    /// after a batch with a failure.
    private func slowStart<Element: Sendable>(
        _ elements: [Element], _ body: @escaping @Sendable (Element) async throws -> Void
    ) async -> (any Error)? {
        var position = 0
        var batch = min(elements.count, 1)
        while batch > 0 {
            do {
                try await context.forEach(Array(elements[position..<position + batch]), body)
            } catch {
                return error
            }
            position += batch
            batch = min(2 * batch, elements.count - position, 500)
        }
        return nil
    }
}

/// A sync that failed part way, with the status it reached (recorded before the error is returned).
struct SyncFailure: Error, CustomStringConvertible {
    let status: StatefulSetStatus
    let error: any Error
    var description: String { "\(error)" }
}
