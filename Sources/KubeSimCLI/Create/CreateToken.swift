import APIServer
import ArgumentParser
import Foundation
import KubeAPI
import KubeAuth

/// `kubesim create token SA`: a bound service-account token through the `serviceaccounts/<name>/token`
/// subresource (TokenRequest), printed as kubectl prints it (the token, with a newline
/// only on a terminal, or the TokenRequest with `-o`). Embedded, the data directory's `pki/sa.key` signs it, as `kubesim serve` would.
struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Request a service account token.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "name, yaml or json: print the TokenRequest.")
    var output: String?

    @Option(help: "Audience of the requested token (repeatable).") var audience: [String] = []
    @Option(help: "Requested lifetime of the issued token (a Go duration; 0 asks the server's default).")
    var duration: String = "0s"
    @Option(name: .customLong("bound-object-kind"), help: "Kind of an object to bind the token to: Node, Pod, Secret.")
    var boundObjectKind: String = ""
    @Option(name: .customLong("bound-object-name"), help: "Name of an object to bind the token to.")
    var boundObjectName: String = ""
    @Option(name: .customLong("bound-object-uid"), help: "UID of an object to bind the token to.")
    var boundObjectUID: String = ""

    @Argument var names: [String] = []

    /// kubectl's checks, in its order and with its messages, before any request.
    func check() throws {
        guard names.count == 1 else {
            throw CommandError("exactly one NAME is required, got \(names.count)\nSee 'kubectl create token -h' for help and examples")
        }
        if audience.contains("") { throw CommandError("--audience must not be an empty string") }
        if duration.hasPrefix("-") { throw CommandError("--duration must be greater than or equal to 0") }
        guard let seconds = GoDuration.parse(duration) else {
            throw ValidationError("invalid argument \"\(duration)\" for \"--duration\" flag: time: invalid duration \"\(duration)\"")
        }
        if seconds != seconds.rounded() { throw CommandError("--duration cannot be expressed in units less than seconds") }
        if boundObjectKind.isEmpty {
            if !boundObjectName.isEmpty { throw CommandError("--bound-object-name can only be set if --bound-object-kind is provided") }
            if !boundObjectUID.isEmpty { throw CommandError("--bound-object-uid can only be set if --bound-object-kind is provided") }
        } else {
            guard Self.boundObjectKinds.contains(boundObjectKind) else {
                throw CommandError("supported --bound-object-kind values are \(Self.boundObjectKinds.joined(separator: ", "))")
            }
            if boundObjectName.isEmpty { throw CommandError("--bound-object-name is required if --bound-object-kind is provided") }
        }
        if let output, !["name", "yaml", "json"].contains(output) {
            throw CommandError("unable to match a printer suitable for the output format \(FieldError.quoted(output)), allowed formats are: json,name,yaml")
        }
    }

    /// The kinds kubectl 1.32 binds tokens to (all `v1`).
    static let boundObjectKinds = ["Node", "Pod", "Secret"]

    /// The TokenRequest kubectl posts.
    var request: JSONValue {
        var spec: JSONValue = ["audiences": .array(audience.map { .string($0) }), "boundObjectRef": .null]
        if audience.isEmpty { spec["audiences"] = .null }
        if let seconds = GoDuration.parse(duration), seconds > 0 { spec["expirationSeconds"] = .int(Int64(seconds)) }
        if !boundObjectKind.isEmpty {
            spec["boundObjectRef"] = [
                "kind": .string(boundObjectKind), "apiVersion": "v1", "name": .string(boundObjectName),
                "uid": .string(boundObjectUID),
            ]
        }
        return [
            "kind": "TokenRequest", "apiVersion": "authentication.k8s.io/v1",
            "metadata": ["creationTimestamp": .null], "spec": spec, "status": ["token": "", "expirationTimestamp": .null],
        ]
    }

    func run() async throws {
        try check()
        let console = Console.standard
        let name = names[0]
        try await serverOptions.withCluster(store: store) { client, _ in
            let scope = namespace ?? "default"
            let answer: JSONValue
            do {
                answer = try await issue(client, namespace: scope, serviceAccount: name)
            } catch let error as StatusError {
                throw CommandError("failed to create token: \(error.message)")
            }
            switch output {
            case nil:
                // As kubectl: the line ends only on a terminal, so `$(kubesim create token sa)` is the bare token.
                console.out.write(answer[["status", "token"]]?.stringValue ?? "")
                if isatty(STDOUT_FILENO) != 0 { console.out.line("") }
            case "name": console.out.line("tokenrequest.authentication.k8s.io/\(name)")
            case "yaml": console.out.write(answer.yamlString())
            default: console.out.line(answer.prettyJSONString())
            }
            console.out.flush()
        }
    }

    /// The server's answer, or embedded the registry's, signed with the data directory's key.
    private func issue(_ client: any KubeClient, namespace: String, serviceAccount: String) async throws -> JSONValue {
        if let remote = client as? RemoteCluster {
            return try await remote.requestToken(request, namespace: namespace, serviceAccount: serviceAccount)
        }
        guard let registry = client as? Registry else {
            throw CommandError("this cluster cannot issue service account tokens")
        }
        let pki = URL(fileURLWithPath: try store.resolvedDataDirectory()).appendingPathComponent("pki").path
        try FileManager.default.createDirectory(atPath: pki, withIntermediateDirectories: true)
        let tokens = try await ServiceAccountTokens.load(keyFile: try ServiceAccountKey.ensure(directory: pki))
        return try await TokenRequestIssuer(registry: registry, tokens: TokenAuthenticator(registry: registry, tokens: tokens))
            .issue(request, namespace: namespace, serviceAccount: serviceAccount)
    }
}
