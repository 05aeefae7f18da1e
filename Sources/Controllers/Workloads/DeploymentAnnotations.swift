import KubeAPI

/// The annotations the deployment controller keeps on a Deployment and its ReplicaSets
/// (`deployment/util/deployment_util.go`).
enum DeploymentAnnotations {
    static let revision = "deployment.kubernetes.io/revision"
    static let revisionHistory = "deployment.kubernetes.io/revision-history"
    static let desiredReplicas = "deployment.kubernetes.io/desired-replicas"
    static let maxReplicas = "deployment.kubernetes.io/max-replicas"
    static let rollbackTo = "deprecated.deployment.rollback.to"
    static let lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

    /// The longest revision-history the controller writes (`--deployment-controller-...`: 2000 characters).
    static let maxRevisionHistoryLength = 2000

    /// Annotations never copied from a Deployment to its ReplicaSets.
    static let notCopied: Set<String> = [lastApplied, revision, revisionHistory, desiredReplicas, maxReplicas, rollbackTo]

    /// A ReplicaSet's revision, 0 when unset or unreadable.
    static func revision(of replicaSet: KubeObject) -> Int64 {
        Int64(replicaSet.annotations[revision] ?? "") ?? 0
    }

    /// Copies the Deployment's annotations (but the controller's own and kubectl's last-applied) onto the
    /// ReplicaSet's; never removes any. Returns whether anything changed.
    static func copy(from deployment: KubeObject, to annotations: inout [String: String]) -> Bool {
        var changed = false
        for (key, value) in deployment.annotations where !notCopied.contains(key) && annotations[key] != value {
            annotations[key] = value
            changed = true
        }
        return changed
    }

    /// `SetNewReplicaSetAnnotations`: copies the Deployment's annotations, raises the revision to `newRevision`
    /// (noting the one it replaces in revision-history when the ReplicaSet had one: a rollback re-promoting it),
    /// and, for a ReplicaSet about to be created, sets desired-replicas and max-replicas.
    static func setNewReplicaSetAnnotations(
        deployment: KubeObject, on annotations: inout [String: String], newRevision: Int64, exists: Bool,
        replicas: Int64, maxSurge: Int64
    ) -> Bool {
        var changed = copy(from: deployment, to: &annotations)
        let oldText = annotations[revision]
        let oldRevision: Int64
        if let oldText, !oldText.isEmpty {
            guard let parsed = Int64(oldText) else { return false }
            oldRevision = parsed
        } else {
            oldRevision = 0
        }
        if oldRevision < newRevision {
            annotations[revision] = String(newRevision)
            changed = true
            if let oldText { appendHistory(oldText, to: &annotations) }
        }
        if !exists && setReplicas(&annotations, desired: replicas, max: replicas + maxSurge) { changed = true }
        return changed
    }

    /// Adds a revision to revision-history, dropping the oldest entries that would make it too long.
    private static func appendHistory(_ old: String, to annotations: inout [String: String]) {
        let history = annotations[revisionHistory] ?? ""
        guard !history.isEmpty else {
            annotations[revisionHistory] = old
            return
        }
        var entries = history.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var total = history.count + old.count + 1
        var start = 0
        while total > maxRevisionHistoryLength && start < entries.count {
            total -= entries[start].count + 1
            start += 1
        }
        guard total <= maxRevisionHistoryLength else { return }
        entries = Array(entries[start...]) + [old]
        annotations[revisionHistory] = entries.joined(separator: ",")
    }

    /// Sets desired-replicas and max-replicas; returns whether they changed.
    static func setReplicas(_ annotations: inout [String: String], desired: Int64, max: Int64) -> Bool {
        let before = annotations
        annotations[desiredReplicas] = String(desired)
        annotations[maxReplicas] = String(max)
        return annotations != before
    }
}
