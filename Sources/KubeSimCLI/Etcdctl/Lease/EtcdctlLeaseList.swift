import ArgumentParser
import EtcdCore

/// `etcdctl lease list`: the live leases.
struct EtcdctlLeaseList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List all active leases.")

    @OptionGroup var options: EtcdctlOptions

    func run() async throws {
        let format = try options.format()
        let (ids, header) = try await options.withStore { store in
            try await EtcdctlFailure.reporting(.badConnection) {
                let ids = try await store.leases()
                return (ids, try await store.status().header)
            }
        }
        try options.printer(format).leaseList(ids, header: header)
    }
}
