import EtcdCore
import Foundation
import KubeAPI

/// The explorer's JSON answers for a key and for the changes between two revisions.
enum ExplorerJSON {
    /// A key at a revision: its revisions, version, lease, value as YAML, and raw bytes (text, or hex for a
    /// protobuf envelope or other binary).
    static func keyValue(_ kv: KeyValue, revision: Revision) -> JSONValue {
        let protobuf = KubernetesProtobuf.isProtobuf(kv.value)
        let text = protobuf ? nil : String(data: kv.value, encoding: .utf8)
        return [
            "key": .string(String(decoding: kv.key, as: UTF8.self)), "revision": .int(revision), "exists": true,
            "createRevision": .int(kv.createRevision), "modRevision": .int(kv.modRevision), "version": .int(kv.version),
            "lease": .int(kv.lease), "size": .int(Int64(kv.value.count)),
            "encoding": .string(protobuf ? "protobuf" : text != nil ? (RegistryValue.json(kv.value) != nil ? "json" : "text") : "binary"),
            "yaml": .string(RegistryValue.text(kv.value)),
            "raw": .string(text ?? hex(kv.value)),
        ]
    }

    /// Created, changed (with their diffs) and deleted keys; at most `limit` of each.
    static func changes(_ changes: RegistryChanges, limit: Int = 2000) -> JSONValue {
        let key = { (kv: KeyValue) in JSONValue.string(String(decoding: kv.key, as: UTF8.self)) }
        return [
            "from": .int(changes.from), "to": .int(changes.to),
            "counts": [
                "created": .int(Int64(changes.created.count)), "changed": .int(Int64(changes.changed.count)),
                "deleted": .int(Int64(changes.deleted.count)),
            ],
            "created": .array(changes.created.prefix(limit).map(key)),
            "changed": .array(changes.changed.prefix(limit).map { change in
                ["key": .string(change.key), "diff": .array(change.diff.map(JSONValue.string))]
            }),
            "deleted": .array(changes.deleted.prefix(limit).map(key)),
        ]
    }

    /// Bytes as hex pairs, 32 to a line.
    static func hex(_ data: Data) -> String {
        var lines: [String] = []
        var start = data.startIndex
        while start < data.endIndex {
            let end = data.index(start, offsetBy: 32, limitedBy: data.endIndex) ?? data.endIndex
            lines.append(data[start..<end].map { String(format: "%02x", $0) }.joined(separator: " "))
            start = end
        }
        return lines.joined(separator: "\n")
    }
}
