import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

// Creates per second through haproxy on `kubesim cluster up` (3 real etcd members, 2 `kubesim serve`) beside
// one `kubesim serve` on the embedded store, in the same run, with the same HTTPS requests.
//
//   swift build -c release --product kubesim ; swift build -c release --product kubesim-ha-bench
//   .build/release/kubesim-ha-bench [--count 1000]
//
// Needs etcd, etcdctl and haproxy (apt-get install -y etcd-server etcd-client haproxy).

let arguments = CommandLine.arguments
let count = arguments.firstIndex(of: "--count").flatMap { Int(arguments[$0 + 1]) } ?? 1000
let kubesim = URL(fileURLWithPath: arguments[0]).deletingLastPathComponent().appendingPathComponent("kubesim").path
guard FileManager.default.isExecutableFile(atPath: kubesim) else {
    FileHandle.standardError.write(Data("kubesim-ha-bench: build the kubesim product beside it (\(kubesim))\n".utf8))
    exit(2)
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func scratch(_ name: String) -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-ha-bench-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Runs kubesim to its end; its output.
func run(_ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubesim)
    process.arguments = arguments
    let folder = scratch("out")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let output = folder + "/out"
    _ = FileManager.default.createFile(atPath: output, contents: nil)
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
    process.standardError = process.standardOutput
    try process.run()
    process.waitUntilExit()
    let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    guard process.terminationStatus == 0 else { throw BenchError("kubesim \(arguments.joined(separator: " ")) failed:\n\(text)") }
    return text
}

/// An HTTPS client with the admin credentials of a kubeconfig, for the server it names.
struct APIClient {
    let url: String
    let client: HTTPClient

    init(kubeconfig path: String) throws {
        let config = try String(contentsOfFile: path, encoding: .utf8)
        func field(_ name: String) throws -> [UInt8] {
            guard let match = config.firstMatch(of: try Regex("\(name): ([A-Za-z0-9+/=]+)")),
                let data = Data(base64Encoded: String(match.output[1].substring ?? ""))
            else { throw BenchError("\(path) has no \(name)") }
            return Array(data)
        }
        guard let server = config.firstMatch(of: /server: (https:\/\/[0-9.:]+)/) else { throw BenchError("\(path) names no server") }
        url = String(server.1)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMBytes(try field("certificate-authority-data")))
        tls.certificateChain = try NIOSSLCertificate.fromPEMBytes(try field("client-certificate-data")).map { .certificate($0) }
        tls.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: try field("client-key-data"), format: .pem))
        var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func create(_ name: String) async throws {
        var request = HTTPClientRequest(url: url + "/api/v1/namespaces/default/configmaps")
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"\#(name)"},"data":{"v":"x"}}"#))
        let response = try await client.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 1 << 20)
        guard response.status.code == 201 else {
            throw BenchError("create answered \(response.status.code): \(String(buffer: body))")
        }
    }

    /// Creates `count` config maps with `concurrency` workers; creates per second.
    func rate(concurrency: Int, prefix: String) async throws -> Double {
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
}

/// `kubesim serve` on the embedded store, until stopped.
func startEmbedded(_ directory: String) async throws -> Process {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubesim)
    let kubeconfig = directory + "/embedded.conf"
    process.arguments = [
        "serve", "--data-dir", directory + "/data", "--port", "0", "--etcd-port", "0", "--write-kubeconfig", kubeconfig,
    ]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    for _ in 0..<600 where !FileManager.default.fileExists(atPath: kubeconfig) { try await Task.sleep(for: .milliseconds(100)) }
    guard FileManager.default.fileExists(atPath: kubeconfig) else { throw BenchError("kubesim serve did not start") }
    return process
}

let directory = scratch("run")
let embedded = try await startEmbedded(directory)
let embeddedClient = try APIClient(kubeconfig: directory + "/embedded.conf")
let ha = directory + "/ha"
_ = try run(["cluster", "up", "--data-dir", ha])
let haClient = try APIClient(kubeconfig: ha + "/cluster/admin.conf")
var rows: [String] = []
do {
    for concurrency in [1, 16] {
        let balanced = try await haClient.rate(concurrency: concurrency, prefix: "ha\(concurrency)")
        let local = try await embeddedClient.rate(concurrency: concurrency, prefix: "e\(concurrency)")
        rows.append(
            "| creates/s, \(concurrency) client\(concurrency == 1 ? "" : "s") | \(String(format: "%.0f", balanced)) | \(String(format: "%.0f", local)) |")
    }
} catch {
    print("kubesim-ha-bench: \(error)")
}
for client in [haClient, embeddedClient] { await client.shutdown() }
_ = try? run(["cluster", "down", "--data-dir", ha])
embedded.terminate()
embedded.waitUntilExit()
try? FileManager.default.removeItem(atPath: directory)
print("\(count) ConfigMap creates over HTTPS")
print("")
print("| | haproxy → 2 kubesim serve → 3 real etcd members | kubesim serve on the embedded store |")
print("|---|---|---|")
for row in rows { print(row) }
