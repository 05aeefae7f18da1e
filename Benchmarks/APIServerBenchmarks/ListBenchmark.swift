import EtcdCore
import Foundation
import NIOHTTP1

// Lists of many pods (issue 21): the store's own range of the same keys is the baseline, measured in the same run
// on the same data directory; then `kubesim get pods -A` embedded, the server's JSON and Table lists over HTTPS,
// and the real kubectl's `get pods -A` when it is installed.

/// Runs `arguments` of kubesim (or another program) to completion; its wall time in ms, failing on a non-zero exit.
func timedRun(_ program: String, _ arguments: [String]) throws -> Double {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    let started = ContinuousClock.now
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { throw BenchError("\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus)") }
    return seconds(ContinuousClock.now - started) * 1000
}

/// A manifest of `count` pods over ten namespaces (with their namespaces and `default` service accounts).
private func podManifest(count: Int) -> String {
    var text = ""
    for index in 0..<10 {
        text += "---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: ns\(index)\n"
        text += "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: default\n  namespace: ns\(index)\n"
    }
    for index in 0..<count {
        text += """
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: pod-\(index)
              namespace: ns\(index % 10)
              labels: {app: web, tier: t\(index % 7)}
            spec:
              nodeName: node-\(index % 100)
              containers:
              - name: app
                image: nginx:1.27
                ports: [{containerPort: 80}]
                resources: {requests: {cpu: 100m, memory: 64Mi}}

            """
    }
    return text
}

func listBenchmark(pods count: Int) async throws {
    let directory = scratchDirectory("lists")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let data = directory + "/data"
    let manifest = directory + "/pods.yaml"
    try podManifest(count: count).write(toFile: manifest, atomically: true, encoding: .utf8)
    _ = try timedRun(kubesim, ["apply", "--data-dir", data, "--bare", "--no-controllers", "-f", manifest])

    // The baseline: the store's range of the pods' keys, values included, in this process.
    let store = try SQLiteStore.open(dataDirectory: data)
    let prefix = Data("/registry/pods/".utf8)
    var ranges: [Double] = []
    for _ in 0..<7 {
        let started = ContinuousClock.now
        let response = try await store.range(RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix)))
        ranges.append(seconds(ContinuousClock.now - started) * 1000)
        guard response.kvs.count == count else { throw BenchError("the store holds \(response.kvs.count) pods, not \(count)") }
    }
    await store.close()
    var embedded: [Double] = []
    for _ in 0..<5 { embedded.append(try timedRun(kubesim, ["get", "pods", "-A", "--no-controllers", "--data-dir", data])) }

    let server = try await Server(dataDirectory: data, options: ["--no-controllers"])
    let table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
    var jsonLists: [Double] = []
    var tableLists: [Double] = []
    var jsonBytes = 0
    for _ in 0..<7 {
        var started = ContinuousClock.now
        let (status, body) = try await server.send(.GET, "/api/v1/pods")
        guard status == 200 else { throw BenchError("the JSON list answered \(status)") }
        jsonLists.append(seconds(ContinuousClock.now - started) * 1000)
        jsonBytes = body.count
        started = ContinuousClock.now
        let (tableStatus, _) = try await server.send(.GET, "/api/v1/pods", accept: table)
        guard tableStatus == 200 else { throw BenchError("the Table list answered \(tableStatus)") }
        tableLists.append(seconds(ContinuousClock.now - started) * 1000)
    }
    var kubectlRuns: [Double] = []
    let kubectl = "/usr/bin/kubectl"
    if FileManager.default.isExecutableFile(atPath: kubectl) {
        for _ in 0..<5 { kubectlRuns.append(try timedRun(kubectl, ["--kubeconfig", data + "/admin.conf", "get", "pods", "-A"])) }
    }
    await server.stop()

    let baseline = median(ranges)
    print("lists of \(count) pods (medians; the baseline is the store's range of the same keys in this process)")
    print("figure | ms | ratio to the store's range")
    print("---|---|---")
    print(String(format: "store range of /registry/pods/ (baseline) | %.1f | 1.00", baseline))
    // The first list writes every object; later ones copy the encodings it kept (`EncodedObjectCache`).
    let first = jsonLists[0]
    let warm = median(Array(jsonLists.dropFirst()))
    print(String(format: "server JSON list over HTTPS (%.1f MB), first after start | %.1f | %.1f", Double(jsonBytes) / 1e6, first, first / baseline))
    print(String(format: "server JSON list over HTTPS, again | %.1f | %.1f", warm, warm / baseline))
    print(String(format: "server Table list of all pods (kubectl's Accept) | %.1f | %.1f", median(tableLists), median(tableLists) / baseline))
    print(String(format: "kubesim get pods -A (embedded, whole process) | %.1f | %.1f", median(embedded), median(embedded) / baseline))
    if kubectlRuns.isEmpty {
        print("kubectl get pods -A | not measured: /usr/bin/kubectl is not installed | –")
    } else {
        print(String(format: "kubectl get pods -A (whole process, all pages) | %.1f | %.1f", median(kubectlRuns), median(kubectlRuns) / baseline))
    }
}
