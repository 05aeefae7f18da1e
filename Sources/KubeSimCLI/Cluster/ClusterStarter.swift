import EtcdClient
import EtcdCore
import Foundation

/// Starts the cluster's processes in order and waits until each serves: the etcd members (together, as a new
/// cluster needs its quorum to start), then the API servers one by one, then the balancer.
struct ClusterStarter {
    var state: ClusterState
    var console: Console

    func startAll() async throws {
        let members = state.components.filter { $0.role == .etcd }
        for member in members { try startProcess(member) }
        for member in members { try await waitUntilServing(member) }
        try await waitForQuorum()
        for component in state.components where component.role != .etcd {
            try startProcess(component)
            try await waitUntilServing(component)
        }
    }

    /// Starts one component again (`kubesim cluster restart`) and waits until it serves.
    func restart(_ component: ClusterState.Component) async throws {
        guard ClusterProcess.runningPID(component) == nil else {
            throw CommandError("\(component.role.rawValue) \(component.name) is running; kill it first")
        }
        try startProcess(component)
        try await waitUntilServing(component)
    }

    private func startProcess(_ component: ClusterState.Component) throws {
        let pid = try ClusterProcess.start(component)
        console.out.line("[cluster] \(component.role.rawValue) \(component.name) started (pid \(pid), log \(component.log))")
        console.out.flush()
    }

    private func waitUntilServing(_ component: ClusterState.Component) async throws {
        guard let port = URL(string: component.url)?.port else { return }
        let serving = await ClusterProcess.waitForPort(port, timeout: .seconds(60)) {
            ClusterProcess.runningPID(component) != nil
        }
        guard serving else {
            let tail = (try? String(contentsOfFile: component.log, encoding: .utf8))?.split(separator: "\n").suffix(15)
                .joined(separator: "\n") ?? ""
            throw CommandError(
                "\(component.role.rawValue) \(component.name) did not come up on \(component.url); the end of \(component.log):\n\(tail)")
        }
    }

    /// Waits until the members answer a write-free read through etcd's client (they elected a leader).
    private func waitForQuorum() async throws {
        let tls = EtcdTLSFiles(
            caFile: "\(state.etcdPKI)/ca.crt", certFile: "\(state.etcdPKI)/server.crt", keyFile: "\(state.etcdPKI)/server.key")
        let client = try await EtcdClient(endpoints: state.etcdEndpoints, tls: tls, dialTimeout: .seconds(10), requestTimeout: .seconds(10))
        defer { Task { await client.close() } }
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                _ = try await client.range(RangeRequest(key: Data("/registry/namespaces/default".utf8)))
                return
            } catch where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }

    /// Runs a program to its end; its status and combined output.
    static func runToEnd(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-cluster-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try? handle.close()
        return (process.terminationStatus, (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }
}
