import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim apply -f FILE|DIR|-` or `-k DIR`: kubectl's apply. Client-side by default: an object is created with its
/// `last-applied-configuration`, or patched with the three-way merge of that configuration, the new one and
/// the live object, exactly as kubectl does, so objects applied by either stay compatible. `--server-side`
/// sends the configuration as a server-side apply instead.
///
/// Every document is applied even when another fails; each failure names its file, document and field, and
/// the command then exits 1. A `created` or `configured` line is printed only once the store has committed.
struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Apply a configuration to a resource by file name or stdin.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @OptionGroup var files: FilenameOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace for objects that name none.")
    var namespace: String?

    @Option(name: .customLong("dry-run"), help: "none, client or server.")
    var dryRun: DryRun = .none

    @Flag(name: .customLong("server-side"), help: "Apply on the server (server-side apply).")
    var serverSide = false

    @Flag(name: .customLong("force-conflicts"), help: "With --server-side: take over fields other managers own.")
    var forceConflicts = false

    @Option(name: .customLong("field-manager"), help: "The field manager's name.")
    var fieldManager: String?

    @Option(name: [.customShort("o"), .customLong("output")], help: "name, yaml or json.")
    var output: ApplyOutput?

    @Option(
        name: .customLong("validate"),
        help: "What to do with fields a kind does not have: strict (or true), warn, ignore (or false).")
    var validation: ValidationOption = .strict

    @Flag(help: "Delete the allowlisted objects an earlier apply made that this one no longer has (needs -l or --all).")
    var prune = false

    @Option(name: [.customShort("l"), .customLong("selector")], help: "Apply (and prune) only objects with these labels.")
    var selector: String?

    @Flag(help: "With --prune: select every object, not only those matching -l.")
    var all = false

    enum ApplyOutput: String, ExpressibleByArgument {
        case name, yaml, json
    }

    func validate() throws {
        if forceConflicts && !serverSide { throw ValidationError("--force-conflicts only works with --server-side") }
    }

    /// kubectl's checks of the prune flags, with its messages.
    private func labelSelector() throws -> LabelSelector {
        if all && selector != nil { throw CommandError("cannot set --all and --selector at the same time") }
        if prune && !all && selector == nil {
            throw CommandError(
                "all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector")
        }
        return try selector.map { try LabelSelector(parsing: $0) } ?? .everything
    }

    /// The per-document apply these flags ask for.
    private var applier: ManifestApplier {
        ManifestApplier(
            namespace: namespace, dryRun: dryRun, serverSide: serverSide, forceConflicts: forceConflicts,
            fieldManager: fieldManager, fieldValidation: validation.fieldValidation,
            warn: { Console.standard.err.line("Warning: \($0)") })
    }

    func run() async throws {
        let console = Console.standard
        if let problem = files.problem() { throw CommandError(problem) }
        if files.isEmpty { throw CommandError("must specify one of -f and -k") }
        let labels: LabelSelector
        do {
            labels = try labelSelector()
        } catch let error as CommandError {
            console.err.line("error: \(error.message)")
            throw ExitCode(1)
        }
        var (documents, readErrors) = files.read()
        // Nothing readable (a kustomization that does not build): the cluster is not touched.
        if documents.isEmpty && !readErrors.isEmpty {
            for line in KubectlErrors.messages(readErrors) { console.err.line(line) }
            throw ExitCode(1)
        }
        // As kubectl: -l applies only the objects it selects.
        documents = documents.filter { labels.matches(KubeObject($0.object).labels) }
        if documents.isEmpty && readErrors.isEmpty {
            console.err.line("error: no objects passed to apply")
            throw ExitCode(1)
        }
        // As kubectl does, the errors are printed after every object had its turn: the files' first, then the
        // objects', one line each (or kubectl's fuller form of a lone error).
        var errors: [any Error] = readErrors
        try await serverOptions.withCluster(store: store, settling: dryRun == .none) { client, catchUp in
            var printed = 0
            var appliedUIDs: Set<String> = []
            var namespaces: [String] = []
            for document in documents {
                do {
                    let (object, type, verb) = try await applier.apply(document, client: client)
                    if let uid = object.uid { appliedUIDs.insert(uid) }
                    if type.namespaced, let namespace = object.namespace, !namespaces.contains(namespace) {
                        namespaces.append(namespace)
                    }
                    try print(object, type: type, verb: verb, console: console, first: printed == 0)
                    printed += 1
                    try await catchUp()
                } catch {
                    errors.append(error)
                }
            }
            if prune && errors.isEmpty {
                console.err.line(ApplyPruner.deprecationWarning)
                console.err.flush()
                try await ApplyPruner(selector: labels, dryRun: dryRun).prune(
                    client: client, appliedUIDs: appliedUIDs, namespaces: namespaces
                ) { line in
                    console.out.line(line)
                    console.out.flush()
                }
                try await catchUp()
            }
        }
        guard errors.isEmpty else {
            for line in KubectlErrors.messages(errors) { console.err.line(line) }
            throw ExitCode(1)
        }
    }

    private func print(_ object: KubeObject, type: ResourceType, verb: String, console: Console, first: Bool) throws {
        switch output {
        case nil:
            console.out.line("\(type.kubectlName)/\(object.name) \(verb)\(dryRun.suffix)")
        case .name:
            console.out.line("\(type.kubectlName)/\(object.name)")
        case .yaml:
            if !first { console.out.line("---") }
            console.out.write(object.json.yamlString())
        case .json:
            console.out.line(object.json.prettyJSONString())
        }
        // The line is out as soon as the store has committed, so a caller that sees it can rely on it.
        console.out.flush()
    }
}
