import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

// How fast the control loops bring a large Deployment to Running, each figure against a baseline measured in
// the same run on the same disk:
// - embedded: `kubesim apply` of a Deployment with N replicas on a cluster of M simulated workers, settled
//   (ReplicaSet, N pods created, scheduled, started, events), against `kubesim apply --no-controllers` of N
//   bare pods on the same kind of cluster (storing the same pods through the API server, without the loops);
// - `kubesim serve`: the same Deployment POSTed over HTTP, timed until its status says N available, against
//   the embedded figure; and the server's resident memory once the N pods run.
//
// Run: swift build -c release --product kubesim && swift build -c release --product kubesim-controllers-bench &&
//      .build/release/kubesim-controllers-bench [--quick] [--repetitions N] [--dir PATH]
// Defaults: 10,000 replicas on 100 workers, 3 repetitions of the embedded figures; --quick: 1,000 on 10, once.

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let replicas = quick ? 1_000 : 10_000
let workers = quick ? 10 : 100
let repetitions = arguments.firstIndex(of: "--repetitions").flatMap { Int(arguments[$0 + 1]) } ?? (quick ? 1 : 3)
let scratchRoot =
    arguments.firstIndex(of: "--dir").map { arguments[$0 + 1] } ?? FileManager.default.currentDirectoryPath + "/.bench-data"
let kubesim = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("kubesim").path

guard FileManager.default.isExecutableFile(atPath: kubesim) else {
    FileHandle.standardError.write(Data("kubesim-controllers-bench: build the kubesim product next to it first (\(kubesim))\n".utf8))
    exit(2)
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

/// A fresh directory under the scratch root; removed by the caller.
func scratch(_ name: String) throws -> URL {
    let url = URL(fileURLWithPath: scratchRoot).appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

/// Runs `kubesim` with `command`, returning its standard output and the seconds it took; fails when it fails.
@discardableResult
func kubesimRun(_ command: [String], stdin: String? = nil) throws -> (output: String, seconds: Double) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubesim)
    process.arguments = command
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    let input = Pipe()
    if stdin != nil { process.standardInput = input }
    let start = ContinuousClock.now
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let elapsed = seconds(start.duration(to: .now))
    guard process.terminationStatus == 0 else {
        throw BenchmarkFailure(description: "kubesim \(command.joined(separator: " ")) exited \(process.terminationStatus)")
    }
    return (String(decoding: data, as: UTF8.self), elapsed)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func deploymentManifest(_ replicas: Int) -> String {
    """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: bench
      namespace: default
    spec:
      replicas: \(replicas)
      selector:
        matchLabels: {app: bench}
      template:
        metadata:
          labels: {app: bench}
        spec:
          containers:
          - name: app
            image: nginx:1.27
            resources:
              requests: {cpu: 1m, memory: 1Mi}

    """
}

func podsManifest(_ count: Int) -> String {
    (0..<count).map { index in
        """
        apiVersion: v1
        kind: Pod
        metadata:
          name: bench-\(index)
          namespace: default
          labels: {app: bench}
        spec:
          containers:
          - name: app
            image: nginx:1.27
        """
    }.joined(separator: "\n---\n") + "\n"
}

/// A new data directory holding `kubesim init --workers N`'s cluster, settled.
func initialisedCluster(_ name: String) throws -> URL {
    let directory = try scratch(name)
    try kubesimRun(["init", "--workers", String(workers), "--data-dir", directory.path])
    return directory
}

/// How many pods of the `app=bench` selector are Running, as `kubesim get` reads them.
func runningPods(_ directory: URL) throws -> Int {
    let output = try kubesimRun(["get", "pods", "-l", "app=bench", "--data-dir", directory.path, "--no-headers"]).output
    return output.split(separator: "\n").filter { $0.contains(" Running ") }.count
}

/// The seconds an embedded `kubesim apply` of the Deployment takes to settle with every pod Running.
func embeddedDeployment() throws -> Double {
    let directory = try initialisedCluster("embedded")
    defer { try? FileManager.default.removeItem(at: directory) }
    let elapsed = try kubesimRun(["apply", "-f", "-", "--data-dir", directory.path], stdin: deploymentManifest(replicas)).seconds
    let running = try runningPods(directory)
    guard running == replicas else { throw BenchmarkFailure(description: "embedded: \(running) of \(replicas) pods Running") }
    return elapsed
}

/// The seconds `kubesim apply --no-controllers` of as many bare pods takes (the baseline).
func storedPods() throws -> Double {
    let directory = try initialisedCluster("baseline")
    defer { try? FileManager.default.removeItem(at: directory) }
    return try kubesimRun(["apply", "-f", "-", "--no-controllers", "--data-dir", directory.path], stdin: podsManifest(replicas)).seconds
}

/// A free TCP port on 127.0.0.1.
func freePort() throws -> Int {
    let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socket) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
    }
    guard bound else { throw BenchmarkFailure(description: "no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Sends one request to the server's plain-HTTP port and returns the JSON body.
func request(_ method: String, _ url: String, body: String? = nil) async throws -> [String: Any] {
    var request = URLRequest(url: URL(string: url)!)
    request.httpMethod = method
    if let body {
        request.httpBody = Data(body.utf8)
        request.setValue("application/yaml", forHTTPHeaderField: "Content-Type")
    }
    let (data, _) = try await URLSession.shared.data(for: request)
    return (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
}

/// The resident memory of a process, in MiB.
func residentMiB(_ pid: Int32) -> Double {
    let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return (Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
}

/// `kubesim serve` on an initialised cluster: seconds from POSTing the Deployment until its status says every
/// replica is available, and the server's resident memory then.
func servedDeployment() async throws -> (seconds: Double, memoryMiB: Double) {
    let directory = try initialisedCluster("serve")
    defer { try? FileManager.default.removeItem(at: directory) }
    let port = try freePort()
    let server = Process()
    server.executableURL = URL(fileURLWithPath: kubesim)
    server.arguments = [
        "serve", "--data-dir", directory.path, "--port", "0", "--insecure-port", String(port), "--etcd-port", "0",
        "--etcd-plaintext",
    ]
    server.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    try server.run()
    defer {
        server.terminate()
        server.waitUntilExit()
    }
    let base = "http://127.0.0.1:\(port)"
    var ready = false
    for _ in 0..<200 where !ready {
        ready = (try? await request("GET", base + "/version")) != nil
        if !ready { try await Task.sleep(for: .milliseconds(50)) }
    }
    guard ready else { throw BenchmarkFailure(description: "kubesim serve did not answer") }
    let start = ContinuousClock.now
    _ = try await request("POST", base + "/apis/apps/v1/namespaces/default/deployments", body: deploymentManifest(replicas))
    let deadline = ContinuousClock.now + .seconds(600)
    while ContinuousClock.now < deadline {
        let deployment = try await request("GET", base + "/apis/apps/v1/namespaces/default/deployments/bench")
        let status = deployment["status"] as? [String: Any] ?? [:]
        if (status["availableReplicas"] as? Int ?? 0) == replicas {
            return (seconds(start.duration(to: .now)), residentMiB(server.processIdentifier))
        }
        try await Task.sleep(for: .milliseconds(200))
    }
    throw BenchmarkFailure(description: "serve: the Deployment was not available within 600 s")
}

let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
print("kubesim-controllers-bench: \(replicas) replicas on \(workers) workers, \(repetitions) repetition(s), load average \(load)")
var embedded: [Double] = []
var baseline: [Double] = []
for _ in 0..<repetitions {
    baseline.append(try storedPods())
    embedded.append(try embeddedDeployment())
}
let served = try await servedDeployment()
let embeddedMedian = median(embedded)
let baselineMedian = median(baseline)
print("| what | seconds (median) | pods/s | against the baseline |")
print("| --- | --- | --- | --- |")
print(String(format: "| baseline: apply --no-controllers of %d bare pods | %.2f | %.0f | 1.00x |", replicas, baselineMedian, Double(replicas) / baselineMedian))
print(String(format: "| embedded: apply of a %d-replica Deployment, settled to Running | %.2f | %.0f | %.2fx the baseline's time |", replicas, embeddedMedian, Double(replicas) / embeddedMedian, embeddedMedian / baselineMedian))
print(String(format: "| serve: POST of the Deployment until %d available | %.2f | %.0f | %.2fx the embedded time |", replicas, served.seconds, Double(replicas) / served.seconds, served.seconds / embeddedMedian))
print(String(format: "serve: resident memory with %d running pods: %.0f MiB", replicas, served.memoryMiB))
