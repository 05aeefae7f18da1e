import ArgumentParser
import EtcdCore
import Foundation
import KubeAPI

/// `etcdctl endpoint health`: healthy when the store opens and reads the key "health".
struct EtcdctlEndpointHealth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health", abstract: "Checks the healthiness of the embedded store.")

    @OptionGroup var options: EtcdctlOptions

    func run() async throws {
        let format = try options.format()
        let endpoint =
            EtcdctlEnvironment.current.endpoint
            ?? URL(fileURLWithPath: options.store.resolvedDataDirectory()).appendingPathComponent(SQLiteStore.fileName).path
        let clock = ContinuousClock()
        let start = clock.now
        var failure = ""
        do {
            try await options.withStore { store in
                _ = try await store.range(RangeRequest(key: Data("health".utf8)))
            }
        } catch {
            failure = String(describing: error)
        }
        let health = EndpointHealth(
            endpoint: endpoint, health: failure.isEmpty, took: GoDuration.string(clock.now - start), error: failure)
        try options.printer(format).endpointHealth([health])
        if !health.health { throw EtcdctlFailure(.error, "unhealthy cluster") }
    }
}
