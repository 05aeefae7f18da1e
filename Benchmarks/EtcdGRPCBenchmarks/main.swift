import Foundation
import GRPCNIOTransportHTTP2

// etcd-grpc-bench: the real etcd and `kubesim serve`, both over TLS with client certificates on loopback,
// driven by the same grpc-swift-2 client and workload in one run. Prints each figure for both and the ratio
// (how many times better KubeSim is: throughput kubesim/etcd, latency etcd/kubesim).
//
//   swift build -c release --product kubesim --product etcd-grpc-bench
//   .build/release/etcd-grpc-bench [--puts N] [--concurrent-puts N] [--gets N] [--range-keys N] [--reps N] [--watch N]

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
let pki = scratch + "/kubesim/pki/etcd"
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
// Each workload runs against the real etcd, then KubeSim, before the next workload: both see the same
// machine load, as near as a shared machine allows.
let stages = Workloads.Stage.allCases.filter { stage in
    let wanted = stringOption("--stages", "")
    return wanted.isEmpty || wanted.split(separator: ",").contains { String(describing: stage) == $0 }
}
for stage in stages {
    for server in servers {
        print("\(stage) against \(server.name)…")
        let workload = workloads(port: server.endpointPort, pki: pki)
        let cpuBefore = (server: server.cpuSeconds, client: clientCPUSeconds())
        results[server.name, default: []] += try await workload.run(stage)
        if let calls = workload.timedCalls(stage) {
            // CPU time per call (warm-up calls included) of the server, and of the client: what each costs the
            // machine, apart from how the two cores were shared. A single client's calls are sequential, so its
            // own CPU time per call is a floor under any server's latency on this measurement.
            let serverCPU = (server.cpuSeconds - cpuBefore.server) / Double(calls.count) * 1e6
            let clientCPU = (clientCPUSeconds() - cpuBefore.client) / Double(calls.count) * 1e6
            results[server.name, default: []] += [
                Figure(name: "server CPU per \(calls.what)", kind: .latency, value: serverCPU, unit: "µs"),
                Figure(name: "client CPU per \(calls.what)", kind: .latency, value: clientCPU, unit: "µs"),
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
