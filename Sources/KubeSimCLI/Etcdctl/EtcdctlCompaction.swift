import ArgumentParser
import EtcdCore

/// `etcdctl compaction`: discards history before a revision.
struct EtcdctlCompaction: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compaction", abstract: "Compacts the event history in etcd.",
        usage: "kubesim etcdctl compaction [options] <revision>")

    @OptionGroup var options: EtcdctlOptions

    @Flag(help: "'true' to wait for compaction to physically remove all old revisions.")
    var physical = false

    @Argument(help: ArgumentHelp("The revision to compact to.", valueName: "revision"))
    var arguments: [String] = []

    func run() async throws {
        guard arguments.count == 1 else { throw EtcdctlFailure(.badArguments, "compaction command needs 1 argument") }
        let revision: Revision
        do {
            revision = try GoInteger.parseInt64(arguments[0], base: 10)
        } catch {
            throw EtcdctlFailure(.error, error.description)
        }
        _ = try options.format()
        try await options.withStore { store in
            try await EtcdctlFailure.reporting {
                _ = try await store.compact(revision)
                if physical { try await store.waitForCompactionSweep() }
            }
        }
        Console.standard.out.line("compacted revision \(revision)")
    }
}
