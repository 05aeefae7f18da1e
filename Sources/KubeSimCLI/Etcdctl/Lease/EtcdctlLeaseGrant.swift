import ArgumentParser
import EtcdCore

/// `etcdctl lease grant <ttl>`.
struct EtcdctlLeaseGrant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant", abstract: "Creates leases.", usage: "kubesim etcdctl lease grant <ttl>")

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: ArgumentHelp("The time to live, in seconds.", valueName: "ttl"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "lease grant command needs TTL argument")
        }
        let ttl: Int64
        do {
            ttl = try GoInteger.parseInt64(arguments[0], base: 10)
        } catch {
            throw EtcdctlFailure(.badArguments, "bad TTL (\(error))")
        }
        let format = try options.format()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting(.error, { "failed to grant lease (\($0))" }) {
                try await store.leaseGrant(ttl: ttl, id: 0)
            }
        }
        try options.printer(format).leaseGrant(response)
    }
}
