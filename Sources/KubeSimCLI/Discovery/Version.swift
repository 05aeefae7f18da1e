import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim version [--client] [-o yaml|json]`: kubectl's `Client Version:` and `Server Version:` lines, or both
/// `version.Info` documents. The client is kubesim itself, which speaks kubectl 1.32 (so it reports the version
/// the API server reports); its kustomize is a subset of v5.5's, so there is no `Kustomize Version` line.
struct VersionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the client and server version information.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Flag(help: "If true, shows client version only (no server required).") var client = false
    @Option(name: [.customShort("o"), .customLong("output")], help: "One of 'yaml' or 'json'.") var output: String?
    @Argument var extra: [String] = []

    /// The fields of apimachinery's `version.Info`, in its declaration order (how `-o json` writes them).
    static let infoFields = ["major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform"]

    func run() async throws {
        guard extra.isEmpty else { throw CommandError("extra arguments: [\(extra.joined(separator: " "))]") }
        if let output, output != "yaml", output != "json" { throw CommandError("--output must be 'yaml' or 'json'") }
        let clientInfo = ServerVersion().json
        var serverInfo: JSONValue?
        // As kubectl does, the client's version is printed also when the server cannot be reached; the error
        // comes after it.
        var serverError: (any Error)?
        if !client {
            do {
                serverInfo = try await serverOptions.withCluster(store: store) { cluster, _ in
                    try await cluster.serverDocument("/version")
                }
            } catch {
                serverError = error
            }
        }
        defer { Console.standard.out.flush() }
        let console = Console.standard
        switch output {
        case "yaml":
            var document: JSONValue = ["clientVersion": clientInfo]
            document["serverVersion"] = serverInfo
            console.out.write(document.yamlString() + "\n")
        case "json":
            var fields = [("clientVersion", Self.ordered(clientInfo))]
            if let serverInfo { fields.append(("serverVersion", Self.ordered(serverInfo))) }
            console.out.line(GoJSON.object(fields).indented())
        default:
            console.out.line("Client Version: \(clientInfo["gitVersion"]?.stringValue ?? "")")
            if let serverInfo { console.out.line("Server Version: \(serverInfo["gitVersion"]?.stringValue ?? "")") }
        }
        if let serverError { throw serverError }
    }

    /// A `version.Info` object with its members in Go's order (unknown members dropped, as Go's decoder drops them).
    static func ordered(_ info: JSONValue) -> GoJSON {
        .object(infoFields.map { ($0, .string(info[$0]?.stringValue ?? "")) })
    }
}
