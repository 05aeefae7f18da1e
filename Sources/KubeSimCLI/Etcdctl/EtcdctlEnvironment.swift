import EtcdCore
import Foundation

/// Where etcdctl's commands run: by default the process's standard streams and a store opened from the data
/// directory for each command; inside the simulated etcd container (``SimulatedEtcdContainer``), captured
/// streams, the store `kubesim serve` serves, and the endpoint and client URLs the container's etcd has.
struct EtcdctlEnvironment: Sendable {
    var console: Console
    /// The store already open; nil opens the data directory's.
    var store: SQLiteStore?
    /// The endpoint the commands report (etcdctl's `--endpoints`); nil reports the store's file.
    var endpoint: String?
    /// The member's client URLs for `member list`; nil reports the store's file.
    var clientURLs: [String]?
    /// Reads all of standard input (`put` without a value).
    var standardInput: @Sendable () -> Data? = { try? FileHandle.standardInput.readToEnd() }

    @TaskLocal static var current = EtcdctlEnvironment(console: .standard)
}
