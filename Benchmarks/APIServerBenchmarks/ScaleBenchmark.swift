import AsyncHTTPClient
import EtcdCore
import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1
import Synchronization

// One `kubesim serve` holding kwok's headline cluster (issue 21): 1,000 nodes and 100,000 pods bound to them,
// created over HTTPS. Reports the creates' rate, the server's memory (per stored object, beside the stored value's
// mean size), the lists over the store's own range of the same keys (the baseline, in this process, same run), and
// a watch fan-out: 1,000 pods created while 100 watchers of all pods are open, against the same with one watcher.
// The control loops are off (`--no-controllers`): this measures the store and the API server; the loops' own
// throughput is kubesim-controllers-bench's.

private let scaleTableAccept =
    "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"

private func nodeJSON(_ index: Int) -> String {
    #"{"apiVersion":"v1","kind":"Node","metadata":{"name":"node-\#(index)","labels":{"kubernetes.io/hostname":"node-\#(index)","type":"kwok-like"}},"spec":{"podCIDR":"10.\#(index / 250).\#(index % 250).0/24"},"status":{"capacity":{"cpu":"32","memory":"256Gi","pods":"110"},"allocatable":{"cpu":"32","memory":"256Gi","pods":"110"}}}"#
}

private func podJSON(_ name: String, namespace: String, node: Int) -> String {
    #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"\#(name)","namespace":"\#(namespace)","labels":{"app":"web","shard":"s\#(node % 7)"}},"spec":{"nodeName":"node-\#(node)","containers":[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}"#
}

/// When each named thing happened, written from many tasks.
private final class Instants: Sendable {
    let values = Mutex<[String: ContinuousClock.Instant]>([:])
    func record(_ name: String, _ instant: ContinuousClock.Instant) { values.withLock { $0[name] = instant } }
    var all: [String: ContinuousClock.Instant] { values.withLock { $0 } }
}

/// Creates every request's body with `concurrency` workers; returns creates per second and each create's start.
private func createAll(
    _ server: Server, concurrency: Int, _ requests: [(path: String, body: String, name: String)]
) async throws -> (rate: Double, starts: [String: ContinuousClock.Instant]) {
    let starts = Instants()
    let began = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                for index in stride(from: worker, to: requests.count, by: concurrency) {
                    let request = requests[index]
                    let start = ContinuousClock.now
                    starts.record(request.name, start)
                    let (status, body) = try await server.send(.POST, request.path, body: request.body)
                    guard status == 201 else {
                        throw BenchError("create \(request.name) answered \(status): \(String(decoding: body.prefix(300), as: UTF8.self))")
                    }
                }
            }
        }
        try await group.waitForAll()
    }
    return (Double(requests.count) / seconds(ContinuousClock.now - began), starts.all)
}

/// A watch of all pods from `resourceVersion`: when each pod named with `prefix` arrived.
private final class PodWatcher: Sendable {
    let arrivals = Instants()
    let task: Task<Void, any Error>

    init(_ server: Server, resourceVersion: String, prefix: String) async throws {
        var request = HTTPClientRequest(url: server.url + "/api/v1/pods?watch=1&resourceVersion=\(resourceVersion)")
        request.method = .GET
        let response = try await server.client.execute(request, timeout: .seconds(3600))
        guard response.status.code == 200 else { throw BenchError("the watch answered \(response.status.code)") }
        let arrivals = self.arrivals
        let marker = Array(#""name":"\#(prefix)"#.utf8)
        task = Task {
            var pending: [UInt8] = []
            for try await buffer in response.body {
                let now = ContinuousClock.now
                pending += buffer.readableBytesView
                let consumed = pending.withUnsafeBufferPointer { bytes in
                    Self.scanLines(bytes, marker: marker) { arrivals.record(prefix + $0, now) }
                }
                pending.removeFirst(consumed)
            }
        }
    }

    /// Calls `found` with the pod name after `marker` on each complete line of `bytes`; returns how many bytes
    /// those lines take. A plain byte scan: with 100 watchers the client's parsing must not be what is measured.
    private static func scanLines(
        _ bytes: UnsafeBufferPointer<UInt8>, marker: [UInt8], found: (String) -> Void
    ) -> Int {
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") {
                if let name = name(in: UnsafeBufferPointer(rebasing: bytes[lineStart..<index]), after: marker) {
                    found(name)
                }
                lineStart = index + 1
            }
            index += 1
        }
        return lineStart
    }

    /// The quoted text after the first `marker` in `line`, nil when it has none.
    private static func name(in line: UnsafeBufferPointer<UInt8>, after marker: [UInt8]) -> String? {
        guard line.count >= marker.count, let first = marker.first else { return nil }
        var start = 0
        while start <= line.count - marker.count {
            if line[start] == first && marker.indices.allSatisfy({ line[start + $0] == marker[$0] }) {
                var end = start + marker.count
                while end < line.count && line[end] != UInt8(ascii: "\"") { end += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: line[(start + marker.count)..<end]), as: UTF8.self)
            }
            start += 1
        }
        return nil
    }

    var count: Int { arrivals.values.withLock { $0.count } }
}

/// Creates `count` pods while `watchers` watches of all pods are open; the creates' rate and each event's lag
/// (create issued → event received, over every watcher), in ms.
private func fanOut(_ server: Server, watchers: Int, count: Int, prefix: String) async throws -> (rate: Double, lags: [Double]) {
    let (_, listed) = try await server.send(.GET, "/api/v1/pods?limit=1")
    guard let resourceVersion = (try JSONValue.parse(json: listed))[["metadata", "resourceVersion"]]?.stringValue else {
        throw BenchError("the list has no resourceVersion")
    }
    var open: [PodWatcher] = []
    for _ in 0..<watchers { open.append(try await PodWatcher(server, resourceVersion: resourceVersion, prefix: prefix)) }
    defer { for watcher in open { watcher.task.cancel() } }
    let requests = (0..<count).map { index in
        let name = "\(prefix)\(index)"
        return ("/api/v1/namespaces/ns-0/pods", podJSON(name, namespace: "ns-0", node: index % 1000), name)
    }
    let (rate, starts) = try await createAll(server, concurrency: 16, requests)
    let deadline = ContinuousClock.now + .seconds(300)
    while open.contains(where: { $0.count < count }) {
        guard ContinuousClock.now < deadline else {
            throw BenchError("watchers received \(open.map(\.count).min() ?? 0) of \(count) events in 300 s")
        }
        try await Task.sleep(for: .milliseconds(50))
    }
    var lags: [Double] = []
    for watcher in open {
        for (name, arrived) in watcher.arrivals.all {
            if let start = starts[name] { lags.append(seconds(arrived - start) * 1000) }
        }
    }
    return (rate, lags)
}

private func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(Int(fraction * Double(sorted.count)), sorted.count - 1)]
}

func scaleBenchmark(nodes: Int, pods: Int) async throws {
    let data = scratchDirectory("scale") + "/data"
    defer { try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: data).deletingLastPathComponent().path) }
    let namespaces = max(pods / 1000, 1)
    var server = try await Server(dataDirectory: data, options: ["--bare", "--no-controllers"])
    let emptyKiB = server.residentKiB
    var requests = (0..<nodes).map { ("/api/v1/nodes", nodeJSON($0), "node-\($0)") }
    requests += (0..<namespaces).map {
        ("/api/v1/namespaces", #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ns-\#($0)"}}"#, "ns-\($0)")
    }
    let (nodeRate, _) = try await createAll(server, concurrency: 32, requests)
    // The service account admission wants each namespace's `default` account; with the loops off, made here.
    _ = try await createAll(server, concurrency: 32, (0..<namespaces).map {
        ("/api/v1/namespaces/ns-\($0)/serviceaccounts",
            #"{"apiVersion":"v1","kind":"ServiceAccount","metadata":{"name":"default","namespace":"ns-\#($0)"}}"#, "sa-\($0)")
    })
    let podRequests = (0..<pods).map { index in
        ("/api/v1/namespaces/ns-\(index % namespaces)/pods", podJSON("pod-\(index)", namespace: "ns-\(index % namespaces)", node: index % nodes), "pod-\(index)")
    }
    let (podRate, _) = try await createAll(server, concurrency: 32, podRequests)
    let afterCreatesKiB = server.residentKiB
    await server.stop()

    // The baseline: the store's own range of the pods' keys, values included, in this process.
    let store = try SQLiteStore.open(dataDirectory: data)
    let prefix = Data("/registry/pods/".utf8)
    var ranges: [Double] = []
    var valueBytes = 0
    for _ in 0..<5 {
        let started = ContinuousClock.now
        let response = try await store.range(RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix)))
        ranges.append(seconds(ContinuousClock.now - started) * 1000)
        guard response.kvs.count == pods else { throw BenchError("the store holds \(response.kvs.count) pods, not \(pods)") }
        valueBytes = response.kvs.map(\.value.count).reduce(0, +)
    }
    await store.close()

    server = try await Server(dataDirectory: data, options: ["--no-controllers"])
    let restartedKiB = server.residentKiB
    var jsonLists: [Double] = []
    var tableLists: [Double] = []
    for _ in 0..<3 {
        var started = ContinuousClock.now
        let (status, _) = try await server.send(.GET, "/api/v1/pods", timeout: .seconds(600))
        guard status == 200 else { throw BenchError("the JSON list answered \(status)") }
        jsonLists.append(seconds(ContinuousClock.now - started) * 1000)
        started = ContinuousClock.now
        let (tableStatus, _) = try await server.send(
            .GET, "/api/v1/pods?limit=500", accept: scaleTableAccept, timeout: .seconds(600))
        guard tableStatus == 200 else { throw BenchError("the Table page answered \(tableStatus)") }
        tableLists.append(seconds(ContinuousClock.now - started) * 1000)
    }
    let afterListsKiB = server.residentKiB
    let oneWatcher = try await fanOut(server, watchers: 1, count: 1000, prefix: "one-")
    let manyWatchers = try await fanOut(server, watchers: 100, count: 1000, prefix: "many-")
    let afterWatchKiB = server.residentKiB
    let kubesimGet = try timedRun(kubesim, ["get", "pods", "-A", "--kubeconfig", data + "/admin.conf"])
    var kubectlGet: Double?
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl") {
        kubectlGet = try timedRun("/usr/bin/kubectl", ["--kubeconfig", data + "/admin.conf", "get", "pods", "-A"])
    }
    await server.stop()

    let objects = nodes + 2 * namespaces + pods
    let baseline = median(ranges)
    let perObject = { (kib: Int) in Double(kib - emptyKiB) * 1024 / Double(objects) }
    print("\(nodes) nodes, \(pods) pods in \(namespaces) namespaces in one kubesim serve (control loops off); load \(loadAverage())")
    print("figure | value | baseline (same run) | ratio")
    print("---|---|---|---")
    print(String(format: "creates/s, nodes and namespaces, 32 clients | %.0f | – | –", nodeRate))
    print(String(format: "creates/s, pods, 32 clients | %.0f | – | –", podRate))
    print(String(format: "stored pod value, mean bytes | %.0f | – | –", Double(valueBytes) / Double(pods)))
    print("server RssAnon at start, empty, KiB | \(emptyKiB) | – | –")
    for (label, kib) in [("after the creates", afterCreatesKiB), ("restarted on the data directory", restartedKiB),
        ("after 3 JSON lists and Table pages", afterListsKiB), ("after the watch fan-out", afterWatchKiB)]
    {
        print(String(format: "server RssAnon %@, KiB (per object beyond the empty server, bytes) | %d (%.0f) | – | –", label, kib, perObject(kib)))
    }
    print(String(format: "store range of the %d pod keys, values included, ms | %.0f | %.0f | 1.00", pods, baseline, baseline))
    print(String(format: "server JSON list of all pods, first after start, ms | %.0f | %.0f | %.1f", jsonLists[0], baseline, jsonLists[0] / baseline))
    print(String(format: "server JSON list of all pods, again (median of 2), ms | %.0f | %.0f | %.1f",
        median(Array(jsonLists.dropFirst())), baseline, median(Array(jsonLists.dropFirst())) / baseline))
    print(String(format: "server Table page of 500 pods (kubectl's first page), median of 3, ms | %.0f | – | –", median(tableLists)))
    print(String(format: "kubesim get pods -A --kubeconfig (whole process), ms | %.0f | %.0f | %.1f", kubesimGet, baseline, kubesimGet / baseline))
    if let kubectlGet {
        print(String(format: "kubectl get pods -A (whole process, all pages), ms | %.0f | %.0f | %.1f", kubectlGet, baseline, kubectlGet / baseline))
    } else {
        print("kubectl get pods -A | not measured: /usr/bin/kubectl is not installed | – | –")
    }
    print(String(format: "pod creates/s, 16 clients: 100 watchers of all pods vs 1 | %.0f | %.0f | %.2f",
        manyWatchers.rate, oneWatcher.rate, manyWatchers.rate / oneWatcher.rate))
    print("watch events delivered, 100 watchers × 1,000 pods | \(manyWatchers.lags.count) | \(oneWatcher.lags.count) (1 watcher) | –")
    for (label, fraction) in [("p50", 0.5), ("p99", 0.99)] {
        let many = percentile(manyWatchers.lags, fraction)
        let one = percentile(oneWatcher.lags, fraction)
        print(String(format: "watch lag %@, create issued → event at a watcher, 100 watchers vs 1, ms | %.1f | %.1f | %.2f", label, many, one, many / one))
    }
}

/// The machine's load average over 1, 5 and 15 minutes.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
