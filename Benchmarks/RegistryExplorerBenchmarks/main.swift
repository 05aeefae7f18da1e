import APIServer
import AsyncHTTPClient
import EtcdCore
import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1
import Synchronization

// The registry explorer (`kubesim serve`'s /ui/) with 100,000 keys: how long the tree takes to open, and whether
// the live feed keeps up with 1,000 writes a second; each against a baseline measured in the same run on the same
// store (the keys-only range `etcdctl get /registry --prefix --keys-only` makes, and a watch of the store itself).
//
//   swift build -c release --product kubesim-explorer-bench
//   .build/release/kubesim-explorer-bench [--keys 100000] [--rate 1000] [--seconds 5]

let arguments = CommandLine.arguments
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { Int(arguments[$0 + 1]) } ?? fallback
}
let keyCount = option("--keys", 100_000)
let rate = option("--rate", 1000)
let feedSeconds = option("--seconds", 5)

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}
func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }

/// A ConfigMap as the registry stores it, with the managedFields entry the feed reads its writer from.
func configMap(_ namespace: String, _ name: String, _ data: String) -> Data {
    Data(
        """
        {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"\(name)","namespace":"\(namespace)",\
        "managedFields":[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z",\
        "fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:value":{}}}}]},"data":{"value":"\(data)"}}
        """.utf8)
}
func key(_ index: Int) -> (namespace: String, name: String, key: Data) {
    let namespace = "team-\(index % 100)", name = "config-\(index)"
    return (namespace, name, Data("/registry/configmaps/\(namespace)/\(name)".utf8))
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-explorer-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteStore(path: directory.appendingPathComponent("store.db").path)

print("writing \(keyCount) keys…")
for batch in stride(from: 0, to: keyCount, by: 100) {
    let puts = (batch..<min(batch + 100, keyCount)).map { index in
        let (namespace, name, key) = key(index)
        return RequestOp.put(PutRequest(key: key, value: configMap(namespace, name, "v0")))
    }
    _ = try await store.txn(TxnRequest(success: puts))
}

let token = ExplorerConfiguration.randomToken()
let server = try KubeAPIServer(
    registry: Registry(store: store),
    configuration: .init(port: 0, tls: nil, explorer: ExplorerConfiguration(token: token) { "etcdctl" }))
let serving = Task { try await server.run() }
let base = "http://127.0.0.1:\(await server.port)/ui/"
let client = HTTPClient(eventLoopGroupProvider: .singleton)

func get(_ path: String) async throws -> Data {
    let response = try await client.execute(
        HTTPClientRequest(url: base + path + (path.contains("?") ? "&" : "?") + "token=\(token)"), timeout: .seconds(60))
    let body = try await response.body.collect(upTo: 256 * 1024 * 1024)
    guard response.status.code == 200 else { fatalError("\(path): \(response.status.code) \(String(buffer: body))") }
    return Data(body.readableBytesView)
}

// ---- the tree with 100,000 keys ----
// Opening the page: the page and its script, the summary, the root's children; then a resource and one of its
// namespaces expanded (their first page). The store's revision moves before each run, so nothing is cached.
var treeTimes: [Double] = [], baselineTimes: [Double] = []
for run in 0..<5 {
    _ = try await store.put(PutRequest(key: Data("/registry/configmaps/bench/tick".utf8), value: configMap("bench", "tick", "\(run)")))
    let start = ContinuousClock.now
    _ = try await store.range(
        RangeRequest(key: Data("/registry/".utf8), rangeEnd: KeyRange.prefixEnd(Data("/registry/".utf8)), keysOnly: true))
    baselineTimes.append(seconds(ContinuousClock.now - start))

    _ = try await store.put(PutRequest(key: Data("/registry/configmaps/bench/tick".utf8), value: configMap("bench", "tick", "\(run)b")))
    let open = ContinuousClock.now
    for path in ["", "app.js", "api/summary", "api/children?prefix=/registry/&limit=1000",
        "api/children?prefix=/registry/configmaps/&limit=1000", "api/children?prefix=/registry/configmaps/team-7/&limit=1000"]
    {
        _ = try await get(path)
    }
    treeTimes.append(seconds(ContinuousClock.now - open))
}
let treeMedian = percentile(treeTimes, 0.5), baselineMedian = percentile(baselineTimes, 0.5)
print("tree open with \(keyCount) keys: median \(milliseconds(treeMedian)) (budget 1 s); "
    + "baseline keys-only range \(milliseconds(baselineMedian)); ratio \(String(format: "%.2f", treeMedian / baselineMedian))")

// ---- the feed at 1,000 writes a second ----
/// When each revision's write was sent, and when each reader saw it.
final class Arrivals: Sendable {
    let seen = Mutex<[Int64: ContinuousClock.Instant]>([:])
    func record(_ revision: Int64, at instant: ContinuousClock.Instant = .now) { seen.withLock { $0[revision] = instant } }
    var count: Int { seen.withLock { $0.count } }
}
let written = Arrivals(), viaFeed = Arrivals(), viaWatch = Arrivals()
let head = try await store.status().header.revision

let feedRequest = HTTPClientRequest(url: base + "api/feed?after=\(head)&token=\(token)")
let feedResponse = try await client.execute(feedRequest, timeout: .seconds(3600))
let feedReader = Task {
    var pending = ""
    for try await buffer in feedResponse.body {
        pending += String(buffer: buffer)
        while let end = pending.range(of: "\n\n") {
            let message = pending[..<end.lowerBound]
            pending = String(pending[end.upperBound...])
            if message.hasPrefix("data: "), let match = message.firstMatch(of: /"revision":(\d+)/) {
                viaFeed.record(Int64(match.1)!)
            }
        }
    }
}
let prefix = Data("/registry/".utf8)
let watch = try await store.watch(WatchRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), startRevision: head + 1, prevKv: true))
let watchReader = Task {
    for try await response in watch { for event in response.events { viaWatch.record(event.kv.modRevision) } }
}

let total = rate * feedSeconds
let interval = Duration.seconds(1) / rate
let clock = ContinuousClock()
let writeStart = clock.now
// Each write starts on schedule, whether or not the earlier ones have returned, as many clients would write.
try await withThrowingTaskGroup(of: Void.self) { group in
    for index in 0..<total {
        try await clock.sleep(until: writeStart + interval * index)
        group.addTask {
            let (namespace, name, key) = key(index % keyCount)
            let sent = clock.now
            let response = try await store.put(PutRequest(key: key, value: configMap(namespace, name, "v\(index + 1)")))
            written.record(response.header.revision, at: sent)
        }
    }
    try await group.waitForAll()
}
let achieved = Double(total) / seconds(clock.now - writeStart)
let deadline = clock.now + .seconds(10)
while (viaFeed.count < total || viaWatch.count < total) && clock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }

func lags(_ arrivals: Arrivals) -> [Double] {
    let writes = written.seen.withLock { $0 }
    return arrivals.seen.withLock { seen in writes.compactMap { revision, at in seen[revision].map { seconds($0 - at) } } }
}
let feedLags = lags(viaFeed), watchLags = lags(viaWatch)
print("feed at \(String(format: "%.0f", achieved)) writes/s for \(feedSeconds) s: \(viaFeed.count)/\(total) events; "
    + "lag p50 \(milliseconds(percentile(feedLags, 0.5))), p99 \(milliseconds(percentile(feedLags, 0.99))), "
    + "max \(milliseconds(feedLags.max() ?? 0))")
print("baseline store watch: \(viaWatch.count)/\(total) events; lag p50 \(milliseconds(percentile(watchLags, 0.5))), "
    + "p99 \(milliseconds(percentile(watchLags, 0.99))); feed/watch ratio p50 "
    + String(format: "%.2f", percentile(feedLags, 0.5) / max(percentile(watchLags, 0.5), 1e-6)) + ", p99 "
    + String(format: "%.2f", percentile(feedLags, 0.99) / max(percentile(watchLags, 0.99), 1e-6)))

feedReader.cancel()
watchReader.cancel()
watch.cancel()
await server.beginGracefulShutdown()
_ = await serving.result
try await client.shutdown()
await store.close()
