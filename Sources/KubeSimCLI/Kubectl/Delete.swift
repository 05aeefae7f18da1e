import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim delete`: kubectl's delete, by `TYPE NAME...`, `TYPE/NAME`, `-f`, `-k`, `-l` or `--all`, printing
/// `pod "web" deleted`. Deleted objects are gone (or, with finalizers, marked) when it returns.
struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete resources by file names, stdin, resources and names, or by resources and label selector.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @Argument(help: "TYPE [NAME...] or TYPE/NAME...", completion: ResourceCompletion.kind())
    var arguments: [String] = []

    @OptionGroup var files: FilenameOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "With a selector or --all: in every namespace.")
    var allNamespaces = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "A label selector.")
    var selector: String?

    @Flag(name: .customLong("all"), help: "Delete every object of the types given.")
    var all = false

    @Flag(name: .customLong("ignore-not-found"), help: "Treat a missing object as deleted.")
    var ignoreNotFound = false

    @Option(name: .customLong("cascade"), help: "background, foreground or orphan.")
    var cascade: String = "background"

    @Option(name: .customLong("dry-run"), help: "none, client or server.")
    var dryRun: DryRun = .none

    func validate() throws {
        if files.isEmpty && arguments.isEmpty {
            throw ValidationError("You must provide one or more resources by argument or filename.")
        }
        if !files.isEmpty && !arguments.isEmpty {
            throw ValidationError("cannot specify both resources by argument and by filename")
        }
        guard ["background", "foreground", "orphan", "true", "false"].contains(cascade) else {
            throw ValidationError("invalid cascade value (\(cascade)). Must be \"background\", \"foreground\", or \"orphan\"")
        }
    }

    private var policy: PropagationPolicy {
        switch cascade {
        case "foreground": .foreground
        case "orphan", "false": .orphan
        default: .background
        }
    }

    func run() async throws {
        let console = Console.standard
        if let problem = files.problem() { throw CommandError(problem) }
        let (documents, readErrors) = files.isEmpty ? ([], []) : files.read()
        // Nothing readable (a kustomization that does not build): the cluster is not touched.
        if !files.isEmpty && documents.isEmpty && !readErrors.isEmpty {
            for error in readErrors { console.err.line(KubectlErrors.message(error)) }
            throw ExitCode(1)
        }
        var failed = false
        try await serverOptions.withCluster(store: store, settling: dryRun == .none) { client, _ in
            var targets: [(ResourceType, String?, String, ManifestDocument?)] = []
            if files.isEmpty {
                let resources = try ResourceArguments(arguments, catalog: client.catalog)
                for selection in resources.selections {
                    let scope = selection.type.namespaced ? (allNamespaces ? nil : namespace ?? "default") : nil
                    if !selection.names.isEmpty {
                        targets += selection.names.map { (selection.type, scope, $0, nil) }
                        continue
                    }
                    guard all || selector != nil else {
                        throw CommandError("resource(s) were provided, but no name was specified")
                    }
                    let labels = try selector.map(LabelSelector.init(parsing:)) ?? .everything
                    let found = try await client.list(
                        selection.type, namespace: scope, labelSelector: labels, fieldSelector: .everything, limit: 0,
                        continueToken: nil)
                    targets += found.items.map { (selection.type, $0.namespace, $0.name, nil) }
                }
                if targets.isEmpty { console.err.line("No resources found") }
            } else {
                for error in readErrors {
                    failed = true
                    console.err.line(KubectlErrors.message(error))
                }
                for document in documents {
                    let object = KubeObject(document.object)
                    guard let type = client.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
                        failed = true
                        console.err.line("error: resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(FieldError.quoted(document.source)): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))\nensure CRDs are installed first")
                        continue
                    }
                    targets.append((type, type.namespaced ? object.namespace ?? namespace ?? "default" : nil, object.name, document))
                }
            }
            for (type, scope, name, document) in targets {
                do {
                    if dryRun != .client {
                        _ = try await client.delete(
                            type, namespace: scope, name: name,
                            options: DeleteOptions(propagationPolicy: policy, dryRun: dryRun == .server))
                    }
                    console.out.line("\(type.kubectlName) \(FieldError.quoted(name)) deleted\(dryRun.suffix)")
                    console.out.flush()
                } catch let error as StatusError where error.code == 404 && ignoreNotFound {
                    continue
                } catch {
                    failed = true
                    console.err.line(KubectlErrors.message(document.map { KubectlErrors.sourced(error, verb: "deleting", source: $0.source) } ?? error))
                }
            }
        }
        if failed { throw ExitCode(1) }
    }
}
