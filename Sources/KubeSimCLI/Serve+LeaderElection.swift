import ComponentLogs
import Controllers
import Foundation
import KubeAPI

extension Serve {
    /// The control loops of a server on an etcd cluster that other servers share: kube-controller-manager's loops
    /// (with the kubelets) run while this server holds the `kube-system/kube-controller-manager` Lease, the
    /// scheduler while it holds `kube-system/kube-scheduler`, each elected as the real components are (see
    /// `LeaderElector`), until `stop` fires.
    static func runElectedControlLoops(
        registry: Registry, configuration: ControlPlaneConfiguration, logs: ClusterLogs, until stop: StopSignal,
        console: Console
    ) async {
        let controllers = ControlPlane.controllers(configuration, catalog: registry.catalog)
        // Each loop acts as its component's user, when the cluster's kube-apiserver authorizes with RBAC.
        let authorization: LoopAuthorization?
        do { authorization = try await LoopAuthorization.configured(in: registry) } catch {
            console.err.line("kubesim: controllers not started: reading the control plane's configuration: \(error)")
            return
        }
        let components: [(LeaderElectionConfig, [any Controller])] = [
            (.controllerManager(), controllers.filter { $0.fieldManager != "kube-scheduler" }),
            (.scheduler(), controllers.filter { $0.fieldManager == "kube-scheduler" }),
        ]
        let say: @Sendable (String) -> Void = { line in
            console.err.line(line)
            console.err.flush()
        }
        let running = Task {
            await withDiscardingTaskGroup { group in
                for (election, loops) in components {
                    let component = election.name
                    let elector = LeaderElector(
                        api: registry, config: election, log: { say("kubesim: \(component): \($0)") })
                    group.addTask {
                        await elector.run {
                            let isControllerManager = component == "kube-controller-manager"
                            if isControllerManager { registry.health.setControlLoopsRunning(true) }
                            defer { if isControllerManager { registry.health.setControlLoopsRunning(false) } }
                            // While leading, loops whose watch ended start again on a fresh list.
                            while !Task.isCancelled {
                                let manager = ControllerManager(
                                    api: registry, controllers: loops, clock: WallClock(), names: registry.names,
                                    log: { say("kubesim: \(component): \($0)") }, logs: logs, authorization: authorization)
                                do {
                                    try await manager.run()
                                } catch where !(error is CancellationError) {
                                    say("kubesim: \(component): loops stopped: \(error)")
                                } catch {}
                                try? await Task.sleep(for: .seconds(1))
                            }
                        }
                    }
                }
            }
        }
        await stop.wait()
        running.cancel()
        await running.value
    }
}
