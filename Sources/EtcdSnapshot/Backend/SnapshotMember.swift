import EtcdCore
import Foundation
import KubeAPI

/// The member a snapshot's `members` bucket names: etcd's `membership.Member`.
public struct SnapshotMember: Sendable, Hashable {
    public var id: UInt64
    public var name: String
    public var peerURLs: [String]
    public var clientURLs: [String]

    public init(id: UInt64, name: String, peerURLs: [String], clientURLs: [String]) {
        self.id = id
        self.name = name
        self.peerURLs = peerURLs
        self.clientURLs = clientURLs
    }

    /// The key prefix of a kubeadm-like cluster's etcd static pods, `kube-system/etcd-<node>`.
    public static let seededPodPrefix = Data("/registry/pods/kube-system/etcd-".utf8)

    /// The member as the cluster in `image` runs it (see `seeded(in:id:)` over key-values).
    static func seeded(in image: StoreImage, id: UInt64) -> SnapshotMember? {
        seeded(in: image.liveKeyValues, id: id)
    }

    /// The member as a kubeadm-like cluster runs it: the flags of its `kube-system/etcd-<node>` static pod
    /// (`--name`, `--initial-advertise-peer-urls`, `--advertise-client-urls`), the first among `keyValues`
    /// (the live keys, or those under `seededPodPrefix`). nil when there is no such pod.
    public static func seeded(in keyValues: [KeyValue], id: UInt64) -> SnapshotMember? {
        for kv in keyValues where kv.key.starts(with: seededPodPrefix) {
            // The pod is stored as kube-apiserver stores it: protobuf (`k8s\0`) or JSON.
            guard let pod = try? StorageMediaType.decode(kv.value),
                let container = pod[["spec", "containers"]]?.arrayValue?.first(where: { $0["name"]?.stringValue == "etcd" }),
                let command = container["command"]?.arrayValue?.compactMap(\.stringValue)
            else { continue }
            func flag(_ name: String) -> String? {
                command.first { $0.hasPrefix("--\(name)=") }.map { String($0.dropFirst(name.count + 3)) }
            }
            guard let name = flag("name"), let peers = flag("initial-advertise-peer-urls") else { continue }
            let clients = flag("advertise-client-urls").map { $0.split(separator: ",").map(String.init) } ?? []
            return SnapshotMember(
                id: id, name: name, peerURLs: peers.split(separator: ",").map(String.init), clientURLs: clients)
        }
        return nil
    }

    /// The member as etcd stores it in the `members` bucket: Go's `json.Marshal` of `membership.Member`
    /// (`id`, `peerURLs`, then `name` and `clientURLs`, left out when empty).
    var json: [UInt8] {
        func strings(_ values: [String]) -> String { "[" + values.map(Self.quoted).joined(separator: ",") + "]" }
        var fields = ["\"id\":\(id)", "\"peerURLs\":\(peerURLs.isEmpty ? "null" : strings(peerURLs))"]
        if !name.isEmpty { fields.append("\"name\":\(Self.quoted(name))") }
        if !clientURLs.isEmpty { fields.append("\"clientURLs\":\(strings(clientURLs))") }
        return Array(("{" + fields.joined(separator: ",") + "}").utf8)
    }

    /// A JSON string as Go writes it (HTML characters escaped).
    private static func quoted(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": result += String(format: "\\u%04x", scalar.value)
            case let c where c.value < 0x20: result += String(format: "\\u%04x", c.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
