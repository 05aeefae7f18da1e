import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim label` and `kubesim annotate`: `key=value` sets, `key-` removes; an existing different value needs
/// `--overwrite`.
struct Label: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "label", abstract: "Update the labels on a resource.")
    @OptionGroup var targets: TargetOptions
    @Flag(help: "Allow existing labels to be overwritten.") var overwrite = false
    @Argument(completion: ResourceCompletion.kind()) var arguments: [String] = []

    func run() async throws {
        try await MetadataUpdate(field: "labels", overwrite: overwrite, arguments: arguments).run(targets)
    }
}

struct Annotate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "annotate", abstract: "Update the annotations on a resource.")
    @OptionGroup var targets: TargetOptions
    @Flag(help: "Allow existing annotations to be overwritten.") var overwrite = false
    @Argument(completion: ResourceCompletion.kind()) var arguments: [String] = []

    func run() async throws {
        try await MetadataUpdate(field: "annotations", overwrite: overwrite, arguments: arguments).run(targets)
    }
}

/// The shared work of label and annotate.
struct MetadataUpdate {
    var field: String
    var overwrite: Bool
    var arguments: [String]

    private var noun: String { field == "labels" ? "label" : "annotation" }

    func run(_ targets: TargetOptions) async throws {
        let changes = arguments.filter { $0.contains("=") || ($0.hasSuffix("-") && !$0.contains("/")) }
        let objects = arguments.filter { !changes.contains($0) }
        guard !changes.isEmpty else { throw CommandError("at least one \(noun) update is required") }
        var set: [(String, String)] = []
        var removed: [String] = []
        for change in changes {
            if let equals = change.firstIndex(of: "=") {
                set.append((String(change[..<equals]), String(change[change.index(after: equals)...])))
            } else {
                removed.append(String(change.dropLast()))
            }
        }
        let console = Console.standard
        try await targets.forEach(objects) { client, type, object in
            let current = object.metadata[field]?.stringMap ?? [:]
            if !overwrite {
                let conflicts = set.filter { current[$0.0] != nil && current[$0.0] != $0.1 }
                if let first = conflicts.first {
                    if field == "labels" {
                        throw CommandError("'\(first.0)' already has a value (\(current[first.0]!)), and --overwrite is false")
                    }
                    throw CommandError(
                        "--overwrite is false but found the following declared annotation(s): "
                            + conflicts.map { "'\($0.0)' already has a value (\(current[$0.0]!))" }.joined(separator: "; "))
                }
            }
            var patch: [String: JSONValue] = [:]
            for (key, value) in set where current[key] != value { patch[key] = .string(value) }
            for key in removed {
                if current[key] == nil {
                    console.out.line("\(noun) \(FieldError.quoted(key)) not found.")
                } else {
                    patch[key] = .null
                }
            }
            let name = "\(type.kubectlName)/\(object.name)"
            guard !patch.isEmpty || field == "annotations" else {
                console.out.line("\(name) not labeled")
                return
            }
            if !patch.isEmpty {
                _ = try await targets.mergePatch(
                    ["metadata": [field: .object(patch)]], object, type: type, client: client,
                    manager: field == "labels" ? "kubectl-label" : "kubectl-annotate")
            }
            let verb = field == "labels" ? (set.isEmpty ? "unlabeled" : "labeled") : "annotated"
            console.out.line("\(name) \(verb)")
        }
    }
}
