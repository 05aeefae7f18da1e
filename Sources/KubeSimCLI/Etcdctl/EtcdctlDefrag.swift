import ArgumentParser
import EtcdCore

/// `etcdctl defrag`: rewrites the store without the pages compaction freed (SQLite's VACUUM), so its file
/// shrinks; `endpoint status` shows the size before and after.
struct EtcdctlDefrag: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "defrag", abstract: "Defragments the storage of the etcd members with given endpoints.")

    @OptionGroup var options: EtcdctlOptions

    func run() async throws {
        _ = try options.format()
        let endpoint = try await options.withStore { store in
            do {
                try await store.defragment()
                return store.path
            } catch {
                Console.standard.err.line("Failed to defragment etcd member[\(store.path)] (\(error))")
                throw EtcdctlFailure(.error, "\(error)")
            }
        }
        Console.standard.out.line("Finished defragmenting etcd member[\(endpoint)]")
    }
}
