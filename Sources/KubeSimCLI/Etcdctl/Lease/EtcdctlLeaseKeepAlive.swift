import ArgumentParser
import EtcdCore

/// `etcdctl lease keep-alive <leaseID> [--once]`: renews a lease, once or every third of its TTL until
/// interrupted or the lease is gone.
struct EtcdctlLeaseKeepAlive: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keep-alive", abstract: "Keeps leases alive (renew).",
        usage: "kubesim etcdctl lease keep-alive [options] <leaseID>")

    @OptionGroup var options: EtcdctlOptions

    @Flag(help: "Resets the keep-alive time to its original value and exits immediately.")
    var once = false

    @Argument(help: ArgumentHelp("The lease ID, in hex.", valueName: "leaseID"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "lease keep-alive command needs lease ID as argument")
        }
        let id = try EtcdctlLease.leaseID(arguments[0])
        let format = try options.format()
        let printer = options.printer(format)
        if once {
            let response = try await options.withStore { store in
                try await EtcdctlFailure.reporting(.badConnection) { try await store.leaseKeepAlive(id: id) }
            }
            try printer.leaseKeepAlive(response)
            return
        }
        try await options.withStore { store in
            let renewals = Task {
                while true {
                    let response = try await store.leaseKeepAlive(id: id)
                    try printer.leaseKeepAlive(response)
                    EtcdctlEnvironment.current.console.flush()
                    // clientv3 renews a third of the TTL after each answer.
                    try await Task.sleep(for: .milliseconds(max(response.ttl, 1) * 1000 / 3))
                }
            }
            let trap = SignalTrap { renewals.cancel() }
            defer { trap.release() }
            let result = await renewals.result
            if let signal = trap.caughtSignal { throw TerminatedBySignal(signal: signal) }
            // The lease is gone once a renewal fails; only a printing failure is the command's own.
            if case .failure(let failure as EtcdctlFailure) = result { throw failure }
        }
        if format == .simple { EtcdctlEnvironment.current.console.out.line("lease \(GoInteger.hex16(id)) expired or revoked.") }
    }
}
