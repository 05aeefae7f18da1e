import ArgumentParser
import EtcdCore

/// `etcdctl endpoint status`: the store's member id, version, size and revision.
///
/// The embedded store is its own leader and no learner; having no raft log, it reports its revision as the
/// raft index and applied index. Its errors are the raised alarms, as etcd lists them.
struct EtcdctlEndpointStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Prints out the status of the embedded store.",
        discussion: """
            With --write-out=simple, prints a comma-separated list: endpoint, ID, version, db size, is leader, \
            is learner, raft term, raft index, raft applied index, errors.
            """)

    @OptionGroup var options: EtcdctlOptions

    func run() async throws {
        let format = try options.format()
        let printer = options.printer(format)
        let status = try await options.withStore { store in
            let endpoint = EtcdctlEnvironment.current.endpoint ?? store.path
            do {
                let status = try await store.status()
                let revision = UInt64(clamping: status.header.revision)
                return EndpointStatus(
                    endpoint: endpoint, status: status, leader: status.header.memberID, raftIndex: revision,
                    raftAppliedIndex: revision, errors: try await store.alarms().map(\.text))
            } catch {
                EtcdctlEnvironment.current.console.err.line("Failed to get the status of endpoint \(endpoint) (\(error))")
                try printer.endpointStatus([])
                throw EtcdctlFailure(.error, "\(error)")
            }
        }
        try printer.endpointStatus([status])
    }
}
