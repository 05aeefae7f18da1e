import Foundation

/// What one stage measured against one server, and the client's CPU time for its timed calls.
struct StageOutcome {
    var figures: [Figure] = []
    var clientCPUSeconds: Double?
}

/// etcd's own Go client (clientv3, the client kube-apiserver uses) running one stage against one server:
/// `Benchmarks/EtcdGoDriver`, built by `scripts/build-etcd-go-driver.sh`. One process per stage and server; it
/// prints its figures and the CPU time of its timed calls, one JSON object a line.
struct GoDriver: Sendable {
    let executable: String
    let pki: String
    let workloads: Workloads

    private struct Line: Decodable {
        var name: String?
        var kind: String?
        var value: Double?
        var unit: String?
        var cpuSeconds: Double?
    }

    init(executable: String, pki: String, workloads: Workloads) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw BenchmarkError(
                "etcd's Go client driver is not built at \(executable): run scripts/build-etcd-go-driver.sh "
                    + "(needs apt-get install -y golang-go golang-etcd-server-dev), pass --go-driver PATH, "
                    + "or --client swift for the grpc-swift-2 client")
        }
        self.executable = executable
        self.pki = pki
        self.workloads = workloads
    }

    private func arguments(_ stage: Workloads.Stage) -> [String] {
        let w = workloads
        switch stage {
        case .sequentialPuts: return ["-stage", "puts", "-clients", "1", "-count", "\(w.sequentialPuts)"]
        case .concurrent16: return ["-stage", "puts", "-clients", "16", "-count", "\(w.concurrentPuts)"]
        case .concurrent64: return ["-stage", "puts", "-clients", "64", "-count", "\(w.concurrentPuts)"]
        case .pointGets: return ["-stage", "gets", "-clients", "1", "-count", "\(w.gets)", "-keys", "\(w.sequentialPuts)"]
        case .pointGets16:
            return ["-stage", "gets", "-clients", "16", "-count", "\(w.gets)", "-keys", "\(w.sequentialPuts)"]
        case .ranges: return ["-stage", "ranges", "-keys", "\(w.rangeKeys)", "-reps", "\(w.rangeRepetitions)"]
        case .watch: return ["-stage", "watch", "-count", "\(w.watchSamples)"]
        }
    }

    func run(_ stage: Workloads.Stage, port: Int) throws -> StageOutcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-endpoint", "https://127.0.0.1:\(port)", "-pki", pki] + arguments(stage)
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("etcd-go-driver \(stage) failed (exit \(process.terminationStatus)): \(errorText)")
        }
        var outcome = StageOutcome()
        for line in data.split(separator: UInt8(ascii: "\n")) {
            let decoded = try JSONDecoder().decode(Line.self, from: Data(line))
            if let cpu = decoded.cpuSeconds {
                outcome.clientCPUSeconds = cpu
            } else if let name = decoded.name, let value = decoded.value, let unit = decoded.unit {
                outcome.figures.append(
                    Figure(name: name, kind: decoded.kind == "throughput" ? .throughput : .latency, value: value, unit: unit))
            }
        }
        return outcome
    }
}
