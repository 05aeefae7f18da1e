import ArgumentParser
import EtcdCore

/// `etcdctl lease timetolive <leaseID> [--keys]`.
struct EtcdctlLeaseTimeToLive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timetolive", abstract: "Get lease information.",
        usage: "kubesim etcdctl lease timetolive <leaseID> [options]")

    @OptionGroup var options: EtcdctlOptions

    @Flag(help: "Get keys attached to this lease.")
    var keys = false

    @Argument(help: ArgumentHelp("The lease ID, in hex.", valueName: "leaseID"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "lease timetolive command needs lease ID as argument")
        }
        let format = try options.format()
        let id = try EtcdctlLease.leaseID(arguments[0])
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting(.badConnection) { try await store.leaseTimeToLive(id: id, keys: keys) }
        }
        try options.printer(format).leaseTimeToLive(response, keys: keys)
    }
}
