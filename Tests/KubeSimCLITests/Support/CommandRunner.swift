import Foundation
import ProcessLaunch
import Synchronization

/// What a finished command printed and how it ended.
struct CommandResult: Equatable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    /// The exit status, or 128 + the signal that ended the process (as a shell reports it).
    var status: Int32

    var description: String { "status \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
}

/// Runs programs for the interop tests, with files (not pipes) for their output so nothing can block.
enum CommandRunner {
    /// Runs `executable` to completion, feeding it `stdin`, or interrupts it with SIGINT as soon as its standard
    /// output satisfies `interruptWhen` (polled), or else after `interruptAfter`. A command still running after
    /// `timeout` is terminated (status 143): two minutes by default, which only a hung command reaches (a loaded
    /// 2-core machine can stretch a 3 s command to tens of seconds).
    static func run(
        _ executable: String, _ arguments: [String], stdin: String? = nil, environment: [String: String] = [:],
        interruptAfter: Duration? = nil, interruptWhen: (@Sendable (String) -> Bool)? = nil, timeout: Duration = .seconds(120)
    ) async throws -> CommandResult {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "kubesim-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("stdout")
        let errURL = directory.appendingPathComponent("stderr")
        let inURL = directory.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data((stdin ?? "").utf8))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let handles = [
            try FileHandle(forReadingFrom: inURL), try FileHandle(forWritingTo: outURL), try FileHandle(forWritingTo: errURL),
        ]
        // Closed as soon as the child has exited: the suite starts thousands of children in one process, and
        // Foundation's Process.run() crashes once that process has over 1,024 descriptors open.
        defer { for handle in handles { try? handle.close() } }
        process.standardInput = handles[0]
        process.standardOutput = handles[1]
        process.standardError = handles[2]

        let exited = AsyncStream<Void> { continuation in
            process.terminationHandler = { _ in continuation.finish() }
        }
        try ProcessLaunch.run(process)
        let watchdog = Task {
            if let interruptAfter {
                let deadline = ContinuousClock.now + interruptAfter
                if let interruptWhen {
                    while ContinuousClock.now < deadline,
                        !interruptWhen(String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self))
                    {
                        try await Task.sleep(for: .milliseconds(20))
                    }
                } else {
                    try await Task.sleep(until: deadline)
                }
                process.interrupt()
            }
            try await Task.sleep(for: timeout)
            process.terminate()
        }
        for await _ in exited {}
        watchdog.cancel()
        process.terminationHandler = nil

        let status =
            process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return CommandResult(
            stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self), status: status)
    }

    /// A free TCP port on 127.0.0.1 (the kernel's pick for port 0).
    static func freePort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw in
                guard bind(fd, raw, length) == 0, getsockname(fd, raw, &length) == 0 else {
                    throw POSIXError(.EADDRINUSE)
                }
            }
        }
        return UInt16(bigEndian: address.sin_port)
    }
}

/// What a running command has printed so far, for a test to wait on (fed from an `interruptWhen` predicate).
final class OutputSoFar: Sendable {
    private let text = Mutex("")

    /// Records the output; returns false, so it can stand in a predicate that goes on polling.
    func record(_ output: String) -> Bool {
        text.withLock { $0 = output }
        return false
    }

    var current: String { text.withLock { $0 } }

    /// Waits until the output satisfies `predicate`, or `timeout` passes; returns whether it did.
    func waitFor(timeout: Duration = .seconds(30), _ predicate: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if predicate(current) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return predicate(current)
    }
}
