import ArgumentParser
import EtcdSnapshot

/// `etcdctl snapshot restore <file>`: makes a new store in the data directory from an etcd snapshot (the real
/// etcd's or KubeSim's), with the same keys, history, leases and compaction revision.
struct EtcdctlSnapshotRestore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore", abstract: "Restores an etcd member snapshot to an etcd directory.",
        usage: "kubesim etcdctl snapshot restore <filename> [--data-dir <directory>] [--skip-hash-check]",
        discussion: """
            The data directory must not hold a store yet; the restored store gets new cluster and member IDs. \
            A damaged file is refused and no store is written.
            """)

    @OptionGroup var options: EtcdctlOptions

    @Flag(
        name: .customLong("skip-hash-check"),
        help: "Ignore snapshot integrity hash value (required if copied from data directory).")
    var skipHashCheck = false

    @Argument(help: ArgumentHelp("The snapshot file.", valueName: "filename"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "snapshot restore requires exactly one argument")
        }
        let directory = options.store.resolvedDataDirectory()
        try await EtcdctlFailure.reporting {
            try SnapshotImporter.restore(path: arguments[0], toDataDirectory: directory, skipHashCheck: skipHashCheck)
        }
    }
}
