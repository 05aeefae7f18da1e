import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim replace -f FILE|DIR|-` or `-k DIR`: replaces each object (PUT) with the file's, as kubectl does: an object that
/// names no resourceVersion replaces whatever is stored; `--force` deletes and re-creates it instead. Every
/// document has its turn; failures name their file and the command exits 1.
struct Replace: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replace", abstract: "Replace a resource by file name or stdin.")
    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @OptionGroup var files: FilenameOptions
    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace for objects that name none.") var namespace: String?
    @Flag(help: "Delete and re-create the resource.") var force = false
    @Option(name: .customLong("dry-run"), help: "none, client or server.") var dryRun: DryRun = .none
    @Option(name: .customLong("field-manager"), help: "The field manager's name.") var fieldManager = "kubectl-replace"

    func run() async throws {
        if let problem = files.problem() { throw CommandError(problem) }
        guard !files.isEmpty else {
            throw CommandError("must specify one of -f and -k")
        }
        let console = Console.standard
        let (documents, readErrors) = files.read()
        if documents.isEmpty && !readErrors.isEmpty {
            for line in KubectlErrors.messages(readErrors) { console.err.line(line) }
            throw ExitCode(1)
        }
        var errors: [any Error] = readErrors
        try await serverOptions.withCluster(store: store, settling: dryRun == .none) { client, catchUp in
            for document in documents {
                do {
                    let object = KubeObject(document.object)
                    guard let type = client.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
                        throw CommandError(
                            "resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(FieldError.quoted(document.source)): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))\nensure CRDs are installed first")
                    }
                    var json = document.object
                    let scope = type.namespaced ? object.namespace ?? namespace ?? "default" : nil
                    if let own = object.namespace, let namespace, type.namespaced, own != namespace {
                        throw CommandError(
                            "the namespace from the provided object \(FieldError.quoted(own)) does not match the namespace \(FieldError.quoted(namespace)). You must pass '--namespace=\(own)' to perform this operation.")
                    }
                    if let scope { json[["metadata", "namespace"]] = .string(scope) }
                    let options = WriteOptions(dryRun: dryRun == .server, fieldManager: fieldManager, fieldValidation: .strict)
                    if dryRun == .client {
                        console.out.line("\(type.kubectlName)/\(object.name) replaced (dry run)")
                        continue
                    }
                    if force {
                        do {
                            _ = try await client.delete(type, namespace: scope, name: object.name, options: DeleteOptions())
                            console.out.line("\(type.kubectlName) \(GoStringLiteral.quote(object.name)) deleted")
                        } catch let error as StatusError where error.code == 404 {}
                        try await catchUp()
                        json[["metadata", "resourceVersion"]] = nil
                        do {
                            _ = try await client.create(type, namespace: scope, object: json, options: options)
                        } catch {
                            throw KubectlErrors.sourced(error, verb: "creating", source: document.source)
                        }
                        console.out.line("\(type.kubectlName)/\(object.name) replaced\(dryRun.suffix)")
                    } else {
                        do {
                            _ = try await client.update(type, namespace: scope, name: object.name, object: json, options: options)
                        } catch {
                            throw KubectlErrors.sourced(error, verb: "replacing", source: document.source)
                        }
                        console.out.line("\(type.kubectlName)/\(object.name) replaced\(dryRun.suffix)")
                    }
                    console.out.flush()
                    try await catchUp()
                } catch {
                    errors.append(error)
                }
            }
        }
        guard errors.isEmpty else {
            for line in KubectlErrors.messages(errors) { console.err.line(line) }
            throw ExitCode(1)
        }
    }
}
