import ArgumentParser
import EtcdCore

/// `etcdctl snapshot save <file>`: a consistent copy of the store, in etcd's snapshot shape (the database
/// followed by its SHA-256).
struct EtcdctlSnapshotSave: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Stores an etcd node backend snapshot to a given file.",
        usage: "kubesim etcdctl snapshot save <filename>")

    @OptionGroup var options: EtcdctlOptions

    @Argument(help: ArgumentHelp("The snapshot file to write.", valueName: "filename"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else { throw EtcdctlFailure(.badArguments, "snapshot save expects one argument") }
        _ = try options.format()
        let path = arguments[0]
        try await options.withStore { store in
            _ = try await EtcdctlFailure.reporting(.interrupted) { try await store.snapshot(to: path) }
        }
        Console.standard.out.line("Snapshot saved at \(path)")
    }
}
