import Foundation
import KubeAPI

/// Replaces what differs from run to run in a registry dump by stable placeholders: uids by `<uid:N>` (also
/// where managedFields name an owner reference by uid) and
/// cluster IPs by `<cluster-ip:N>`, numbered by first appearance in key order (so references to one uid keep
/// one number), timestamps by `<timestamp>`, resource versions by `<resourceVersion>`, and the allocation
/// bitmaps of `/registry/ranges/` by `<allocation>`.
struct DumpNormaliser {
    static let timestampFields: Set<String> = [
        "creationTimestamp", "deletionTimestamp", "time", "lastTransitionTime", "lastUpdateTime", "lastHeartbeatTime",
        "lastProbeTime", "startTime", "startedAt", "finishedAt",
    ]

    private var uids: [String: Int] = [:]
    private var clusterIPs: [String: Int] = [:]

    /// The normalised dump.
    static func normalise(_ dump: [String: JSONValue]) -> [String: JSONValue] {
        var normaliser = DumpNormaliser()
        var result: [String: JSONValue] = [:]
        for key in dump.keys.sorted() {
            var entry = normaliser.normalise(dump[key]!)
            if key.hasPrefix("/registry/ranges/"), var fields = entry.objectValue, var value = fields["value"]?.objectValue,
                value["data"] != nil
            {
                value["data"] = .string("<allocation>")
                fields["value"] = .object(value)
                entry = .object(fields)
            }
            result[key] = entry
        }
        return result
    }

    private mutating func normalise(_ value: JSONValue, field: String? = nil) -> JSONValue {
        switch value {
        case .object(let fields):
            var result: [String: JSONValue] = [:]
            for name in fields.keys.sorted() { result[normaliseFieldKey(name)] = normalise(fields[name]!, field: name) }
            return .object(result)
        case .array(let items):
            return .array(items.map { normalise($0, field: field == "clusterIPs" ? "clusterIP" : nil) })
        case .string(let text) where !text.isEmpty:
            switch field {
            case "uid": return .string("<uid:\(Self.number(text, in: &uids))>")
            case "clusterIP" where text != "None": return .string("<cluster-ip:\(Self.number(text, in: &clusterIPs))>")
            case "resourceVersion": return .string("<resourceVersion>")
            case let name? where Self.timestampFields.contains(name): return .string("<timestamp>")
            default: return value
            }
        default:
            return value
        }
    }

    /// A managedFields key that names a list item by uid (`k:{"uid":"..."}`, an owner reference) names it by its
    /// placeholder.
    private mutating func normaliseFieldKey(_ name: String) -> String {
        guard name.hasPrefix("k:{"), let match = name.firstMatch(of: #/"uid":"([^"]+)"/#) else { return name }
        let uid = String(match.1)
        return name.replacingOccurrences(of: uid, with: "<uid:\(Self.number(uid, in: &uids))>")
    }

    private static func number(_ text: String, in numbers: inout [String: Int]) -> Int {
        if let known = numbers[text] { return known }
        numbers[text] = numbers.count + 1
        return numbers.count
    }
}
