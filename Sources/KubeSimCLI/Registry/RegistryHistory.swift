import APIServer
import ArgumentParser
import EtcdCore
import Foundation

/// `kubesim registry history KEY`: every change of a key still in history (creates, updates, deletes), each
/// with its revision and version and the field-level diff of the value against the one before.
///
/// History comes from a watch of every key from the oldest revision not compacted: every revision past 1 is
/// some key's event, so the watch has replayed all of history once it reports the store's revision.
struct RegistryHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Show every revision of a key, with diffs.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var etcd: EtcdEndpointOptions

    @Argument(help: "The key, e.g. /registry/deployments/shop/web.")
    var key: String

    func run() async throws {
        let console = Console.standard
        let wanted = Data(key.utf8)
        let events = try await etcd.withStore(embedded: store) { store in
            let status = try await store.status()
            var events: [WatchEvent] = []
            if status.compactRevision > 0 {
                console.out.line("# history before revision \(status.compactRevision) is compacted")
                let kv = try await store.range(RangeRequest(key: wanted, revision: status.compactRevision)).kvs.first
                events += kv.map { [WatchEvent(type: .put, kv: $0)] } ?? []
            }
            let current = status.header.revision
            let start = max(status.compactRevision, 1) + 1
            guard start <= current else { return events }
            let all = Data([0])
            let stream = try await store.watch(WatchRequest(key: all, rangeEnd: all, startRevision: start))
            defer { stream.cancel() }
            for try await response in stream {
                if response.canceled { throw CommandError("history was compacted while it was read; try again") }
                events += response.events.filter { $0.kv.key == wanted }
                if response.events.contains(where: { $0.kv.modRevision >= current }) { break }
            }
            return events
        }
        guard !events.isEmpty else {
            console.err.line("Error: key \"\(key)\" not found in history")
            throw ExitCode(1)
        }
        var previous: Data?
        for event in events {
            let kv = event.kv
            guard event.type == .put else {
                console.out.line("revision=\(kv.modRevision) deleted")
                previous = nil
                continue
            }
            console.out.line("revision=\(kv.modRevision) version=\(kv.version) \(kv.version == 1 ? "created" : "updated")")
            for line in RegistryValue.diff(from: previous, to: kv.value) { console.out.line(line) }
            previous = kv.value
        }
    }
}
