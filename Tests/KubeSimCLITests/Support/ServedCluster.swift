import Foundation
import KubeAPI
import ProcessLaunch

/// A `kubesim serve` child process on free loopback ports over a fresh, bare data directory, with the real kubectl
/// pointed at it through the kubeconfig the server writes and a fresh `--cache-dir`.
final class ServedCluster: @unchecked Sendable {
    let workspace: KubectlWorkspace
    let process: Process
    /// The Kubernetes API's URL, e.g. `https://127.0.0.1:40123`.
    let url: String
    var kubeconfig: String { workspace.directory.appendingPathComponent("kubeconfig").path }
    var cacheDirectory: String { workspace.directory.appendingPathComponent("kube-cache").path }
    private let stdoutPath: String

    static let kubectlPath = "/usr/bin/kubectl"
    static var kubectlInstalled: Bool { FileManager.default.isExecutableFile(atPath: kubectlPath) }

    struct StartFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "kubesim serve did not start:\n\(output)" }
    }

    /// Starts the server and waits until it announces its URL; `bare: false` serves the kubeadm-like cluster
    /// a new data directory gets (control plane, two workers, CoreDNS), settled by the control loops.
    /// `workspace` restarts a server on the data directory of one stopped with `stop(keepingData: true)`.
    init(bare: Bool = true, extraArguments: [String] = [], workspace: KubectlWorkspace? = nil) async throws {
        let workspace = try workspace ?? KubectlWorkspace(bare: bare)
        self.workspace = workspace
        stdoutPath = workspace.directory.appendingPathComponent("serve.out").path
        let stderrPath = workspace.directory.appendingPathComponent("serve.err").path
        _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process = Process()
        process.executableURL = URL(fileURLWithPath: KubeSimBinary.path)
        process.arguments =
            [
                "serve", "--data-dir", workspace.dataDirectory, "--port", "0", "--etcd-port", "0",
                "--write-kubeconfig", workspace.directory.appendingPathComponent("kubeconfig").path,
            ] + (workspace.bare ? ["--bare"] : []) + extraArguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        try ProcessLaunch.run(process)
        let pattern = /Kubernetes API serving on (https:\/\/127\.0\.0\.1:\d+)/
        var found: String?
        for _ in 0..<200 {
            let text = (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? ""
            if let match = text.firstMatch(of: pattern), text.contains("etcd v3 API serving") {
                found = String(match.1)
                break
            }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        guard let found else {
            process.terminate()
            let output = ((try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "")
                + ((try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "")
            workspace.remove()
            throw StartFailure(output: output)
        }
        url = found
    }

    /// Runs `body` with a started server and stops it afterwards, also when `body` throws, so no server outlives
    /// its test.
    static func with<T>(
        bare: Bool = true, extraArguments: [String] = [], _ body: (ServedCluster) async throws -> T
    ) async throws -> T {
        let cluster = try await ServedCluster(bare: bare, extraArguments: extraArguments)
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    /// What the server printed so far.
    var output: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }

    /// Runs the real kubectl against the server.
    func kubectl(
        _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:], interruptAfter: Duration? = nil,
        interruptWhen: (@Sendable (String) -> Bool)? = nil
    ) async throws -> CommandResult {
        try await CommandRunner.run(
            Self.kubectlPath, ["--kubeconfig", kubeconfig, "--cache-dir", cacheDirectory] + arguments, stdin: stdin,
            environment: environment, interruptAfter: interruptAfter, interruptWhen: interruptWhen)
    }

    /// Runs `kubesim` against the server through the same kubeconfig.
    func kubesim(_ arguments: [String], stdin: String? = nil) async throws -> CommandResult {
        try await CommandRunner.run(KubeSimBinary.path, ["--kubeconfig", kubeconfig] + arguments, stdin: stdin)
    }

    /// The object stored under an etcd key (JSON or Kubernetes protobuf), read with `kubesim etcdctl` on the data
    /// directory beside the server.
    func storedValue(_ key: String) async throws -> [String: Any]? {
        let result = try await KubeSimBinary.etcdctl(["get", key, "-w", "json"], dataDirectory: workspace.dataDirectory)
        let response = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        guard let value = ((response?["kvs"] as? [[String: Any]])?.first?["value"] as? String).flatMap({ Data(base64Encoded: $0) })
        else { return nil }
        return try JSONSerialization.jsonObject(with: StorageMediaType.decode(value).jsonData()) as? [String: Any]
    }

    /// The keys under `prefix` once the control loops' start-up writes (root CA ConfigMaps, service accounts) are
    /// done: read until two reads half a second apart agree.
    func settledKeys(_ prefix: String) async throws -> [String] {
        var last = try await keys(prefix)
        for _ in 0..<40 {
            try await Task.sleep(for: .milliseconds(500))
            let next = try await keys(prefix)
            if next == last { return next }
            last = next
        }
        return last
    }

    /// Every key under a prefix.
    func keys(_ prefix: String) async throws -> [String] {
        let result = try await KubeSimBinary.etcdctl(
            ["get", prefix, "--prefix", "--keys-only"], dataDirectory: workspace.dataDirectory)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// Stops the server with SIGTERM, waits for it and removes the data (unless `keepingData`, for a restart);
    /// returns its exit status.
    @discardableResult
    func stop(keepingData: Bool = false) async -> Int32 {
        if process.isRunning { process.terminate() }
        for _ in 0..<150 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        if !keepingData { workspace.remove() }
        return process.terminationStatus
    }
}
