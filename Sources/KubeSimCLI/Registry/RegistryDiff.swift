import APIServer
import ArgumentParser
import EtcdCore
import Foundation

/// `kubesim registry diff A B`: what changed under a prefix between two revisions: the keys created, those
/// changed with the field-level diff of their values, and those deleted, each in key order; of the embedded
/// store or, with `--endpoints`, of a running etcd.
struct RegistryDiff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff", abstract: "Show the keys created, changed (with field diffs) and deleted between two revisions.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var etcd: EtcdEndpointOptions

    @Argument(help: "The earlier revision.")
    var from: Int64

    @Argument(help: "The later revision (0: the head).")
    var to: Int64

    @Option(help: "The key prefix.")
    var prefix = RegistryReader.root

    func validate() throws {
        guard from > 0, to >= 0 else { throw ValidationError("revisions are positive (0 for the head as the second)") }
    }

    func run() async throws {
        let console = Console.standard
        let changes: RegistryChanges
        do {
            changes = try await etcd.withStore(embedded: store) { store in
                var to = self.to
                if to == 0 { to = try await store.status().header.revision }
                return try await RegistryChanges.between(from, and: to, under: prefix, in: store)
            }
        } catch EtcdError.compacted {
            throw CommandError("revision \(from) is compacted: that history is gone")
        } catch EtcdError.futureRevision {
            throw CommandError("revision \(max(from, to)) is in the future")
        }
        console.out.line(
            "# \(prefix) from revision \(changes.from) to \(changes.to): \(changes.created.count) created, "
                + "\(changes.changed.count) changed, \(changes.deleted.count) deleted")
        for kv in changes.created {
            console.out.line("created \(String(decoding: kv.key, as: UTF8.self)) (revision \(kv.createRevision))")
        }
        for change in changes.changed {
            let recreated = change.after.createRevision != change.before.createRevision ? ", deleted and created again" : ""
            console.out.line(
                "changed \(change.key) (version \(change.before.version) → \(change.after.version)\(recreated))")
            for line in change.diff { console.out.line("  " + line) }
        }
        for kv in changes.deleted { console.out.line("deleted \(String(decoding: kv.key, as: UTF8.self))") }
    }
}
