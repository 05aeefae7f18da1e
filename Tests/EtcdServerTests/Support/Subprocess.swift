import Foundation
import ProcessLaunch

/// What a finished child process printed and how it ended.
struct ProcessResult: Sendable {
    var stdout: String
    var stderr: String
    var status: Int32
    var timedOut: Bool
}

/// Runs a program to completion (killing it after `timeout`), feeding it `input`.
///
/// It waits without blocking a thread: the servers under test run on the same (small) pool of threads.
func runProcess(
    _ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil,
    timeout: Duration = .seconds(30)
) async throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin
    try ProcessLaunch.run(process)
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try? stdin.fileHandleForWriting.close()
    // Read both pipes on threads of their own while the process runs, so a full pipe cannot stall it. Not on
    // Dispatch's global queues: on Linux Swift's tasks run there too, and blocked readers would starve them.
    let outData = LockedData()
    let errData = LockedData()
    let group = DispatchGroup()
    for (pipe, sink) in [(out, outData), (err, errData)] {
        group.enter()
        Thread {
            sink.set(ProcessLaunch.readToEnd(pipe.fileHandleForReading))
            group.leave()
        }.start()
    }
    let deadline = ContinuousClock.now + timeout
    var timedOut = false
    while process.isRunning {
        if ContinuousClock.now > deadline {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            break
        }
        try await Task.sleep(for: .milliseconds(5))
    }
    await withCheckedContinuation { continuation in group.notify(queue: .global()) { continuation.resume() } }
    while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
    return ProcessResult(
        stdout: String(decoding: outData.get(), as: UTF8.self), stderr: String(decoding: errData.get(), as: UTF8.self),
        status: process.terminationStatus, timedOut: timedOut)
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ value: Data) { lock.withLock { data = value } }
    func get() -> Data { lock.withLock { data } }
}

/// The real etcdctl (Debian's etcd-client), with the v3 API.
enum Etcdctl {
    static let path = "/usr/bin/etcdctl"
    static var isInstalled: Bool { FileManager.default.isExecutableFile(atPath: path) }

    static func run(_ flags: [String], _ arguments: [String], input: String? = nil, timeout: Duration = .seconds(20))
        async throws -> ProcessResult
    {
        try await runProcess(
            path, flags + ["--command-timeout=5s"] + arguments, environment: ["ETCDCTL_API": "3"], input: input,
            timeout: timeout)
    }
}

/// A loopback TCP port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EMFILE) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(fd, socketAddress, length) == 0 && getsockname(fd, socketAddress, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// The directory of the test binary, where SwiftPM puts the package's other executables.
var builtProductsDirectory: String {
    let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    var url = URL(fileURLWithPath: executable).deletingLastPathComponent()
    // The test bundle's binary can sit inside `<name>.xctest/`; the products are beside the bundle.
    while url.path.contains(".xctest") { url = url.deletingLastPathComponent() }
    return url.path
}

/// A child process that runs while the test goes on, its output collected as it comes; nothing here blocks
/// a thread of the concurrency pool, which the in-process servers need.
final class BackgroundProcess: @unchecked Sendable {
    let process = Process()
    private let out = LockedData()
    private let err = LockedData()

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        let out = out
        let err = err
        outPipe.fileHandleForReading.readabilityHandler = { Self.collect($0, into: out) }
        errPipe.fileHandleForReading.readabilityHandler = { Self.collect($0, into: err) }
        try ProcessLaunch.run(process)
    }

    /// Appends what `handle` has; at end of file removes the handler, so that its dispatch read source is gone
    /// before the pipe closes the descriptor (a source left on a closed, reused descriptor can crash libdispatch's
    /// event loop, and at end of file the handler would otherwise be called again and again).
    private static func collect(_ handle: FileHandle, into data: LockedData) {
        let chunk = handle.availableData
        if chunk.isEmpty { handle.readabilityHandler = nil } else { data.append(chunk) }
    }

    var stdout: String { String(decoding: out.get(), as: UTF8.self) }
    var stderr: String { String(decoding: err.get(), as: UTF8.self) }
    var isRunning: Bool { process.isRunning }

    /// Waits until `text` appears on standard output, or `timeout` passes; returns whether it did.
    func waitFor(_ predicate: (String) -> Bool, timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if predicate(stdout) { return true }
            if !process.isRunning { return predicate(stdout) }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    /// Sends `signal` and waits for the process to end; returns how it ended.
    @discardableResult
    func stop(_ signal: Int32 = SIGTERM, timeout: Duration = .seconds(15)) async -> (reason: Process.TerminationReason, status: Int32) {
        if process.isRunning { kill(process.processIdentifier, signal) }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        while process.isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        try? await Task.sleep(for: .milliseconds(50))  // the last output
        return (process.terminationReason, process.terminationStatus)
    }
}

extension LockedData {
    func append(_ chunk: Data) { set(get() + chunk) }
}
