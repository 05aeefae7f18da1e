import EtcdCore
import Foundation

/// The data the figures write and read: Kubernetes pod keys with 1 KiB values, as kube-apiserver stores them.
enum Workload {
    /// A 1 KiB value.
    static let value = Data(repeating: UInt8(ascii: "x"), count: 1024)

    /// The pod key `/registry/pods/<namespace>/pod-<number>`.
    static func podKey(namespace: String = "default", _ number: Int) -> Data {
        Data("/registry/pods/\(namespace)/pod-\(number)".utf8)
    }

    /// The prefix every pod key of `namespace` starts with.
    static func podPrefix(namespace: String = "default") -> Data {
        Data("/registry/pods/\(namespace)/".utf8)
    }

    /// Writes pods 0..<count of the default namespace, 100 puts per transaction, so loading is quick.
    static func load(_ store: SQLiteStore, count: Int) async throws {
        for first in stride(from: 0, to: count, by: 100) {
            let numbers = first..<min(first + 100, count)
            let puts = numbers.map { RequestOp.put(PutRequest(key: podKey($0), value: value)) }
            _ = try await store.txn(TxnRequest(success: puts))
        }
    }
}
