import ArgumentParser

/// `etcdctl snapshot`: the snapshot subcommands.
struct EtcdctlSnapshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot", abstract: "Manages etcd node snapshots.",
        subcommands: [EtcdctlSnapshotSave.self, EtcdctlSnapshotRestore.self, EtcdctlSnapshotStatus.self])

    @OptionGroup var options: EtcdctlOptions
}
