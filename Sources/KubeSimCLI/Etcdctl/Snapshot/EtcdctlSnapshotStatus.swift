import ArgumentParser
import EtcdCore

/// `etcdctl snapshot status <file>`: a snapshot's hash, revision, row count and size, read offline.
struct EtcdctlSnapshotStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Gets backend snapshot status of a given file.",
        usage: "kubesim etcdctl snapshot status <filename>",
        discussion: """
            HASH is the CRC-32 of the database and TOTAL KEYS counts the rows of all its tables: a KubeSim \
            snapshot holds a SQLite database, not etcd's bbolt one.
            """)

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: ArgumentHelp("The snapshot file.", valueName: "filename"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else {
            throw EtcdctlFailure(.badArguments, "snapshot status requires exactly one argument")
        }
        let format = try options.format()
        let status = try await EtcdctlFailure.reporting { try SQLiteStore.snapshotStatus(path: arguments[0]) }
        try options.printer(format).snapshotStatus(status)
    }
}
