import AsyncHTTPClient
import EtcdCore
import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

// The Kubernetes API over HTTPS (`kubesim serve`) against the same requests made in-process on the registry
// (the baseline, measured in the same run), and a bounded load test.
//
//   swift build -c release --product kubesim --product kubesim-api-bench   (one product per command)
//   .build/release/kubesim-api-bench             # benchmark
//   .build/release/kubesim-api-bench --load 60   # 32 clients creating, updating and listing for 60 s
//   .build/release/kubesim-api-bench --lists 10000   # lists of 10,000 pods against the store's range of them
//   .build/release/kubesim-api-bench --scale [--nodes 1000 --pods 100000]   # kwok's headline cluster in one serve

let arguments = CommandLine.arguments
let loadSeconds = arguments.firstIndex(of: "--load").flatMap { Int(arguments[$0 + 1]) }
let listedPods = arguments.firstIndex(of: "--lists").flatMap { Int(arguments[$0 + 1]) }
let scale = arguments.contains("--scale")
let scaleNodes = arguments.firstIndex(of: "--nodes").flatMap { Int(arguments[$0 + 1]) } ?? 1000
let scalePods = arguments.firstIndex(of: "--pods").flatMap { Int(arguments[$0 + 1]) } ?? 100_000
let kubesim = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kubesim").path
guard FileManager.default.isExecutableFile(atPath: kubesim) else {
    FileHandle.standardError.write(Data("kubesim-api-bench: build the kubesim product beside it (\(kubesim))\n".utf8))
    exit(2)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func scratchDirectory(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-api-bench-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A `kubesim serve` child process and an HTTPS client with the admin certificate it wrote.
final class Server: @unchecked Sendable {
    let process = Process()
    let directory: String
    let url: String
    let client: HTTPClient

    /// - Parameters:
    ///   - dataDirectory: the data directory to serve; nil: a new one in the server's scratch directory.
    ///   - options: serve's options beside the data directory and ports (by default an empty cluster).
    init(dataDirectory: String? = nil, options: [String] = ["--bare"]) async throws {
        directory = scratchDirectory("serve")
        let output = directory + "/serve.out"
        FileManager.default.createFile(atPath: output, contents: nil)
        process.executableURL = URL(fileURLWithPath: kubesim)
        let data = dataDirectory ?? directory + "/data"
        process.arguments = ["serve", "--data-dir", data, "--port", "0", "--etcd-port", "0"] + options
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        process.standardError = FileHandle.nullDevice
        try process.run()
        var found: String?
        // Waits up to 60 s for serve's address lines (a loaded machine can take seconds to seed a cluster).
        for _ in 0..<12_000 {
            let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: /Kubernetes API serving on (https:\/\/[0-9.:]+)/), text.contains("etcd v3") {
                found = String(match.1)
                break
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        guard let found else { throw BenchError("kubesim serve did not start") }
        url = found
        let config = try String(contentsOfFile: data + "/admin.conf", encoding: .utf8)
        func field(_ name: String) throws -> [UInt8] {
            guard let match = config.firstMatch(of: try Regex("\(name): ([A-Za-z0-9+/=]+)")),
                let data = Data(base64Encoded: String(match.output[1].substring ?? ""))
            else { throw BenchError("admin.conf has no \(name)") }
            return Array(data)
        }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(try field("certificate-authority-data")))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(try field("client-certificate-data")).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: try field("client-key-data"), format: .pem))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        // Room for the scale benchmark's 100 watches beside its writers.
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 256
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// Sends a request; returns the status and body.
    func send(
        _ method: HTTPMethod, _ path: String, body: String? = nil, contentType: String = "application/json", accept: String? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> (Int, Data) {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        if let accept { request.headers.add(name: "Accept", value: accept) }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await client.execute(request, timeout: timeout)
        let data = try await response.body.collect(upTo: 512 * 1024 * 1024)
        return (Int(response.status.code), Data(data.readableBytesView))
    }

    /// The server process's resident anonymous memory (heap and stacks, not the store's memory-mapped file) in KiB.
    var residentKiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        return status.firstMatch(of: /RssAnon:\s+(\d+)/).flatMap { Int($0.1) } ?? 0
    }

    func stop() async {
        try? await client.shutdown()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

@Sendable func configMap(_ name: String, _ value: String) -> String {
    #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)","labels":{"bench":"yes"}},"data":{"value":"\#(value)"}}"#
}

/// Creates `count` config maps through `create` with `concurrency` workers; returns creates per second.
func createRate(count: Int, concurrency: Int, prefix: String, create: @escaping @Sendable (String) async throws -> Void) async throws -> Double {
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                for index in stride(from: worker, to: count, by: concurrency) { try await create("\(prefix)-\(index)") }
            }
        }
        try await group.waitForAll()
    }
    return Double(count) / seconds(ContinuousClock.now - start)
}

func benchmark() async throws {
    // Start-to-ready: process start until the first authenticated request is answered, on a new data directory
    // (empty, and with the seeded cluster) and on an existing one (the seeded cluster's, served again).
    let existing = scratchDirectory("existing")
    defer { try? FileManager.default.removeItem(atPath: existing) }
    await (try await Server(dataDirectory: existing, options: [])).stop()
    var starts: [(label: String, milliseconds: [Double])] = [("a new data directory, empty cluster (`--bare`)", []), ("a new data directory, seeded cluster", []), ("an existing data directory, seeded cluster", [])]
    for index in starts.indices {
        for _ in 0..<5 {
            let started = ContinuousClock.now
            let server = try await Server(dataDirectory: index == 2 ? existing : nil, options: index == 0 ? ["--bare"] : [])
            let (status, _) = try await server.send(.GET, "/readyz")
            guard status == 200 else { throw BenchError("/readyz answered \(status)") }
            starts[index].milliseconds.append(seconds(ContinuousClock.now - started) * 1000)
            await server.stop()
        }
    }

    let server = try await Server()
    let registryDirectory = scratchDirectory("registry")
    let store = try SQLiteStore.open(dataDirectory: registryDirectory)
    let registry = Registry(store: store)
    try await registry.bootstrap()
    let configMaps = registry.catalog.type(named: "configmaps")!

    let count = 2000
    var rows: [(String, Double, Double, String)] = []
    for concurrency in [1, 16] {
        let https = try await createRate(count: count, concurrency: concurrency, prefix: "h\(concurrency)") { name in
            let (status, body) = try await server.send(.POST, "/api/v1/namespaces/default/configmaps", body: configMap(name, "x"))
            guard status == 201 else { throw BenchError("create answered \(status): \(String(decoding: body, as: UTF8.self))") }
        }
        let local = try await createRate(count: count, concurrency: concurrency, prefix: "r\(concurrency)") { name in
            _ = try await registry.create(configMaps, namespace: "default", object: try JSONValue.parse(json: Data(configMap(name, "x").utf8)))
        }
        rows.append(("creates/s, \(concurrency) client\(concurrency == 1 ? "" : "s")", https, local, "higher is better"))
    }
    // 4,000 config maps exist now in each; list them all and one page of 500.
    for (label, query) in [("list 4,000 objects, ms", ""), ("list a page of 500, ms", "?limit=500")] {
        var remote: [Double] = []
        var local: [Double] = []
        for _ in 0..<15 {
            var started = ContinuousClock.now
            let (status, _) = try await server.send(.GET, "/api/v1/namespaces/default/configmaps" + query)
            guard status == 200 else { throw BenchError("list answered \(status)") }
            remote.append(seconds(ContinuousClock.now - started) * 1000)
            started = ContinuousClock.now
            _ = try await registry.list(configMaps, namespace: "default", limit: query.isEmpty ? 0 : 500).items.map { $0.json.jsonData() }
            local.append(seconds(ContinuousClock.now - started) * 1000)
        }
        rows.append((label, median(remote), median(local), "lower is better"))
    }
    await server.stop()
    await store.close()
    try? FileManager.default.removeItem(atPath: registryDirectory)

    print("kubesim serve over HTTPS (client certificates) vs the same requests on the registry in-process")
    print("figure | HTTPS | in-process | ratio HTTPS/in-process")
    print("---|---|---|---")
    for (label, https, local, note) in rows {
        print(String(format: "%@ | %.1f | %.1f | %.2f (%@)", label, https, local, https / local, note))
    }
    for (label, milliseconds) in starts {
        print(String(format: "start to ready on %@ (median of 5), ms | %.0f | – | –", label, median(milliseconds)))
    }
}

/// The server's memory, sampled while the load runs.
final class MemorySamples: Sendable {
    let values = Mutex<[Int]>([])
}

func loadTest(seconds duration: Int) async throws {
    let server = try await Server()
    let clients = 32
    let deadline = ContinuousClock.now + .seconds(duration)
    let baseline = server.residentKiB
    let samples = MemorySamples()
    let sampler = Task {
        while !Task.isCancelled {
            try await Task.sleep(for: .seconds(5))
            let resident = server.residentKiB
            samples.values.withLock { $0.append(resident) }
        }
    }
    struct Outcome: Sendable { var acknowledged: [String: String] = [:]; var conflicts = 0; var errors: [String] = []; var requests = 0 }
    let outcomes = try await withThrowingTaskGroup(of: Outcome.self) { group in
        for client in 0..<clients {
            group.addTask {
                var outcome = Outcome()
                var index = 0
                while ContinuousClock.now < deadline {
                    let name = "load-\(client)-\(index % 50)"
                    let path = "/api/v1/namespaces/default/configmaps"
                    let value = "v\(index)"
                    let (created, _) = try await server.send(.POST, path, body: configMap(name, value))
                    outcome.requests += 1
                    if created == 201 {
                        outcome.acknowledged[name] = value
                    } else if created == 409 {
                        // Exists: update it with a merge patch (retried by the server on conflicts).
                        let (patched, body) = try await server.send(
                            .PATCH, path + "/" + name, body: #"{"data":{"value":"\#(value)"}}"#,
                            contentType: "application/merge-patch+json")
                        outcome.requests += 1
                        if patched == 200 { outcome.acknowledged[name] = value } else if patched == 409 { outcome.conflicts += 1 } else {
                            outcome.errors.append("PATCH \(patched): \(String(decoding: body.prefix(200), as: UTF8.self))")
                        }
                    } else {
                        outcome.errors.append("POST \(created)")
                    }
                    if index % 10 == 0 {
                        let (listed, _) = try await server.send(.GET, path + "?limit=100&labelSelector=bench%3Dyes")
                        outcome.requests += 1
                        if listed != 200 { outcome.errors.append("LIST \(listed)") }
                    }
                    index += 1
                }
                return outcome
            }
        }
        var all: [Outcome] = []
        for try await outcome in group { all.append(outcome) }
        return all
    }
    sampler.cancel()
    let memory = samples.values.withLock { $0 }
    var missing = 0
    for outcome in outcomes {
        for (name, value) in outcome.acknowledged {
            let (status, body) = try await server.send(.GET, "/api/v1/namespaces/default/configmaps/\(name)")
            let stored = (try? JSONValue.parse(json: body))?[["data", "value"]]?.stringValue
            if status != 200 || stored != value { missing += 1 }
        }
    }
    let errors = outcomes.flatMap(\.errors)
    let requests = outcomes.map(\.requests).reduce(0, +)
    print("load: \(clients) clients for \(duration) s: \(requests) requests (\(requests / max(duration, 1))/s), "
        + "\(outcomes.map(\.conflicts).reduce(0, +)) conflicts, \(errors.count) other errors, "
        + "\(missing) acknowledged writes missing")
    print("server memory (RssAnon, KiB): at start \(baseline), every 5 s: \(memory.map(String.init).joined(separator: " "))")
    let storeBytes = ["store.db", "store.db-wal"].compactMap {
        try? FileManager.default.attributesOfItem(atPath: server.directory + "/data/etcd/" + $0)[.size] as? Int
    }.reduce(0, +)
    print("store file after the run: \(storeBytes / 1024) KiB")
    for error in errors.prefix(5) { print("  error: \(error)") }
    await server.stop()
    if !errors.isEmpty || missing > 0 { exit(1) }
}

if scale {
    try await scaleBenchmark(nodes: scaleNodes, pods: scalePods)
} else if let listedPods {
    try await listBenchmark(pods: listedPods)
} else if let loadSeconds {
    try await loadTest(seconds: loadSeconds)
} else {
    try await benchmark()
}
