import ArgumentParser
import Foundation

/// `kubesim cluster restart etcd NAME | api N | haproxy`: starts one process again on its data (stopping it
/// first if it runs) and waits until it serves.
struct ClusterRestart: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart", abstract: "Start one process of the cluster again: etcd NAME, api N or haproxy.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var target: ClusterTarget

    func run() async throws {
        let console = Console.standard
        let state = try ClusterState.load(store.resolvedDataDirectory())
        let component = try target.component(in: state)
        await ClusterProcess.stop(component)
        try await ClusterStarter(state: state, console: console).restart(component)
    }
}
