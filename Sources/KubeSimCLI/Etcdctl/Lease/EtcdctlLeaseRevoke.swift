import ArgumentParser
import EtcdCore

/// `etcdctl lease revoke <leaseID>`: ends a lease and deletes its keys.
struct EtcdctlLeaseRevoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revokes leases.", usage: "kubesim etcdctl lease revoke <leaseID>")

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: ArgumentHelp("The lease ID, in hex.", valueName: "leaseID"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else { throw EtcdctlFailure(.badArguments, "lease revoke command needs 1 argument") }
        let id = try EtcdctlLease.leaseID(arguments[0])
        let format = try options.format()
        let header = try await options.withStore { store in
            try await EtcdctlFailure.reporting(.error, { "failed to revoke lease (\($0))" }) {
                try await store.leaseRevoke(id: id)
            }
        }
        try options.printer(format).leaseRevoke(id: id, header: header)
    }
}
