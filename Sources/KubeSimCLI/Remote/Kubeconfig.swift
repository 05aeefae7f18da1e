import Foundation
import KubeAPI

/// The part of a kubeconfig file a client needs: the current context's server, CA and client credentials
/// (`k8s.io/client-go/tools/clientcmd/api/v1`). Written by `kubesim serve`, read by `--kubeconfig`.
struct Kubeconfig: Sendable, Equatable {
    var server: String
    /// PEM of the CA that signed the server's certificate.
    var certificateAuthority: String?
    var clientCertificate: String?
    var clientKey: String?
    var insecureSkipTLSVerify = false
    /// The user and groups requests act as (`--as`, `--as-group`: the `Impersonate-User` and `-Group` headers).
    var impersonateUser: String?
    var impersonateGroups: [String] = []

    /// The file kubeadm writes as `admin.conf`: one cluster, one user, one context, all data inline.
    func yaml(clusterName: String = "kubesim", userName: String = "kubernetes-admin") -> String {
        let context = "\(userName)@\(clusterName)"
        var cluster: JSONValue = ["server": .string(server)]
        if let certificateAuthority { cluster["certificate-authority-data"] = .string(Self.base64(certificateAuthority)) }
        var user: JSONValue = .emptyObject
        if let clientCertificate { user["client-certificate-data"] = .string(Self.base64(clientCertificate)) }
        if let clientKey { user["client-key-data"] = .string(Self.base64(clientKey)) }
        let config: JSONValue = [
            "apiVersion": "v1", "kind": "Config", "preferences": .emptyObject,
            "clusters": [["name": .string(clusterName), "cluster": cluster]],
            "users": [["name": .string(userName), "user": user]],
            "contexts": [["name": .string(context), "context": ["cluster": .string(clusterName), "user": .string(userName)]]],
            "current-context": .string(context),
        ]
        return config.yamlString()
    }

    /// Writes the file readable by its owner only, as it holds a private key.
    func write(to path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let partial = path + ".tmp"
        guard FileManager.default.createFile(atPath: partial, contents: Data(yaml().utf8), attributes: [.posixPermissions: 0o600])
        else { throw CommandError("\(path): cannot write the kubeconfig") }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }

    /// The current context of a kubeconfig file; file paths in it are read relative to the file.
    init(contentsOf path: String) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw CommandError("error loading config file \"\(path)\": \(error.localizedDescription)")
        }
        guard let config = try? JSONValue.parseYAMLDocuments(text).first else {
            throw CommandError("error loading config file \"\(path)\": not a YAML document")
        }
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        func named(_ list: String, _ name: String?) -> JSONValue? {
            config[list]?.arrayValue?.first { $0["name"]?.stringValue == name }
        }
        let current = config["current-context"]?.stringValue
        guard let context = named("contexts", current)?["context"] else {
            throw CommandError("error loading config file \"\(path)\": current-context \"\(current ?? "")\" is not defined")
        }
        guard let cluster = named("clusters", context["cluster"]?.stringValue)?["cluster"],
            let server = cluster["server"]?.stringValue
        else { throw CommandError("error loading config file \"\(path)\": the context's cluster has no server") }
        let user = named("users", context["user"]?.stringValue)?["user"] ?? .emptyObject
        func pem(_ field: JSONValue?, data: String, file: String) throws -> String? {
            if let encoded = field?[data]?.stringValue {
                guard let decoded = Data(base64Encoded: encoded) else {
                    throw CommandError("error loading config file \"\(path)\": \(data) is not base64")
                }
                return String(decoding: decoded, as: UTF8.self)
            }
            guard let reference = field?[file]?.stringValue else { return nil }
            let url = reference.hasPrefix("/") ? URL(fileURLWithPath: reference) : base.appendingPathComponent(reference)
            return try String(contentsOf: url, encoding: .utf8)
        }
        self.server = server
        certificateAuthority = try pem(cluster, data: "certificate-authority-data", file: "certificate-authority")
        clientCertificate = try pem(user, data: "client-certificate-data", file: "client-certificate")
        clientKey = try pem(user, data: "client-key-data", file: "client-key")
        insecureSkipTLSVerify = cluster["insecure-skip-tls-verify"]?.boolValue ?? false
    }

    init(server: String, certificateAuthority: String?, clientCertificate: String?, clientKey: String?) {
        self.server = server
        self.certificateAuthority = certificateAuthority
        self.clientCertificate = clientCertificate
        self.clientKey = clientKey
    }

    private static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
}
