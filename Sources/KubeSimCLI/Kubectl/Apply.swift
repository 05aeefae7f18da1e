import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim apply -f FILE|DIR|-`: kubectl's apply. Client-side by default: an object is created with its
/// `last-applied-configuration`, or patched with the three-way merge of that configuration, the new one and
/// the live object, exactly as kubectl does, so objects applied by either stay compatible. `--server-side`
/// sends the configuration as a server-side apply instead.
///
/// Every document is applied even when another fails; each failure names its file, document and field, and
/// the command then exits 1. A `created` or `configured` line is printed only once the store has committed.
struct Apply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Apply a configuration to a resource by file name or stdin.")

    @OptionGroup var store: StoreOptions

    @Option(name: [.customShort("f"), .customLong("filename")], help: "Files, directories or - for stdin.")
    var filenames: [String] = []

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Process directories recursively.")
    var recursive = false

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

    enum ApplyOutput: String, ExpressibleByArgument {
        case name, yaml, json
    }

    func validate() throws {
        if filenames.isEmpty { throw ValidationError("must specify one of -f and -k") }
        if forceConflicts && !serverSide { throw ValidationError("--force-conflicts only works with --server-side") }
    }

    func run() async throws {
        let console = Console.standard
        let (documents, readErrors) = ManifestReader(recursive: recursive).read(filenames)
        for error in readErrors { console.err.line(KubectlErrors.message(error)) }
        if documents.isEmpty && readErrors.isEmpty {
            console.err.line("error: no objects passed to apply")
            throw ExitCode(1)
        }
        var failed = !readErrors.isEmpty
        try await store.withCluster { client in
            var printed = 0
            for document in documents {
                do {
                    let (object, type, verb) = try await apply(document, client: client)
                    try print(object, type: type, verb: verb, console: console, first: printed == 0)
                    printed += 1
                } catch {
                    failed = true
                    console.err.line(KubectlErrors.message(error, verb: "applying", document: document))
                    console.err.flush()
                }
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Applies one document; returns the object, its type and what happened to it.
    private func apply(_ document: ManifestDocument, client: any KubeClient) async throws -> (KubeObject, ResourceType, String) {
        let object = KubeObject(document.object)
        guard let type = client.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
            throw CommandError(
                "resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(document.location): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))\nensure CRDs are installed first")
        }
        var configuration = object
        if type.namespaced {
            if let explicit = namespace, let own = object.namespace, own != explicit {
                throw CommandError(
                    "the namespace from the provided object \(FieldError.quoted(own)) does not match the namespace \(FieldError.quoted(explicit)). You must pass '--namespace=\(own)' to perform this operation.")
            }
            configuration.namespace = object.namespace ?? namespace ?? "default"
        } else {
            configuration.namespace = nil
        }
        if configuration.name.isEmpty {
            throw CommandError("\(document.location): metadata.name: Required value: name is required for apply")
        }
        let targetNamespace = configuration.namespace
        let options = { (manager: String) in
            WriteOptions(dryRun: dryRun == .server, fieldManager: fieldManager ?? manager, force: forceConflicts)
        }

        if serverSide {
            if dryRun == .client { return (configuration, type, "serverside-applied") }
            let (applied, _) = try await client.patch(
                type, namespace: targetNamespace, name: configuration.name, patchType: .apply,
                body: configuration.json.jsonData(), options: options("kubectl"))
            return (applied, type, "serverside-applied")
        }

        let modified = LastAppliedConfiguration.annotated(configuration.json)
        let current: KubeObject
        do {
            current = try await client.get(type, namespace: targetNamespace, name: configuration.name)
        } catch let error as StatusError where error.code == 404 {
            if dryRun == .client { return (KubeObject(modified), type, "created") }
            do {
                let created = try await client.create(
                    type, namespace: targetNamespace, object: modified, options: options("kubectl-client-side-apply"))
                return (created, type, "created")
            } catch let error as StatusError {
                throw KubectlSourcedError(status: error, verb: "creating")
            }
        }
        let original: JSONValue?
        let patch: (type: PatchType, patch: JSONValue)
        do throws(PatchError) {
            original = try LastAppliedConfiguration.recorded(in: current.json)
            patch = try ThreeWayMerge.patch(original: original, modified: modified, current: current.json, type: type)
        } catch {
            throw CommandError("\(document.location): \(error.message)")
        }
        if patch.patch == .emptyObject { return (current, type, "unchanged") }
        if dryRun == .client { return (current, type, "configured") }
        do {
            let (patched, _) = try await client.patch(
                type, namespace: targetNamespace, name: configuration.name, patchType: patch.type,
                body: patch.patch.jsonData(), options: options("kubectl-client-side-apply"))
            return (patched, type, "configured")
        } catch let error as StatusError {
            throw KubectlSourcedError(status: error, verb: "patching")
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

/// An API error with the verb kubectl names it by (`error when creating ...`).
struct KubectlSourcedError: Error {
    var status: StatusError
    var verb: String
}
