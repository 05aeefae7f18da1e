import Synchronization

/// What the simulated kubelets hold in memory, as a real kubelet's pod workers do: each pod's planned run,
/// by pod key. A kubelet that starts again (a new process) plans again from what the pods' statuses say.
final class KubeletState: Sendable {
    private struct Runs {
        var byKey: [ObjectKey: PodRun] = [:]
        /// Node name → the keys of the runs planned there.
        var byNode: [String: Set<ObjectKey>] = [:]

        mutating func store(_ run: PodRun, for key: ObjectKey) {
            if let old = byKey[key], old.node != run.node { byNode[old.node]?.remove(key) }
            byKey[key] = run
            byNode[run.node, default: []].insert(key)
        }

        func onNode(_ node: String) -> [PodRun] {
            (byNode[node] ?? []).compactMap { byKey[$0] }
        }
    }

    private let runs = Mutex(Runs())

    func run(_ key: ObjectKey, uid: String) -> PodRun? {
        runs.withLock { runs in runs.byKey[key].flatMap { $0.uid == uid ? $0 : nil } }
    }

    /// The run planned for `key`, or the one `plan` makes from the pod addresses and images the node's runs
    /// already hold, stored at once: planning is one step per kubelet, so pods planned side by side in real
    /// time never get one address.
    func run(
        _ key: ObjectKey, uid: String, onNode node: String,
        orPlan plan: (_ plannedIPs: Set<String>, _ plannedImages: Set<String>) -> PodRun?
    ) -> PodRun? {
        runs.withLock { runs in
            if let run = runs.byKey[key], run.uid == uid { return run }
            let planned = runs.onNode(node)
            guard let run = plan(Set(planned.map(\.podIP)), Set(planned.flatMap { $0.containers.map(\.image.reference) }))
            else { return nil }
            runs.store(run, for: key)
            return run
        }
    }

    func store(_ run: PodRun, for key: ObjectKey) {
        runs.withLock { $0.store(run, for: key) }
    }

    func forget(_ key: ObjectKey) {
        runs.withLock { runs in
            if let run = runs.byKey.removeValue(forKey: key) { runs.byNode[run.node]?.remove(key) }
        }
    }
}
