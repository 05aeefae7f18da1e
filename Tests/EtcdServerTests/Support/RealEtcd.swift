import Foundation
import ProcessLaunch

/// Debian's real etcd (etcd-server), started on free loopback ports with a fresh data directory.
final class RealEtcd: @unchecked Sendable {
    static let path = "/usr/bin/etcd"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    let directory: String
    let clientPort: Int
    let tlsFlags: [String]
    private let process: Process
    let isTLS: Bool

    var endpoint: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(clientPort)" }
    var etcdctlFlags: [String] { ["--endpoints=\(endpoint)"] + tlsFlags }

    /// Why `etcdctl snapshot restore` refused a snapshot.
    struct RestoreFailure: Error { var output: String }

    /// Starts etcd; with `pki` (a folder with kubeadm's etcd file names) it serves TLS with client-cert auth;
    /// with `snapshot`, on the data directory the real `etcdctl snapshot restore` makes of it; `extraArguments`
    /// are more etcd flags (`--quota-backend-bytes`).
    init(pkiDirectory: String? = nil, restoring snapshot: String? = nil, extraArguments: [String] = []) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("real-etcd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        clientPort = try freePort()
        let peerPort = try freePort()
        isTLS = pkiDirectory != nil
        let scheme = isTLS ? "https" : "http"
        var arguments = [
            "--data-dir", directory + "/data", "--name", "default",
            "--listen-client-urls", "\(scheme)://127.0.0.1:\(clientPort)",
            "--advertise-client-urls", "\(scheme)://127.0.0.1:\(clientPort)",
            "--listen-peer-urls", "http://127.0.0.1:\(peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
            "--initial-cluster", "default=http://127.0.0.1:\(peerPort)",
            "--log-level", "error", "--logger", "zap",
        ] + extraArguments
        if let pki = pkiDirectory {
            arguments += [
                "--cert-file", pki + "/server.crt", "--key-file", pki + "/server.key",
                "--client-cert-auth", "--trusted-ca-file", pki + "/ca.crt",
            ]
            tlsFlags = ["--cacert=\(pki)/ca.crt", "--cert=\(pki)/server.crt", "--key=\(pki)/server.key"]
        } else {
            tlsFlags = []
        }
        if let snapshot {
            let restore = try await Etcdctl.run([], [
                "snapshot", "restore", snapshot, "--data-dir", directory + "/data", "--name", "default",
                "--initial-cluster", "default=http://127.0.0.1:\(peerPort)",
                "--initial-advertise-peer-urls", "http://127.0.0.1:\(peerPort)",
            ])
            guard restore.status == 0 else {
                try? FileManager.default.removeItem(atPath: directory)
                throw RestoreFailure(output: restore.stdout + restore.stderr)
            }
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try ProcessLaunch.run(process)
        // Wait until it answers.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let health = try await Etcdctl.run(etcdctlFlags, ["endpoint", "health"], timeout: .seconds(10))
            if health.status == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await stop()
        throw POSIXError(.ETIMEDOUT)
    }

    func stop() async {
        if process.isRunning { process.terminate() }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
