import Foundation
import KubeAPI

/// A Deployment's spec as the controller reads it, with the defaults of `apps/v1` for what is unset.
struct DeploymentSpec {
    let object: KubeObject

    init(_ object: KubeObject) { self.object = object }

    var replicas: Int64 { object.specInt("replicas", default: 1) }
    var template: JSONValue { object.spec?["template"] ?? .emptyObject }
    var selector: JSONValue? { object.spec?["selector"] }
    var minReadySeconds: Int64 { object.specInt("minReadySeconds") }
    var paused: Bool { object.spec?["paused"]?.boolValue ?? false }
    var isRecreate: Bool { object.spec?[["strategy", "type"]]?.stringValue == "Recreate" }
    var isRollingUpdate: Bool { !isRecreate }

    /// progressDeadlineSeconds, nil when unset or MaxInt32 (no deadline: `HasProgressDeadline`).
    var progressDeadline: Int64? { Self.unlessMaxInt32(object.spec?["progressDeadlineSeconds"]?.intValue) }

    /// revisionHistoryLimit, nil when unset or MaxInt32 (keep all).
    var revisionHistoryLimit: Int64? { Self.unlessMaxInt32(object.spec?["revisionHistoryLimit"]?.intValue) }

    /// The rollout's surge and unavailability in pods (`ResolveFenceposts`).
    var fenceposts: (surge: Int64, unavailable: Int64) {
        let rolling = object.spec?[["strategy", "rollingUpdate"]]
        return RolloutArithmetic.resolveFenceposts(
            maxSurge: rolling?["maxSurge"], maxUnavailable: rolling?["maxUnavailable"], desired: replicas)
    }

    /// `MaxSurge`: 0 unless RollingUpdate.
    var maxSurge: Int64 { isRollingUpdate ? fenceposts.surge : 0 }

    /// `MaxUnavailable`: 0 unless RollingUpdate with replicas; never more than replicas.
    var maxUnavailable: Int64 {
        guard isRollingUpdate, replicas > 0 else { return 0 }
        return min(fenceposts.unavailable, replicas)
    }

    private static func unlessMaxInt32(_ value: Int64?) -> Int64? {
        guard let value, value != Int64(Int32.max) else { return nil }
        return value
    }
}

/// What the controller reads of a ReplicaSet.
extension KubeObject {
    var specReplicas: Int64 { specInt("replicas", default: 1) }
    var availableReplicas: Int64 { statusInt("availableReplicas") }
}

/// ReplicaSet orders of `controller_utils.go` (`ReplicaSetsByCreationTimestamp`, `ReplicaSetsBySizeOlder`,
/// `ReplicaSetsBySizeNewer`, `ReplicaSetsByRevision`).
enum ReplicaSetOrder {
    /// Older first, ties by name.
    static func olderFirst(_ a: KubeObject, _ b: KubeObject) -> Bool {
        let (ta, tb) = (PodState.creationTime(a) ?? .distantPast, PodState.creationTime(b) ?? .distantPast)
        return ta == tb ? a.name < b.name : ta < tb
    }

    /// Larger first, ties older first.
    static func largerOlderFirst(_ a: KubeObject, _ b: KubeObject) -> Bool {
        a.specReplicas == b.specReplicas ? olderFirst(a, b) : a.specReplicas > b.specReplicas
    }

    /// Larger first, ties newer first.
    static func largerNewerFirst(_ a: KubeObject, _ b: KubeObject) -> Bool {
        a.specReplicas == b.specReplicas ? olderFirst(b, a) : a.specReplicas > b.specReplicas
    }

    /// Lower revision first, ties older first.
    static func byRevision(_ a: KubeObject, _ b: KubeObject) -> Bool {
        let (ra, rb) = (DeploymentAnnotations.revision(of: a), DeploymentAnnotations.revision(of: b))
        return ra == rb ? olderFirst(a, b) : ra < rb
    }
}
