import EtcdCore
import Foundation
import KubeAPI

/// Every key under `/registry` with its revisions and decoded value: a mapping from key to
/// `{createRevision, modRevision, version, value}`, which YAML prints with keys in order.
enum RegistryDump {
    static let prefix = "/registry/"

    /// Reads the head of the store.
    static func read(_ store: any KeyValueStore) async throws -> [String: JSONValue] {
        let prefixData = Data(prefix.utf8)
        let response = try await store.range(RangeRequest(key: prefixData, rangeEnd: KeyRange.prefixEnd(prefixData)))
        var dump: [String: JSONValue] = [:]
        for kv in response.kvs {
            let value = (try? StorageMediaType.decode(kv.value)) ?? .string(String(decoding: kv.value, as: UTF8.self))
            dump[String(decoding: kv.key, as: UTF8.self)] = .object([
                "createRevision": .int(kv.createRevision), "modRevision": .int(kv.modRevision),
                "version": .int(kv.version), "value": value,
            ])
        }
        return dump
    }
}
