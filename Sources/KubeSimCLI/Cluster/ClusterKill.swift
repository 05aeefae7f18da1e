import ArgumentParser
import Foundation

/// `kubesim cluster kill etcd NAME | api N | haproxy`: kills one process with SIGKILL, as a crash or a lost
/// machine would stop it, for a learner to watch the cluster fail over.
struct ClusterKill: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kill", abstract: "Kill one process of the cluster (SIGKILL): etcd NAME, api N or haproxy.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var target: ClusterTarget

    func run() async throws {
        let state = try ClusterState.load(store.resolvedDataDirectory())
        let component = try target.component(in: state)
        guard let pid = ClusterProcess.runningPID(component) else {
            throw CommandError("\(component.role.rawValue) \(component.name) is not running")
        }
        await ClusterProcess.stop(component, signal: SIGKILL)
        Console.standard.out.line("[cluster] \(component.role.rawValue) \(component.name) killed (pid \(pid))")
    }
}
