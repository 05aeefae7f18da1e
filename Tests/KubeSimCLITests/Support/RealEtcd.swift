import Foundation
import ProcessLaunch

/// A real etcd 3.4 server (Debian's etcd-server) on free 127.0.0.1 ports with a fresh data directory, and
/// the real etcdctl to talk to it.
final class RealEtcd {
    static let server = "/usr/bin/etcd"
    static let client = "/usr/bin/etcdctl"

    static var isInstalled: Bool {
        FileManager.default.isExecutableFile(atPath: server) && FileManager.default.isExecutableFile(atPath: client)
    }

    /// Whether these tests run in CI, where a missing etcd is a failure rather than a reason to skip.
    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] != nil }

    let endpoint: String
    private let process: Process
    private let directory: URL

    private init(endpoint: String, process: Process, directory: URL) {
        self.endpoint = endpoint
        self.process = process
        self.directory = directory
    }

    /// Starts etcd, runs `body` with it, and stops it.
    static func with<T>(_ body: (RealEtcd) async throws -> T) async throws -> T {
        let etcd = try await start()
        do {
            let result = try await body(etcd)
            etcd.stop()
            return result
        } catch {
            etcd.stop()
            throw error
        }
    }

    private static func start() async throws -> RealEtcd {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("real-etcd-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let clientURL = "http://127.0.0.1:\(try CommandRunner.freePort())"
        let peerURL = "http://127.0.0.1:\(try CommandRunner.freePort())"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: server)
        process.arguments = [
            "--data-dir", directory.appendingPathComponent("data").path, "--listen-client-urls", clientURL,
            "--advertise-client-urls", clientURL, "--listen-peer-urls", peerURL,
        ]
        let log = directory.appendingPathComponent("etcd.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try ProcessLaunch.run(process)
        let etcd = RealEtcd(endpoint: clientURL, process: process, directory: directory)
        for _ in 0..<100 {
            if try await etcd.etcdctl(["endpoint", "health", "--command-timeout=1s"]).status == 0 { return etcd }
            try await Task.sleep(for: .milliseconds(100))
        }
        etcd.stop()
        throw EtcdNotReady(log: (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Runs the real `etcdctl --endpoints=<this server> <arguments>`.
    func etcdctl(
        _ arguments: [String], stdin: String? = nil, interruptAfter: Duration? = nil,
        interruptWhen: (@Sendable (String) -> Bool)? = nil
    ) async throws -> CommandResult {
        try await CommandRunner.run(
            Self.client, ["--endpoints=\(endpoint)"] + arguments, stdin: stdin, environment: ["ETCDCTL_API": "3"],
            interruptAfter: interruptAfter, interruptWhen: interruptWhen)
    }

    private func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }

    struct EtcdNotReady: Error, CustomStringConvertible {
        var log: String
        var description: String { "etcd did not become healthy within 10 s:\n\(log)" }
    }
}
