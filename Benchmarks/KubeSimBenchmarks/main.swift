import EtcdCore
import Foundation

// Benchmarks of the kubectl-like commands on the embedded store, each against a baseline measured in the same
// run on the same disk:
// - `kubesim apply -f DIR --no-controllers` of 1,000 and 10,000 pods, against as many sequential durable puts of
//   the same bytes straight into the store (what a write costs without the API server);
// - `kubesim get pods -A` over 10,000 pods (a whole process), against the store's own range of the same keys,
//   values included, in this process (the read without a process, decoding or printing);
// - `kubesim replay fixtures/large` (1,000+ objects: apply, dump, normalise, compare with the golden file),
//   against `kubesim apply -f fixtures/large` on a fresh bare store (the writes alone), medians of 5.
//
// Run: swift build -c release --product kubesim && swift build -c release --product kubesim-bench &&
//      .build/release/kubesim-bench
// Options: --quick (1,000 objects only, 1 repetition), --dir PATH (where to make scratch data directories).

let arguments = CommandLine.arguments
let quick = arguments.contains("--quick")
let scratchRoot = arguments.firstIndex(of: "--dir").map { arguments[$0 + 1] } ?? FileManager.default.currentDirectoryPath + "/.bench-data"
let repetitions = quick ? 1 : 3
let kubesim = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .appendingPathComponent("kubesim").path

guard FileManager.default.isExecutableFile(atPath: kubesim) else {
    FileHandle.standardError.write(Data("kubesim-bench: build the kubesim product next to it first (\(kubesim))\n".utf8))
    exit(2)
}

/// The repository's `fixtures/large`, found from this file's place in the checkout.
let largeFixture: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent("fixtures/large")
        if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("expected").path) { return candidate.path }
    }
    return "fixtures/large"
}()

/// A fresh directory under the scratch root; removed by the caller.
func scratch(_ name: String) throws -> URL {
    let url = URL(fileURLWithPath: scratchRoot).appendingPathComponent("\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Seconds a `kubesim` command takes, its output discarded; fails the benchmark if the command fails.
func time(_ command: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kubesim)
    process.arguments = command
    process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
    let start = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    let elapsed = start.duration(to: .now)
    guard process.terminationStatus == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "kubesim \(command) exited \(process.terminationStatus)"])
    }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// A pod manifest as a user writes one.
func podManifest(_ index: Int) -> String {
    """
    apiVersion: v1
    kind: Pod
    metadata:
      name: pod-\(index)
      labels:
        app: bench
        shard: "\(index % 10)"
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports:
        - containerPort: 80
    """
}

/// Writes `count` pod manifests, one file each, into a new directory, after the `default` service account the
/// pods' admission looks up (the service account controller would make it; the applies run without the loops).
func manifests(_ count: Int) throws -> URL {
    let directory = try scratch("manifests")
    try Data("apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: default\n".utf8)
        .write(to: directory.appendingPathComponent("00-serviceaccount.yaml"))
    for index in 0..<count {
        try Data(podManifest(index).utf8).write(to: directory.appendingPathComponent(String(format: "pod-%05d.yaml", index)))
    }
    return directory
}

/// Seconds to put `count` values of a stored pod's size, one durable transaction each.
func durablePuts(_ count: Int) async throws -> Double {
    let directory = try scratch("puts")
    defer { try? FileManager.default.removeItem(at: directory) }
    let store = try SQLiteStore.open(dataDirectory: directory.path)
    let value = Data(repeating: 0x78, count: 1100)
    let start = ContinuousClock.now
    for index in 0..<count {
        _ = try await store.put(PutRequest(key: Data("/registry/pods/default/pod-\(index)".utf8), value: value))
    }
    let elapsed = start.duration(to: .now)
    await store.close()
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

/// The machine's load average over 1, 5 and 15 minutes.
func loadAverage() -> String {
    let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// Seconds the store takes to range every key under `prefix`, values included, opened in this process.
func storeRange(of prefix: String, in directory: URL) async throws -> Double {
    let store = try SQLiteStore.open(dataDirectory: directory.path)
    let key = Data(prefix.utf8)
    let start = ContinuousClock.now
    let response = try await store.range(RangeRequest(key: key, rangeEnd: KeyRange.prefixEnd(key)))
    let elapsed = start.duration(to: .now)
    await store.close()
    guard !response.kvs.isEmpty else { throw CocoaError(.fileReadNoSuchFile) }
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
}

print("# kubesim benchmarks")
print("")
print("\(ProcessInfo.processInfo.activeProcessorCount) cores, \(Date()), load \(loadAverage()), medians of \(repetitions) runs (replay: 5); scratch in \(scratchRoot)")
print("")
print("| figure | kubesim | baseline | ratio |")
print("| --- | --- | --- | --- |")

for count in quick ? [1_000] : [1_000, 10_000] {
    let directory = try manifests(count)
    var applies: [Double] = []
    var puts: [Double] = []
    for _ in 0..<repetitions {
        let data = try scratch("data")
        applies.append(try time(["apply", "-f", directory.path, "--data-dir", data.path, "--bare", "--no-controllers"]))
        try? FileManager.default.removeItem(at: data)
        puts.append(try await durablePuts(count))
    }
    let apply = median(applies)
    let put = median(puts)
    print(String(
        format: "| apply -f of %d pods | %.2f s (%.0f objects/s) | %d durable puts: %.2f s (%.0f/s) | %.2f× the put time |",
        count, apply, Double(count) / apply, count, put, Double(count) / put, apply / put))
    if count == 10_000 || quick {
        let data = try scratch("data")
        _ = try time(["apply", "-f", directory.path, "--data-dir", data.path, "--bare", "--no-controllers"])
        var gets: [Double] = []
        var ranges: [Double] = []
        for _ in 0..<max(repetitions, 3) {
            gets.append(try time(["get", "pods", "-A", "--no-controllers", "--data-dir", data.path]))
            ranges.append(try await storeRange(of: "/registry/pods/", in: data))
        }
        print(String(
            format: "| get pods -A over %d pods | %.0f ms | the store's range of the same keys, in process: %.0f ms | %.2f× |",
            count, median(gets) * 1000, median(ranges) * 1000, median(gets) / median(ranges)))
        try? FileManager.default.removeItem(at: data)
    }
    try? FileManager.default.removeItem(at: directory)
}

do {
    let objects = try FileManager.default.contentsOfDirectory(atPath: largeFixture).filter { $0.hasSuffix(".yaml") }
        .map { try String(contentsOfFile: largeFixture + "/" + $0, encoding: .utf8) }
        .map { $0.split(separator: "\n").filter { $0.hasPrefix("kind:") }.count }.reduce(0, +)
    var replays: [Double] = []
    var applies: [Double] = []
    for _ in 0..<max(repetitions, 5) {
        replays.append(try time(["replay", largeFixture]))
        let data = try scratch("data")
        applies.append(try time(["apply", "-f", largeFixture, "--data-dir", data.path, "--bare"]))
        try? FileManager.default.removeItem(at: data)
    }
    print(String(
        format: "| replay fixtures/large (%d objects) | %.2f s | apply -f of the same files: %.2f s | %.2f× |",
        objects, median(replays), median(applies), median(replays) / median(applies)))
}
