import ArgumentParser
import Foundation

/// `kubesim cluster status`: each process of the cluster, whether it runs, its pid, address and log.
struct ClusterStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show each process of the cluster: running or not, pid, address, log.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let console = Console.standard
        let state = try ClusterState.load(store.resolvedDataDirectory())
        let rows = state.components.map { component -> [String] in
            let pid = ClusterProcess.runningPID(component)
            return [
                component.role.rawValue, component.name, pid == nil ? "stopped" : "running", pid.map(String.init) ?? "-",
                component.url, component.log,
            ]
        }
        let header = ["ROLE", "NAME", "STATUS", "PID", "URL", "LOG"]
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            console.out.line(
                row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "   ").trimmingTrailingSpaces())
        }
        console.out.line("")
        console.out.line("etcd's view:   ETCDCTL_API=3 etcdctl \(state.etcdctlFlags) endpoint status --cluster -w table")
        console.out.line("elected loops: kubectl --kubeconfig \(state.kubeconfig) get leases -n kube-system")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
