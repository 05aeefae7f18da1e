import Foundation
import GRPCNIOTransportHTTP2

// etcd-grpc-bench: the real etcd and `kubesim serve`, both over TLS with client certificates on loopback,
// driven by the same client and workload in one run: etcd's own Go client (clientv3, `--client go`, the default;
// scripts/build-etcd-go-driver.sh builds it) or the grpc-swift-2 client (`--client swift`). Prints each figure for
// both and the ratio (how many times better KubeSim is: throughput kubesim/etcd, latency etcd/kubesim), and the
// disk's own fsync time measured in the same run.
//
//   swift build -c release --product kubesim && swift build -c release --product etcd-grpc-bench
//   scripts/build-etcd-go-driver.sh
//   .build/release/etcd-grpc-bench [--client go|swift] [--go-driver PATH] [--puts N] [--concurrent-puts N]
//       [--gets N] [--range-keys N] [--reps N] [--watch N]

func option(_ name: String, _ fallback: Int) -> Int {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1])
    else { return fallback }
    return value
}

func stringOption(_ name: String, _ fallback: String) -> String {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

let binDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let kubesimPath = stringOption("--kubesim", binDirectory + "/kubesim")
let etcdPath = stringOption("--etcd", "/usr/bin/etcd")
let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("etcd-grpc-bench-\(UUID().uuidString)").path
// `serve` makes the kubeadm-style PKI under its data directory that both servers and the clients use.
let pki = scratch + "/kubesim/pki/etcd"
let clientKind = stringOption("--client", "go")
let goDriver: GoDriver?
do {
    guard clientKind == "go" || clientKind == "swift" else { throw BenchmarkError("--client is go or swift") }
    goDriver =
        clientKind == "go"
        ? try GoDriver(
            executable: stringOption("--go-driver", binDirectory + "/etcd-go-driver"), pki: pki,
            workloads: workloads(port: 0, pki: pki))
        : nil
} catch {
    FileHandle.standardError.write(Data("etcd-grpc-bench: \(error)\n".utf8))
    exit(1)
}
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: scratch) }

func workloads(port: Int, pki: String) -> Workloads {
    Workloads(
        factory: ClientFactory(port: port, pki: pki), sequentialPuts: option("--puts", 3000),
        concurrentPuts: option("--concurrent-puts", 6400), gets: option("--gets", 5000),
        rangeKeys: option("--range-keys", 10_000), rangeRepetitions: option("--reps", 10),
        watchSamples: option("--watch", 300))
}

/// CPU time this process (the benchmark's client) has used so far, user and system, in seconds.
func clientCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Waits until a freshly started server answers a Status call.
func waitUntilServing(_ factory: ClientFactory) async throws {
    let deadline = ContinuousClock.now + .seconds(30)
    while ContinuousClock.now < deadline {
        do {
            try await factory.withConnections(1) { clients in
                try await EtcdProtoPing().ping(clients[0])
            }
            return
        } catch {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
    throw BenchmarkError("server did not answer")
}

print("etcd-grpc-bench: kubesim \(kubesimPath), etcd \(etcdPath), scratch \(scratch)")
// KubeSim first: `serve` makes the kubeadm-style PKI that both servers then use.
let kubesim = try ServerProcess.kubesim(executable: kubesimPath, directory: scratch + "/kubesim")
let etcd = try ServerProcess.etcd(executable: etcdPath, directory: scratch + "/etcd", pki: pki)
defer {
    kubesim.stop()
    etcd.stop()
}
var results: [String: [Figure]] = [:]
// `--only kubesim` (or `etcd`) measures one server, for profiling.
let only = stringOption("--only", "")
let servers = [etcd, kubesim].filter { only.isEmpty || $0.name == only }
for server in servers {
    try await waitUntilServing(ClientFactory(port: server.endpointPort, pki: pki))
}
print("client: \(goDriver.map { "etcd's Go client (clientv3), \($0.executable)" } ?? "grpc-swift-2")")
let diskSync = try measureDiskSync(directory: scratch, count: option("--syncs", 1000))

/// Runs one stage against one server with the chosen client; the client's CPU seconds for its calls.
func run(_ stage: Workloads.Stage, against server: ServerProcess) async throws -> StageOutcome {
    if let goDriver { return try goDriver.run(stage, port: server.endpointPort) }
    let before = clientCPUSeconds()
    let figures = try await workloads(port: server.endpointPort, pki: pki).run(stage)
    return StageOutcome(figures: figures, clientCPUSeconds: clientCPUSeconds() - before)
}

// Each workload runs against the real etcd, then KubeSim, before the next workload: both see the same
// machine load, as near as a shared machine allows.
let stages = Workloads.Stage.allCases.filter { stage in
    let wanted = stringOption("--stages", "")
    return wanted.isEmpty || wanted.split(separator: ",").contains { String(describing: stage) == $0 }
}
for stage in stages {
    for server in servers {
        print("\(stage) against \(server.name)…")
        let serverCPUBefore = server.cpuSeconds
        let outcome = try await run(stage, against: server)
        results[server.name, default: []] += outcome.figures
        if let calls = workloads(port: 0, pki: pki).timedCalls(stage), let clientCPU = outcome.clientCPUSeconds {
            // CPU time per call (the server's includes connecting and warm-up calls) of the server, and of the
            // client: what each costs the machine, apart from how the two cores were shared. A single client's
            // calls are sequential, so its own CPU time per call is a floor under any server's latency here.
            let serverCPU = (server.cpuSeconds - serverCPUBefore) / Double(calls.count) * 1e6
            results[server.name, default: []] += [
                Figure(name: "server CPU per \(calls.what)", kind: .latency, value: serverCPU, unit: "µs"),
                Figure(name: "client CPU per \(calls.what)", kind: .latency, value: clientCPU / Double(calls.count) * 1e6, unit: "µs"),
            ]
        }
    }
}
for server in servers {
    let memory = server.memory
    results[server.name, default: []] += [
        Figure(name: "memory RSS after the run", kind: .bytes, value: Double(memory.rss) / 1_048_576, unit: "MiB"),
        Figure(name: "memory peak RSS", kind: .bytes, value: Double(memory.peak) / 1_048_576, unit: "MiB"),
    ]
    server.stop()
}

let etcdFigures = results["etcd"] ?? []
let kubesimFigures = results["kubesim"] ?? []
print("")
print("| figure | real etcd 3.4 | KubeSim | KubeSim vs etcd |")
print("|---|---:|---:|---:|")
for (mine, theirs) in zip(kubesimFigures, etcdFigures.isEmpty ? kubesimFigures : etcdFigures) {
    let ratio = mine.kind == .throughput ? mine.value / theirs.value : theirs.value / mine.value
    let format = { (value: Double) in String(format: value >= 100 ? "%.0f" : "%.3f", value) }
    print("| \(mine.name) | \(format(theirs.value)) \(mine.unit) | \(format(mine.value)) \(mine.unit) | \(String(format: "%.2fx", ratio)) |")
}
print("")
print("ratio: throughput KubeSim/etcd; latency and memory etcd/KubeSim (above 1 means KubeSim is better).")
print("")
// The disk's durable-write floor, measured in the same run: a sequential durable put cannot be faster.
let sync = diskSync[0].value
print("| the disk, same run | p50 | sequential put p50 / this |")
print("|---|---:|---:|")
print("| \(diskSync[0].name) | \(String(format: "%.3f", sync)) ms | |")
for server in servers {
    if let put = results[server.name]?.first(where: { $0.name == "sequential put p50" }) {
        print("| \(server.name) sequential put p50 | \(String(format: "%.3f", put.value)) ms | \(String(format: "%.2fx", put.value / sync)) |")
    }
}
