import ArgumentParser
import Foundation
import KubeAPI

/// `--from-literal=key=value` and `--from-file=[key=]path` (a directory: each regular file in it), as kubectl
/// reads them for config maps and secrets.
struct DataSources: ParsableArguments {
    @Option(name: .customLong("from-literal"), help: "key=value pairs.") var literals: [String] = []
    @Option(name: .customLong("from-file"), help: "[key=]file or directory.") var files: [String] = []

    /// The keys and their bytes, in the order given.
    func entries() throws -> [(String, Data)] {
        var entries: [(String, Data)] = []
        for literal in literals {
            guard let equals = literal.firstIndex(of: "="), equals != literal.startIndex else {
                throw CommandError("invalid literal source \(literal), expected key=value")
            }
            entries.append((String(literal[..<equals]), Data(literal[literal.index(after: equals)...].utf8)))
        }
        for source in files {
            var key: String?
            var path = source
            if let equals = source.firstIndex(of: "=") {
                key = String(source[..<equals])
                path = String(source[source.index(after: equals)...])
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandError("error reading \(path): no such file or directory")
            }
            if isDirectory.boolValue {
                for name in try FileManager.default.contentsOfDirectory(atPath: path).sorted() {
                    let file = URL(fileURLWithPath: path).appendingPathComponent(name)
                    var nested: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: file.path, isDirectory: &nested), !nested.boolValue else { continue }
                    entries.append((name, try Data(contentsOf: file)))
                }
            } else {
                entries.append((key ?? URL(fileURLWithPath: path).lastPathComponent, try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        return entries
    }
}

struct CreateConfigMap: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "configmap", abstract: "Create a config map from a local file, directory or literal value.", aliases: ["cm"])
    @OptionGroup var options: CreateOptions
    @OptionGroup var sources: DataSources
    @Argument var name: String

    func run() async throws {
        var data: [String: JSONValue] = [:]
        var binary: [String: JSONValue] = [:]
        for (key, bytes) in try sources.entries() {
            if let text = String(data: bytes, encoding: .utf8) { data[key] = .string(text) } else { binary[key] = .string(bytes.base64EncodedString()) }
        }
        var configMap: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": generatedMetadata(name)]
        if !data.isEmpty { configMap["data"] = .object(data) }
        if !binary.isEmpty { configMap["binaryData"] = .object(binary) }
        try await options.create(configMap, resource: "configmaps")
    }
}

struct CreateSecret: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secret", abstract: "Create a secret using a specified subcommand.",
        subcommands: [Generic.self, TLS.self, DockerRegistry.self])

    static func secret(_ name: String, type: String?, data: [(String, Data)]) -> JSONValue {
        var secret: JSONValue = ["apiVersion": "v1", "kind": "Secret", "metadata": generatedMetadata(name)]
        if !data.isEmpty { secret["data"] = .object(Dictionary(data.map { ($0.0, JSONValue.string($0.1.base64EncodedString())) }) { $1 }) }
        if let type, !type.isEmpty { secret["type"] = .string(type) }
        return secret
    }

    struct Generic: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "generic", abstract: "Create a secret from a local file, directory, or literal value.")
        @OptionGroup var options: CreateOptions
        @OptionGroup var sources: DataSources
        @Option(help: "The type of secret to create.") var type: String?
        @Argument var name: String

        func run() async throws {
            try await options.create(CreateSecret.secret(name, type: type, data: try sources.entries()), resource: "secrets")
        }
    }

    struct TLS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "tls", abstract: "Create a TLS secret.")
        @OptionGroup var options: CreateOptions
        @Option(help: "Path to PEM encoded public key certificate.") var cert: String
        @Option(help: "Path to private key associated with given certificate.") var key: String
        @Argument var name: String

        func run() async throws {
            let data = [
                ("tls.crt", try Data(contentsOf: URL(fileURLWithPath: cert))), ("tls.key", try Data(contentsOf: URL(fileURLWithPath: key))),
            ]
            try await options.create(CreateSecret.secret(name, type: "kubernetes.io/tls", data: data), resource: "secrets")
        }
    }

    struct DockerRegistry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "docker-registry", abstract: "Create a secret for use with a Docker registry.")
        @OptionGroup var options: CreateOptions
        @Option(name: .customLong("docker-server")) var server = "https://index.docker.io/v1/"
        @Option(name: .customLong("docker-username")) var username: String
        @Option(name: .customLong("docker-password")) var password: String
        @Option(name: .customLong("docker-email")) var email = ""
        @Argument var name: String

        func run() async throws {
            // Go's encoding of kubectl's DockerConfigEntry: username, password, email (omitted when empty), auth.
            var entry = GoJSONFields()
            entry.add("username", .string(username))
            entry.add("password", .string(password))
            entry.omitEmpty("email", email)
            entry.add("auth", .string(Data("\(username):\(password)".utf8).base64EncodedString()))
            let config = GoJSON.object([("auths", .object([(server, entry.object)]))])
            let json = config.encoded
            try await options.create(
                CreateSecret.secret(name, type: "kubernetes.io/dockerconfigjson", data: [(".dockerconfigjson", Data(json.utf8))]),
                resource: "secrets")
        }
    }
}
