import ArgumentParser
import EtcdSnapshot

/// `etcdctl snapshot status <file>`: an etcd snapshot's hash, revision, key count and size, read offline as
/// etcdctl 3.4 reads them.
struct EtcdctlSnapshotStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Gets backend snapshot status of a given file.",
        usage: "kubesim etcdctl snapshot status <filename>",
        discussion: """
            HASH is the CRC-32C of the buckets' names, keys and values, REVISION the last revision in the \
            key bucket and TOTAL KEYS the keys of all buckets, as etcdctl reports them.
            """)

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: ArgumentHelp("The snapshot file.", valueName: "filename"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "snapshot status requires exactly one argument")
        }
        let format = try options.format()
        let status = try await EtcdctlFailure.reporting { try SnapshotImporter.status(path: arguments[0]) }
        try options.printer(format).snapshotStatus(status)
    }
}
