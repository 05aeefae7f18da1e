import Foundation

/// Raw requests to a served cluster as its admin, for bodies kubectl would not send, and the server's footprint.
extension ServedCluster {
    struct RawResponse: CustomStringConvertible {
        var status: Int
        var body: String
        var headers: String
        var seconds: Double
        var description: String { "\(status) in \(seconds) s: \(body.prefix(400))" }
    }

    /// Sends `body` with curl, authenticated by the admin certificate in the kubeconfig.
    func raw(
        _ method: String, _ path: String, contentType: String = "application/json", body: String? = nil
    ) async throws -> RawResponse {
        let credentials = try adminCredentials()
        var arguments = [
            "-s", "-X", method, "--cacert", workspace.dataDirectory + "/pki/ca.crt", "--cert", credentials.certificate,
            "--key", credentials.key, "-H", "Content-Type: \(contentType)", "-D", credentials.headers,
            "-w", "\n%{http_code}", "--max-time", "60", url + path,
        ]
        if let body { arguments += ["--data-binary", "@" + (try workspace.write("raw-body-\(UUID().uuidString)", body))] }
        let start = Date()
        let result = try await CommandRunner.run("/usr/bin/curl", arguments, timeout: .seconds(90))
        let seconds = Date().timeIntervalSince(start)
        let text = result.stdout
        let split = text.lastIndex(of: "\n") ?? text.startIndex
        let headers = (try? String(contentsOfFile: credentials.headers, encoding: .utf8)) ?? ""
        return RawResponse(
            status: Int(text[split...].trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0,
            body: String(text[..<split]), headers: headers, seconds: seconds)
    }

    /// The admin's certificate and key, written out of the kubeconfig once.
    func adminCredentials() throws -> (certificate: String, key: String, headers: String) {
        let directory = workspace.directory.appendingPathComponent("admin")
        let certificate = directory.appendingPathComponent("admin.crt").path
        let key = directory.appendingPathComponent("admin.key").path
        let headers = directory.appendingPathComponent("headers-\(UUID().uuidString)").path
        if !FileManager.default.fileExists(atPath: key) {
            let config = try String(contentsOfFile: kubeconfig, encoding: .utf8)
            func field(_ name: String) throws -> Data {
                guard let match = config.firstMatch(of: try Regex("\(name): (\\S+)")),
                    let text = match.output[1].substring, let data = Data(base64Encoded: String(text))
                else { throw CocoaError(.fileReadCorruptFile) }
                return data
            }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try field("client-certificate-data").write(to: URL(fileURLWithPath: certificate))
            try field("client-key-data").write(to: URL(fileURLWithPath: key))
        }
        return (certificate, key, headers)
    }

    /// The server process's resident memory in MiB, from /proc.
    var residentMiB: Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) / 1024
    }

    /// How many file descriptors the server process holds, from /proc.
    var openDescriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd").count) ?? 0
    }

    /// The real etcdctl against the server's etcd endpoint, with the certificates the server announced.
    func realEtcdctl(_ arguments: [String], stdin: String? = nil) async throws -> CommandResult {
        guard let endpoints = output.firstMatch(of: /--endpoints=\S+/) else { throw CocoaError(.fileReadUnknown) }
        var flags = [String(endpoints.output)]
        if let tls = output.firstMatch(of: /--cacert=\S+ --cert=\S+ --key=\S+/) {
            flags += tls.output.split(separator: " ").map(String.init)
        }
        return try await CommandRunner.run("/usr/bin/etcdctl", flags + arguments, stdin: stdin, environment: ["ETCDCTL_API": "3"])
    }
}
