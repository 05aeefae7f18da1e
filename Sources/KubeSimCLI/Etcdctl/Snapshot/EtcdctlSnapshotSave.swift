import ArgumentParser
import EtcdCore
import EtcdSnapshot

/// `etcdctl snapshot save <file>`: the store as etcd 3.4's bbolt backend followed by its SHA-256, the file the
/// real `etcdctl snapshot save` writes, so the real `snapshot status` and `restore` accept it.
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
            try await EtcdctlFailure.reporting(.interrupted) {
                // etcd's defaults for a member started without flags: KubeSim's embedded store listens nowhere.
                let member = SnapshotMember(
                    id: store.memberID, name: "default", peerURLs: ["http://localhost:2380"],
                    clientURLs: ["http://localhost:2379"])
                try SnapshotFile.write(SnapshotExporter(fallbackMember: member).file(from: try store.image()), to: path)
            }
        }
        EtcdctlEnvironment.current.console.out.line("Snapshot saved at \(path)")
    }
}
