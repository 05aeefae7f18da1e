import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim explain TYPE[.FIELD...] [--recursive] [--api-version GROUP/VERSION]`: the resource's or field's
/// documentation from the server's OpenAPI v3 document, as kubectl 1.32 prints it (`ExplainRenderer`).
struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Get documentation for a resource.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Flag(help: "Print the name of all the fields recursively instead of the fields with their description.")
    var recursive = false
    @Option(name: .customLong("api-version"), help: "Use given api-version (group/version) of the resource.") var apiVersion: String?
    @Option(name: [.customShort("o"), .customLong("output")], help: "Format in which to render the schema: plaintext.")
    var output = "plaintext"
    @Argument var arguments: [String] = []

    static let suggestion = "Use \"kubectl api-resources\" for a complete list of supported resources."

    func run() async throws {
        guard !arguments.isEmpty else {
            throw CommandError("You must specify the type of resource to explain. \(Self.suggestion)\n")
        }
        guard arguments.count == 1 else { throw CommandError("We accept only this format: explain RESOURCE\n") }
        let argument = arguments[0].hasSuffix(".") ? String(arguments[0].dropLast()) : arguments[0]
        let segments = argument.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let text = try await serverOptions.withCluster(store: store) { client, _ in
            guard let type = client.catalog.type(named: segments[0]) else {
                // kubectl prints a resource mapping failure without its `error: ` prefix.
                Console.standard.err.line("the server doesn't have a resource type \(GoStringLiteral.quote(segments[0]))")
                throw ExitCode(1)
            }
            // `deployments.apps.spec`: the group-qualified name, then the fields.
            var fieldPath = Array(segments.dropFirst())
            if argument.hasPrefix(type.groupResource + ".") {
                fieldPath = String(argument.dropFirst(type.groupResource.count + 1)).split(separator: ".").map(String.init)
            } else if argument == type.groupResource {
                fieldPath = []
            }
            var (group, version) = (type.group, type.version)
            if let apiVersion {
                let parts = apiVersion.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard parts.count <= 2 else { throw CommandError("unexpected GroupVersion string: \(apiVersion)") }
                (group, version) = parts.count == 2 ? (parts[0], parts[1]) : ("", parts[0])
            }
            guard output == "plaintext" else {
                if output == "plaintext-openapiv2" {
                    throw CommandError("--output plaintext-openapiv2: kubesim explains from OpenAPI v3 only (plaintext)")
                }
                throw CommandError("unrecognized format: \(output)")
            }
            let resourcePath = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
            let index = try await client.serverDocument("/openapi/v3")
            guard index["paths"]?[resourcePath] != nil else {
                throw CommandError("couldn't find resource for \"\(group)/\(version), Resource=\(type.plural)\"")
            }
            let document = try await client.serverDocument("/openapi/v3/\(resourcePath)")
            do {
                return try ExplainRenderer(document: document, recursive: recursive)
                    .render(group: group, version: version, plural: type.plural, fieldPath: fieldPath)
            } catch let failure as ExplainRenderer.Failure {
                Console.standard.out.write(failure.written)
                throw CommandError(String(failure.message.dropFirst("error: ".count)))
            }
        }
        Console.standard.out.write(text)
    }
}
