import Foundation
import ProcessLaunch
import Synchronization

/// `kubesim serve` (plaintext etcd endpoint, no control loops) in a child process on a data directory, which a
/// robustness run kills with SIGKILL and starts again on the same directory.
public final class ServeProcess: Sendable {
    public let executable: String
    public let dataDirectory: String
    /// Extra environment, such as `KUBESIM_FAILPOINTS`.
    public let environment: [String: String]
    private struct Running { var process: Process; var port: Int? }
    private let running = Mutex<Running?>(nil)
    public let restarts = Atomic<Int>(0)

    public init(executable: String, dataDirectory: String, environment: [String: String] = [:]) {
        self.executable = executable
        self.dataDirectory = dataDirectory
        self.environment = environment
    }

    /// The etcd port while the server is up and serving.
    public var port: Int? { running.withLock { $0?.process.isRunning == true ? $0?.port : nil } }

    private let starts = Atomic<UInt64>(0)

    /// Starts the server and waits until its etcd endpoint serves, starting it again (up to five times) when it
    /// dies on the way (a failpoint's panic in a startup write).
    public func start() async throws {
        for _ in 0..<4 {
            if (try? await startOnce()) != nil { return }
        }
        try await startOnce()
    }

    private func startOnce() async throws {
        // Each start draws its failpoints' chances afresh, so a panic is not replayed at the same commit forever.
        let start = starts.add(1, ordering: .relaxed).newValue
        var environment = environment
        if let seed = environment["KUBESIM_FAILPOINTS_SEED"].flatMap(UInt64.init) {
            environment["KUBESIM_FAILPOINTS_SEED"] = String(seed &+ start &* 7919)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "serve", "--data-dir", dataDirectory, "--bare", "--no-controllers", "--etcd-plaintext", "--port", "0",
            "--etcd-port", "0",
        ]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let printed = Printed()
        output.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            // At end of file the handler goes, so its read source is gone before the pipe's descriptor closes.
            if chunk.isEmpty { handle.readabilityHandler = nil } else { printed.bytes.withLock { $0.append(chunk) } }
        }
        try ProcessLaunch.run(process)
        running.withLock { $0 = Running(process: process, port: nil) }
        let pattern = /etcd v3 API serving on http:\/\/127\.0\.0\.1:(\d+)/
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline && process.isRunning {
            let text = printed.bytes.withLock { String(decoding: $0, as: UTF8.self) }
            if let match = text.firstMatch(of: pattern), let port = Int(match.1) {
                running.withLock { $0?.port = port }
                return
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        kill()
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "kubesim serve did not start"])
    }

    /// SIGKILLs the server and waits for it to be gone.
    public func kill() {
        guard let process = running.withLock({ $0?.process }) else { return }
        running.withLock { $0?.port = nil }
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Kills the server and starts it again on the same data directory.
    public func restart() async throws {
        kill()
        try await start()
        restarts.add(1, ordering: .relaxed)
    }

    private final class Printed: Sendable {
        let bytes = Mutex(Data())
    }

    /// Whether the server died on its own (not by our SIGKILL).
    public var crashed: Bool {
        running.withLock { state in
            guard let state, state.port != nil else { return false }
            return !state.process.isRunning
        }
    }
}
