import ArgumentParser
import EtcdCore
import Foundation
import SwiftASN1
import X509

/// etcdctl inside the simulated etcd container: KubeSim's etcdctl commands on the served store, reached as
/// the real etcdctl reaches the pod's etcd on `127.0.0.1:2379` — over TLS, with `--cacert`, `--cert` and
/// `--key` (or `ETCDCTL_CACERT`, ...) naming files the container sees. A file that is not there, or a key
/// that is not its certificate's, fails as etcdctl's client configuration fails (exit 128); a CA that did
/// not sign the server's certificate, or a client certificate the etcd CA did not sign, fails the handshake,
/// and the request ends as etcdctl's does when its connection never comes up: `context deadline exceeded`.
struct ContainerEtcdctl: Sendable {
    /// The served store; nil when the registry lives in an etcd cluster that is not this container.
    let store: SQLiteStore?
    /// The etcd server's certificate, which the client must trust; nil when the etcd API is served without TLS.
    let serverCertificate: String?
    let files: ContainerFiles
    let clientURLs: [String]
    let version: String

    /// The etcdctl commands that make sense here; the rest read or write files or run until interrupted.
    private static let commands: Set = ["get", "put", "del", "compaction", "defrag", "lease", "endpoint", "member", "alarm"]

    struct Output {
        var out: [UInt8] = []
        var err: [UInt8] = []
        var status: Int32 = 0
    }

    func run(_ arguments: [String], environment: [String: String]) async -> Output {
        var output = Output()
        func fail(_ message: String, _ code: Int32) -> Output {
            output.err += Array((message + "\n").utf8)
            output.status = code
            return output
        }
        if let rejection = EtcdctlV2.rejection(arguments: ["etcdctl"] + arguments, environment: environment) {
            // Inside the container the advice names its own etcdctl.
            return fail("Error: \(rejection.replacing("kubesim etcdctl ", with: "etcdctl "))", EtcdctlExitCode.error.rawValue)
        }
        let (flags, rest) = Self.connectionFlags(arguments, environment: environment)
        let command = rest.first { !$0.hasPrefix("-") }
        if command == "version" {
            output.out = Array("etcdctl version: \(version)\nAPI version: \(version.split(separator: ".").prefix(2).joined(separator: "."))\n".utf8)
            return output
        }
        if let command, !Self.commands.contains(command), !rest.contains("--help"), !rest.contains("-h") {
            return fail(
                "Error: kubesim: \"etcdctl \(command)\" is not simulated inside the container (it runs until interrupted or "
                    + "works on files); run it with the real etcdctl against the etcd endpoint `kubesim serve` prints, "
                    + "or as `kubesim etcdctl \(command)` on the data directory", EtcdctlExitCode.error.rawValue)
        }
        guard let store else {
            return fail("Error: kubesim: the registry is kept in an external etcd cluster; use etcdctl against it", 1)
        }
        let endpoint = flags["endpoints"]?.split(separator: ",").first.map(String.init) ?? "127.0.0.1:2379"
        switch connection(flags) {
        case .configurationError(let message):
            return fail("Error: \(message)", EtcdctlExitCode.badArguments.rawValue)
        case .handshakeFailure(let reason):
            // etcdctl retries until its command timeout (5 s unless --command-timeout says otherwise).
            try? await Task.sleep(for: Self.duration(flags["command-timeout"]) ?? .seconds(5))
            let warning = retryWarning(reason: reason, endpoint: endpoint)
            if command == "endpoint" && rest.contains("health") {
                return fail(
                    warning + "\n\(endpoint) is unhealthy: failed to commit proposal: context deadline exceeded\nError: unhealthy cluster", 1)
            }
            return fail(warning + "\nError: context deadline exceeded", EtcdctlExitCode.error.rawValue)
        case .connected:
            break
        }
        let (out, err) = (MemorySink(), MemorySink())
        let context = EtcdctlEnvironment(
            console: Console(out: out, err: err), store: store, endpoint: endpoint, clientURLs: clientURLs,
            standardInput: { nil })
        output.status = await EtcdctlEnvironment.$current.withValue(context) { await Self.execute(rest) }
        output.out = out.bytes
        output.err = err.bytes
        return output
    }

    /// Runs the parsed command, answering failures as `kubesim etcdctl` does.
    private static func execute(_ arguments: [String]) async -> Int32 {
        let console = EtcdctlEnvironment.current.console
        do {
            var command = try Etcdctl.parseAsRoot(arguments)
            if var command = command as? any AsyncParsableCommand { try await command.run() } else { try command.run() }
            return 0
        } catch let failure as EtcdctlFailure {
            console.err.line("Error: \(failure.message)")
            return failure.code.rawValue
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            let code = Etcdctl.exitCode(for: error)
            (code == .success ? console.out : console.err).line(Etcdctl.fullMessage(for: error))
            return code == .success ? 0 : code == .validationFailure ? EtcdctlExitCode.badArguments.rawValue : code.rawValue
        }
    }

    // MARK: - The connection

    /// etcdctl's connection flags, from the command line and `ETCDCTL_*`, and the rest of the command line.
    static func connectionFlags(_ arguments: [String], environment: [String: String]) -> (flags: [String: String], rest: [String]) {
        let valued: Set = ["cacert", "cert", "key", "endpoints", "dial-timeout", "command-timeout", "keepalive-time",
            "keepalive-timeout", "user", "password", "discovery-srv"]
        let boolean: Set = ["insecure-transport", "insecure-skip-tls-verify", "insecure-discovery", "debug"]
        var flags: [String: String] = [:]
        for name in valued.union(boolean) {
            let variable = "ETCDCTL_" + name.uppercased().replacing("-", with: "_")
            if let value = environment[variable] { flags[name] = value }
        }
        var rest: [String] = []
        var words = arguments[...]
        while let word = words.popFirst() {
            guard word.hasPrefix("--") else {
                rest.append(word)
                continue
            }
            let parts = word.dropFirst(2).split(separator: "=", maxSplits: 1).map(String.init)
            if valued.contains(parts[0]) {
                flags[parts[0]] = parts.count == 2 ? parts[1] : words.popFirst() ?? ""
            } else if boolean.contains(parts[0]) {
                flags[parts[0]] = parts.count == 2 ? parts[1] : "true"
            } else {
                rest.append(word)
            }
        }
        return (flags, rest)
    }

    enum Connection: Equatable {
        case connected
        /// etcdctl's client configuration failed: `Error: <message>`, exit 128.
        case configurationError(String)
        /// The TLS handshake failed for this reason.
        case handshakeFailure(String)
    }

    /// Whether etcdctl with these flags reaches the container's etcd.
    func connection(_ flags: [String: String]) -> Connection {
        for name in ["cert", "key", "cacert"] where flags[name] == "" {
            return .configurationError("empty string is passed to --\(name) option")
        }
        let (cert, key, cacert) = (flags["cert"], flags["key"], flags["cacert"])
        /// The file's bytes, or the failure to read it.
        func read(_ path: String) -> (data: Data?, failure: Connection?) {
            switch files.entry(path) {
            case .file(let data)?: (data, nil)
            case .directory?: (nil, .configurationError("read \(path): is a directory"))
            case nil: (nil, .configurationError("open \(path): no such file or directory"))
            }
        }
        var clientCertificate: Certificate?
        if cert != nil || key != nil {
            guard let cert, let key else {
                return .configurationError("KeyFile and CertFile must both be present[key: \(key ?? ""), cert: \(cert ?? "")]")
            }
            let (certificateRead, keyRead) = (read(cert), read(key))
            guard let certificateData = certificateRead.data else { return certificateRead.failure ?? .connected }
            guard let keyData = keyRead.data else { return keyRead.failure ?? .connected }
            guard let certificate = Self.certificates(certificateData).first else {
                return .configurationError("tls: failed to find any PEM data in certificate input")
            }
            guard let privateKey = try? Certificate.PrivateKey(pemEncoded: String(decoding: keyData, as: UTF8.self)) else {
                return .configurationError("tls: failed to find any PEM data in key input")
            }
            guard privateKey.publicKey == certificate.publicKey else {
                return .configurationError("tls: private key does not match public key")
            }
            clientCertificate = certificate
        }
        var authorities: [Certificate] = []
        if let cacert {
            let caRead = read(cacert)
            guard let data = caRead.data else { return caRead.failure ?? .connected }
            authorities = Self.certificates(data)
            if authorities.isEmpty { return .configurationError("data does not contain any valid RSA or ECDSA certificates") }
        }
        guard let serverPath = serverCertificate else { return .connected }
        let usesTLS = cert != nil || cacert != nil || flags["insecure-transport"] == "false"
            || (flags["endpoints"] ?? "").hasPrefix("https://")
        guard usesTLS else {
            return .handshakeFailure("connection error: desc = \\\"error reading server preface: EOF\\\"")
        }
        guard let serverData = FileManager.default.contents(atPath: serverPath),
            let server = Self.certificates(serverData).first
        else { return .handshakeFailure("tls: failed to verify certificate: the server's certificate is missing") }
        let skipVerify = flags["insecure-skip-tls-verify"] == "true"
        // Go trusts a server whose certificate is itself in the pool, or is signed by one that is.
        if !skipVerify && !authorities.contains(where: { $0 == server || Self.signed(server, by: $0) }) {
            return .handshakeFailure(
                "connection error: desc = \\\"transport: authentication handshake failed: tls: failed to verify certificate: "
                    + "x509: certificate signed by unknown authority\\\"")
        }
        // The etcd server trusts client certificates its own CA signed (`--trusted-ca-file`).
        guard let clientCertificate else {
            return .handshakeFailure("connection error: desc = \\\"transport: authentication handshake failed: remote error: tls: certificate required\\\"")
        }
        let etcdCA = files.entry("/etc/kubernetes/pki/etcd/ca.crt").flatMap { entry -> Certificate? in
            if case .file(let data) = entry { return Self.certificates(data).first }
            return nil
        }
        guard let etcdCA, Self.signed(clientCertificate, by: etcdCA) else {
            return .handshakeFailure("connection error: desc = \\\"transport: authentication handshake failed: remote error: tls: bad certificate\\\"")
        }
        return .connected
    }

    /// A Go duration as etcdctl's flags take it, in seconds or milliseconds (`5s`, `500ms`, `1m`).
    static func duration(_ text: String?) -> Duration? {
        guard let text else { return nil }
        for (suffix, scale) in [("ms", 0.001), ("s", 1.0), ("m", 60.0)] where text.hasSuffix(suffix) {
            if let value = Double(text.dropLast(suffix.count)) { return .milliseconds(Int64(value * scale * 1000)) }
        }
        return nil
    }

    private static func signed(_ certificate: Certificate, by authority: Certificate) -> Bool {
        certificate.issuer == authority.subject && authority.publicKey.isValidSignature(certificate.signature, for: certificate)
    }

    private static func certificates(_ data: Data) -> [Certificate] {
        let text = String(decoding: data, as: UTF8.self)
        return text.components(separatedBy: "-----END CERTIFICATE-----").compactMap { block in
            guard let start = block.range(of: "-----BEGIN CERTIFICATE-----") else { return nil }
            return try? Certificate(pemEncoded: String(block[start.lowerBound...]) + "-----END CERTIFICATE-----")
        }
    }

    /// The warning etcd 3.5's client logs as its retries give up.
    private func retryWarning(reason: String, endpoint: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return "{\"level\":\"warn\",\"ts\":\"\(formatter.string(from: Date()))\",\"logger\":\"etcd-client\",\"caller\":\"v3@v\(version)/retry_interceptor.go:62\","
            + "\"msg\":\"retrying of unary invoker failed\",\"target\":\"etcd-endpoints://0xc000236000/\(endpoint)\",\"attempt\":0,"
            + "\"error\":\"rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: \(reason)\"}"
    }
}
