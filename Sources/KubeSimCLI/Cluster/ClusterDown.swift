import ArgumentParser
import Foundation

/// `kubesim cluster down`: stops every process of the cluster by its pid (the balancer, the API servers, then the
/// members), keeping their data for the next `up`.
struct ClusterDown: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "down", abstract: "Stop every process of the cluster (its data is kept for the next up).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let console = Console.standard
        let state = try ClusterState.load(store.resolvedDataDirectory())
        let order: [ClusterState.Component.Role] = [.balancer, .api, .etcd]
        for role in order {
            for component in state.components where component.role == role {
                let wasRunning = await ClusterProcess.stop(component)
                console.out.line("[cluster] \(component.role.rawValue) \(component.name) \(wasRunning ? "stopped" : "was not running")")
            }
        }
    }
}
