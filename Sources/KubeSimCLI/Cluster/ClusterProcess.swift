import Foundation

/// Starting, finding and stopping the cluster's processes by the pid each one's file holds.
///
/// A process is started in a process group of its own (Foundation's `Process` makes one), its output appended to
/// its log, so it outlives `kubesim cluster up` and a terminal's Ctrl-C; it is stopped only through its recorded
/// pid.
enum ClusterProcess {
    /// Starts `component` and writes its pid file; returns the pid.
    @discardableResult
    static func start(_ component: ClusterState.Component) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: component.executable)
        process.arguments = component.arguments
        if !FileManager.default.fileExists(atPath: component.log) {
            _ = FileManager.default.createFile(atPath: component.log, contents: nil)
        }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: component.log))
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandError("cannot start \(component.executable): \(error)")
        }
        try "\(process.processIdentifier)\n".write(toFile: component.pidFile, atomically: true, encoding: .utf8)
        return process.processIdentifier
    }

    /// The pid in the component's pid file when that process is still alive.
    static func runningPID(_ component: ClusterState.Component) -> Int32? {
        guard let text = try? String(contentsOfFile: component.pidFile, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        guard kill(pid, 0) == 0 else { return nil }
        // A zombie (exited, not yet reaped by its parent) is not running.
        if let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")"),
            stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
        {
            return nil
        }
        return pid
    }

    /// Sends `signal` to the component's process and waits up to `timeout` for it to end, then kills it; removes
    /// the pid file. Returns whether a process was running.
    @discardableResult
    static func stop(_ component: ClusterState.Component, signal: Int32 = SIGTERM, timeout: Duration = .seconds(10))
        async -> Bool
    {
        guard let pid = runningPID(component) else {
            try? FileManager.default.removeItem(atPath: component.pidFile)
            return false
        }
        kill(pid, signal)
        let deadline = ContinuousClock.now + timeout
        while runningPID(component) != nil && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if runningPID(component) != nil {
            kill(pid, SIGKILL)
            while runningPID(component) != nil { try? await Task.sleep(for: .milliseconds(20)) }
        }
        try? FileManager.default.removeItem(atPath: component.pidFile)
        return true
    }

    /// Waits until `port` on 127.0.0.1 accepts connections, or `timeout` passes; false when it did not.
    static func waitForPort(_ port: Int, timeout: Duration, while alive: () -> Bool = { true }) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if accepts(port) { return true }
            if !alive() { return false }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return accepts(port)
    }

    private static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A loopback TCP port nobody listens on right now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw CommandError("cannot open a socket to find a free port") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound else { throw CommandError("cannot find a free loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
