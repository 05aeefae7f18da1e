import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim drain NODE... [--ignore-daemonsets] [--delete-emptydir-data] [--force]`: cordons the nodes, then
/// evicts their pods through `pods/eviction` (so disruption budgets apply), after kubectl's filters (daemon set
/// pods, mirror pods, pods with local storage, pods no controller manages), with kubectl's messages.
///
/// Against a server it waits for each evicted pod to be gone, as kubectl does; embedded, the control loops finish
/// the pods' termination when the command settles, before it returns. A budget that refuses an eviction fails the
/// drain instead of being retried every 5 s.
struct Drain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "drain", abstract: "Drain node in preparation for maintenance.")
    @OptionGroup var targets: TargetOptions
    @Flag(name: .customLong("ignore-daemonsets"), help: "Ignore DaemonSet-managed pods.") var ignoreDaemonSets = false
    @Flag(name: .customLong("delete-emptydir-data"), help: "Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).")
    var deleteEmptyDirData = false
    @Flag(help: "Continue even if there are pods that do not declare a controller.") var force = false
    @Option(help: "How long to wait before giving up on a pod's deletion, e.g. 5m (0: forever).") var timeout = "0s"
    @Argument var nodes: [String] = []

    /// What kubectl's filters make of one pod: evict it or not, and a warning or error message.
    struct Verdict {
        var evict: Bool
        var warning: String?
        var error: String?
    }

    func run() async throws {
        guard !nodes.isEmpty else {
            throw CommandError("USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples")
        }
        let limit = try Rollout.Status.seconds(timeout)
        let console = Console.standard
        var fatal: [String] = []
        try await targets.serverOptions.withCluster(store: targets.store, settling: true) { client, catchUp in
            let nodeType = BuiltinResources.nodes
            var found: [KubeObject] = []
            for name in nodes { found.append(try await client.get(nodeType, namespace: nil, name: name)) }
            for node in found {
                if node.json[["spec", "unschedulable"]]?.boolValue ?? false {
                    console.out.line("node/\(node.name) already cordoned")
                } else {
                    let cordon: JSONValue = ["spec": ["unschedulable": true]]
                    _ = try await client.patch(
                        nodeType, namespace: nil, name: node.name, patchType: .merge, body: cordon.jsonData(),
                        options: WriteOptions(fieldManager: "kubectl-drain"))
                    console.out.line("node/\(node.name) cordoned")
                }
                console.out.flush()
            }
            try await catchUp()
            var remaining: [String] = []
            for node in found {
                do {
                    try await drain(node.name, client: client, limit: limit)
                    console.out.line("node/\(node.name) drained")
                    console.out.flush()
                } catch let error as CommandError {
                    console.out.flush()
                    console.err.line("error: unable to drain node \(GoStringLiteral.quote(node.name)) due to error: \(error.message), continuing command...")
                    fatal.append(error.message)
                    remaining.append(node.name)
                }
                try await catchUp()
            }
            if !remaining.isEmpty {
                console.err.write("There are pending nodes to be drained:\n" + remaining.map { " \($0)\n" }.joined())
            }
        }
        // kubectl prints an aggregate of errors one a line, without `error: `.
        if !fatal.isEmpty {
            for message in fatal { console.err.line(message) }
            throw ExitCode(1)
        }
    }

    /// Evicts the node's pods that the filters let go, or throws the filters' errors.
    private func drain(_ node: String, client: any KubeClient, limit: TimeInterval) async throws {
        let console = Console.standard
        let pods = try await client.list(
            BuiltinResources.pods, namespace: nil, labelSelector: .everything,
            fieldSelector: try FieldSelector(parsing: "spec.nodeName=\(node)", for: BuiltinResources.pods), limit: 0, continueToken: nil
        ).items
        var verdicts: [(pod: KubeObject, verdict: Verdict)] = []
        for pod in pods { verdicts.append((pod, try await verdict(pod, client: client))) }
        // Grouped by message in order of first appearance (kubectl groups them in a map).
        func grouped(_ message: (Verdict) -> String?) -> [(String, [String])] {
            var groups: [(String, [String])] = []
            for (pod, verdict) in verdicts {
                guard let text = message(verdict) else { continue }
                let name = "\(pod.namespace ?? "")/\(pod.name)"
                if let index = groups.firstIndex(where: { $0.0 == text }) { groups[index].1.append(name) } else { groups.append((text, [name])) }
            }
            return groups
        }
        let errors = grouped(\.error).map { "cannot delete \($0.0): \($0.1.joined(separator: ", "))" }
        if !errors.isEmpty { throw CommandError(errors.count == 1 ? errors[0] : "[" + errors.joined(separator: ", ") + "]") }
        let warnings = grouped(\.warning).map { "\($0.0): \($0.1.joined(separator: ", "))" }
        if !warnings.isEmpty { console.err.line("Warning: \(warnings.joined(separator: "; "))") }
        let evicted = verdicts.filter(\.verdict.evict).map(\.pod)
        for pod in evicted { console.out.line("evicting pod \(pod.namespace ?? "")/\(pod.name)") }
        console.out.flush()
        for pod in evicted {
            do {
                try await client.evict(namespace: pod.namespace ?? "", name: pod.name)
            } catch let error as StatusError where error.code == 404 {
                // Gone already.
            } catch let error as StatusError {
                throw CommandError("error when evicting pods/\(GoStringLiteral.quote(pod.name)) -n \(GoStringLiteral.quote(pod.namespace ?? "")): \(error.message)")
            }
            if !(client is Registry) { try await waitForDeletion(pod, client: client, limit: limit) }
            console.out.line("pod/\(pod.name) evicted")
            console.out.flush()
        }
    }

    /// Polls until the pod is gone (or replaced by another of the same name), as kubectl's `waitForDelete` does.
    private func waitForDeletion(_ pod: KubeObject, client: any KubeClient, limit: TimeInterval) async throws {
        let deadline = Date().addingTimeInterval(limit)
        while true {
            do {
                let current = try await client.get(BuiltinResources.pods, namespace: pod.namespace, name: pod.name)
                if current.uid != pod.uid { return }
            } catch let error as StatusError where error.code == 404 {
                return
            }
            if limit > 0 && Date() > deadline {
                throw CommandError("drain did not complete within \(timeout)")
            }
            try await Task.sleep(for: .seconds(1))
        }
    }

    /// kubectl's filters in their order (daemon set, mirror, local storage, unreplicated); as in kubectl, the
    /// verdict of the last filter that ran is the pod's.
    private func verdict(_ pod: KubeObject, client: any KubeClient) async throws -> Verdict {
        let phase = pod.json[["status", "phase"]]?.stringValue ?? ""
        let finished = phase == "Succeeded" || phase == "Failed"
        let controller = pod.ownerReferences.first { $0["controller"]?.boolValue == true }
        // Daemon set pods.
        if let controller, controller["kind"]?.stringValue == "DaemonSet" {
            do {
                _ = try await client.get(BuiltinResources.daemonSets, namespace: pod.namespace, name: controller["name"]?.stringValue ?? "")
            } catch let error as StatusError where error.code == 404 {
                return force ? Verdict(evict: true, warning: error.message) : Verdict(evict: false, error: error.message)
            }
            if !ignoreDaemonSets { return Verdict(evict: false, error: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)") }
            return Verdict(evict: false, warning: "ignoring DaemonSet-managed Pods")
        }
        // Mirror pods.
        if pod.json[["metadata", "annotations", "kubernetes.io/config.mirror"]] != nil { return Verdict(evict: false) }
        // Pods with local storage.
        let hasLocalStorage = (pod.json[["spec", "volumes"]]?.arrayValue ?? []).contains { $0["emptyDir"] != nil }
        if hasLocalStorage && !finished {
            if !deleteEmptyDirData { return Verdict(evict: false, error: "Pods with local storage (use --delete-emptydir-data to override)") }
        }
        // Pods no controller manages.
        if finished || controller != nil { return Verdict(evict: true) }
        if force { return Verdict(evict: true, warning: "deleting Pods that declare no controller") }
        // kubectl 1.32's message carries its own "cannot delete", so it reads "cannot delete cannot delete ...".
        return Verdict(evict: false, error: "cannot delete Pods that declare no controller (use --force to override)")
    }
}
