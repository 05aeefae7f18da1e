import Foundation

/// A server process under test: `kubesim serve` or the real etcd, over TLS on loopback.
final class ServerProcess: @unchecked Sendable {
    let name: String
    let endpointPort: Int
    let process: Process
    let directory: String

    private init(name: String, port: Int, process: Process, directory: String) {
        self.name = name
        self.endpointPort = port
        self.process = process
        self.directory = directory
    }

    /// Starts `kubesim serve` on free ports with a fresh, bare data directory (TLS; it creates the PKI); the
    /// Kubernetes API it also serves stays idle.
    static func kubesim(executable: String, directory: String) throws -> ServerProcess {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--data-dir", directory, "--etcd-port", "0", "--port", "0", "--bare"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        let output = Output()
        pipe.fileHandleForReading.readabilityHandler = { output.append($0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            if let match = output.text.firstMatch(of: /etcd v3 API serving on https:\/\/127\.0\.0\.1:(\d+)/) {
                return ServerProcess(name: "kubesim", port: Int(match.1)!, process: process, directory: directory)
            }
            usleep(20_000)
        }
        process.terminate()
        throw BenchmarkError("kubesim serve did not start: \(output.text)")
    }

    /// Starts the real etcd on free ports with a fresh data directory, serving TLS with `pki`'s server
    /// certificate and requiring client certificates, as kubeadm configures it.
    static func etcd(executable: String, directory: String, pki: String) throws -> ServerProcess {
        let client = try freePort()
        let peer = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [
            "--data-dir", directory, "--name", "default",
            "--listen-client-urls", "https://127.0.0.1:\(client)", "--advertise-client-urls", "https://127.0.0.1:\(client)",
            "--listen-peer-urls", "http://127.0.0.1:\(peer)", "--initial-advertise-peer-urls", "http://127.0.0.1:\(peer)",
            "--initial-cluster", "default=http://127.0.0.1:\(peer)",
            "--cert-file", pki + "/server.crt", "--key-file", pki + "/server.key",
            "--client-cert-auth", "--trusted-ca-file", pki + "/ca.crt",
            "--logger", "zap", "--log-level", "error",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return ServerProcess(name: "etcd", port: client, process: process, directory: directory)
    }

    /// Resident memory now and at its peak, in bytes (from /proc).
    var memory: (rss: Int, peak: Int) {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
            return (Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init) ?? "") ?? 0) * 1024
        }
        return (field("VmRSS"), field("VmHWM"))
    }

    /// CPU time the process has used so far, user and system, in seconds (from /proc, 10 ms resolution).
    var cpuSeconds: Double {
        let stat = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)) ?? ""
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields = stat.split(separator: ")").last?.split(separator: " ") ?? []
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

final class Output: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ chunk: Data) { lock.withLock { data.append(chunk) } }
    var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A loopback TCP port nobody listens on right now.
func freePort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
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
    guard bound else { throw BenchmarkError("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
