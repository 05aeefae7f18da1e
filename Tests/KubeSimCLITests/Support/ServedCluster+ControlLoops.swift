import Foundation
import KubeAPI

/// What the control-loop tests read of a served cluster.
extension ServedCluster {
    /// A pod as the rollout checks see it.
    struct PodState {
        var labels: [String: String]
        var terminating: Bool
        var ready: Bool
    }

    /// The store's current revision.
    func revision() async throws -> Int64 {
        let result = try await KubeSimBinary.etcdctl(
            ["get", "/", "--prefix", "--keys-only", "--limit", "1", "-w", "json"], dataDirectory: workspace.dataDirectory,
            bare: workspace.bare)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return ((json?["header"] as? [String: Any])?["revision"] as? NSNumber)?.int64Value ?? -1
    }

    /// The pods of a namespace after each revision since `revision`, replayed from the store's history with
    /// `kubesim etcdctl watch --rev`.
    func podHistory(namespace: String, since revision: Int64) async throws -> [[String: PodState]] {
        let result = try await KubeSimBinary.etcdctl(
            ["watch", "/registry/pods/\(namespace)/", "--prefix", "--rev", String(revision + 1), "-w", "json"],
            dataDirectory: workspace.dataDirectory, bare: workspace.bare, interruptAfter: .seconds(2))
        var pods: [String: PodState] = [:]
        var states: [[String: PodState]] = []
        for line in result.stdout.split(separator: "\n") {
            guard let response = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            for event in response["Events"] as? [[String: Any]] ?? [] {
                guard let kv = event["kv"] as? [String: Any], let key = (kv["key"] as? String).flatMap(Self.base64) else { continue }
                if (event["type"] as? Int) == 1 {
                    pods[key] = nil
                    continue
                }
                let value = (kv["value"] as? String).flatMap { Data(base64Encoded: $0) } ?? Data("{}".utf8)
                let pod = try JSONSerialization.jsonObject(with: StorageMediaType.decode(value).jsonData()) as? [String: Any] ?? [:]
                let metadata = pod["metadata"] as? [String: Any] ?? [:]
                let conditions = (pod["status"] as? [String: Any])?["conditions"] as? [[String: Any]] ?? []
                pods[key] = PodState(
                    labels: metadata["labels"] as? [String: String] ?? [:],
                    terminating: metadata["deletionTimestamp"] != nil,
                    ready: conditions.contains { $0["type"] as? String == "Ready" && $0["status"] as? String == "True" })
            }
            states.append(pods)
        }
        return states
    }

    private static func base64(_ text: String) -> String? {
        Data(base64Encoded: text).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The names of the Running pods a label selector picks.
    func runningPods(_ selector: String) async throws -> [String] {
        let result = try await kubectl(
            ["get", "pods", "-l", selector, "--field-selector", "status.phase=Running", "-o", "jsonpath={.items[*].metadata.name}"])
        return result.stdout.split(separator: " ").map(String.init)
    }

    struct NotReached: Error, CustomStringConvertible {
        var limit: Duration
        var description: String { "the condition did not hold within \(limit)" }
    }

    /// Waits until `condition` holds, checking every 200 ms for at most `limit` (20 s unless the wall-clock
    /// behaviour under test takes longer, such as a node's grace period).
    func eventually(within limit: Duration = .seconds(20), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw NotReached(limit: limit)
    }
}
