import ArgumentParser

/// `etcdctl endpoint`: health and status of the store.
///
/// The embedded store's endpoint is its SQLite file, `<data-dir>/etcd/store.db`: that is what the ENDPOINT
/// column, the health line and the member's client URL name.
struct EtcdctlEndpoint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint", abstract: "Endpoint related commands.",
        subcommands: [EtcdctlEndpointHealth.self, EtcdctlEndpointStatus.self])

    @OptionGroup var options: EtcdctlOptions
}
