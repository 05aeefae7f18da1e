import Synchronization

/// What the simulated kubelets hold in memory, as a real kubelet's pod workers do: each pod's planned run,
/// by pod key. A kubelet that starts again (a new process) plans again from what the pods' statuses say.
final class KubeletState: Sendable {
    private let runs = Mutex<[ObjectKey: PodRun]>([:])

    func run(_ key: ObjectKey, uid: String) -> PodRun? {
        runs.withLock { runs in runs[key].flatMap { $0.uid == uid ? $0 : nil } }
    }

    func store(_ run: PodRun, for key: ObjectKey) {
        runs.withLock { $0[key] = run }
    }

    func forget(_ key: ObjectKey) {
        runs.withLock { $0[key] = nil }
    }

    /// The pod IPs planned on a node, including those not yet reported.
    func plannedIPs(onNode node: String) -> Set<String> {
        runs.withLock { runs in Set(runs.values.filter { $0.node == node }.map(\.podIP)) }
    }

    /// The image references planned to be pulled on a node.
    func plannedImages(onNode node: String) -> Set<String> {
        runs.withLock { runs in
            Set(runs.values.filter { $0.node == node }.flatMap { run in run.containers.map(\.image.reference) })
        }
    }
}
