import Foundation
import ProcessLaunch

/// A cluster of Debian's real etcd on loopback (plaintext, free ports, a fresh data directory per member),
/// joined with `--initial-cluster` as kubeadm's stacked members are; members are killed and restarted by pid.
final class RealEtcdCluster: @unchecked Sendable {
    struct Member {
        let name: String
        let clientPort: Int
        let peerPort: Int
        var process: Process?
        var clientURL: String { "http://127.0.0.1:\(clientPort)" }
    }

    let directory: String
    private(set) var members: [Member]
    private let lock = NSLock()

    /// The client URLs of every member, comma-separated, as `--etcd-servers` and `--endpoints` take them.
    var endpoints: String { members.map(\.clientURL).joined(separator: ",") }

    /// Starts `size` members (`m1`, `m2`, ...) and waits until each answers `endpoint health`.
    init(size: Int = 3) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("etcd-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        members = try (1...size).map { Member(name: "m\($0)", clientPort: try freePort(), peerPort: try freePort()) }
        do {
            for index in members.indices { try launch(index) }
            for member in members { try await waitHealthy(member.clientURL) }
        } catch {
            stop()
            throw error
        }
    }

    private var initialCluster: String {
        members.map { "\($0.name)=http://127.0.0.1:\($0.peerPort)" }.joined(separator: ",")
    }

    private func launch(_ index: Int) throws {
        let member = members[index]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: RealEtcd.path)
        process.arguments = [
            "--name", member.name, "--data-dir", "\(directory)/\(member.name)",
            "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
            "--listen-peer-urls", "http://127.0.0.1:\(member.peerPort)",
            "--initial-advertise-peer-urls", "http://127.0.0.1:\(member.peerPort)",
            "--initial-cluster", initialCluster, "--initial-cluster-state", "new",
            "--initial-cluster-token", "kubesim-test", "--log-level", "error", "--logger", "zap",
        ]
        let log = "\(directory)/\(member.name).log"
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try ProcessLaunch.run(process)
        lock.withLock { members[index].process = process }
    }

    /// Waits until the member answers `endpoint health`: as long as it runs, up to two minutes (a loaded machine
    /// can take long to elect a leader); a member that exits (a port taken meanwhile) fails at once, with its log.
    private func waitHealthy(_ endpoint: String) async throws {
        let member = lock.withLock { members.first { $0.clientURL == endpoint } }
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let health = try await Etcdctl.run(["--endpoints=\(endpoint)"], ["endpoint", "health"], timeout: .seconds(10))
            if health.status == 0 { return }
            if let member, member.process?.isRunning != true {
                throw MemberDidNotStart(name: member.name, reason: "it exited", log: log(of: member.name))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw MemberDidNotStart(name: member?.name ?? endpoint, reason: "not healthy after 120 s", log: log(of: member?.name ?? ""))
    }

    private func log(of name: String) -> String {
        let text = (try? String(contentsOfFile: "\(directory)/\(name).log", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").suffix(20).joined(separator: "\n")
    }

    struct MemberDidNotStart: Error, CustomStringConvertible {
        var name: String
        var reason: String
        var log: String
        var description: String { "etcd member \(name) did not start: \(reason); its log ends:\n\(log)" }
    }

    /// The name of the member that is the Raft leader now (asked of the members that are running).
    func leader() async throws -> String? {
        let running = members.filter { $0.process?.isRunning == true }
        let status = try await Etcdctl.run(
            ["--endpoints=\(running.map(\.clientURL).joined(separator: ","))"], ["endpoint", "status", "-w", "table"])
        // | ENDPOINT | ID | VERSION | DB SIZE | IS LEADER | ...
        for line in status.stdout.split(separator: "\n") {
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 4, cells[4] == "true" else { continue }
            return members.first { $0.clientURL == cells[0] }?.name
        }
        return nil
    }

    /// Kills a member with SIGKILL (as a crash would) and waits until it is gone.
    func kill(_ name: String) async {
        guard let process = lock.withLock({ members.first { $0.name == name }?.process }) else { return }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
    }

    /// Freezes a member (SIGSTOP) or thaws it (SIGCONT): a member that holds its connections open but answers
    /// nothing, as one on a hung machine.
    func freeze(_ name: String, _ frozen: Bool = true) {
        guard let process = lock.withLock({ members.first { $0.name == name }?.process }), process.isRunning else { return }
        Foundation.kill(process.processIdentifier, frozen ? SIGSTOP : SIGCONT)
    }

    /// Starts a killed member again on its data directory and waits until it answers.
    func restart(_ name: String) async throws {
        guard let index = members.firstIndex(where: { $0.name == name }) else { return }
        try launch(index)
        try await waitHealthy(members[index].clientURL)
    }

    /// Kills every member and removes the data directories.
    func stop() {
        for member in lock.withLock({ members }) {
            guard let process = member.process, process.isRunning else { continue }
            Foundation.kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: directory)
    }
}
