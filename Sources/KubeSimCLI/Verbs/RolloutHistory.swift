import ArgumentParser
import Foundation
import KubeAPI

/// `rollout history` and `rollout undo` of deployments: their revisions are the replica sets they own, numbered
/// by `deployment.kubernetes.io/revision` (kubectl `polymorphichelpers` history and rollback). Daemon sets' and
/// stateful sets' controller-revision histories are not read here; they answer so.
extension Rollout {
    /// The replica sets a deployment controls, by revision.
    static func revisions(of deployment: KubeObject, client: any KubeClient) async throws -> [Int64: KubeObject] {
        let selector = try LabelSelector(object: deployment.json[["spec", "selector"]] ?? .emptyObject)
        let sets = try await client.list(
            BuiltinResources.replicaSets, namespace: deployment.namespace, labelSelector: selector, fieldSelector: .everything,
            limit: 0, continueToken: nil)
        var revisions: [Int64: KubeObject] = [:]
        for set in sets.items {
            let owned = set.ownerReferences.contains { $0["controller"]?.boolValue == true && $0["uid"]?.stringValue == deployment.uid }
            guard owned, let text = set.json[["metadata", "annotations", "deployment.kubernetes.io/revision"]]?.stringValue,
                let revision = Int64(text)
            else { continue }
            revisions[revision] = set
        }
        return revisions
    }

    static func requireDeployment(_ type: ResourceType, _ object: KubeObject, _ verb: String) throws {
        guard type.group == "apps", type.kind == "Deployment" else {
            throw CommandError("rollout \(verb) of \(type.plural).\(type.group) \(GoStringLiteral.quote(object.name)): kubesim reads the history of deployments only")
        }
    }

    struct History: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "history", abstract: "View rollout history.")
        @OptionGroup var targets: TargetOptions
        @Option(help: "See the details, including podTemplate of the revision specified.") var revision: Int64 = 0
        @Argument(completion: Rollout.completion) var arguments: [String] = []

        func run() async throws {
            guard !arguments.isEmpty else { throw CommandError("required resource not specified") }
            guard revision >= 0 else { throw CommandError("revision must be a positive integer: \(revision)") }
            try await targets.forEach(arguments, settling: false) { client, type, object in
                try Rollout.requireDeployment(type, object, "history")
                let revisions = try await Rollout.revisions(of: object, client: client)
                var text: String
                if revisions.isEmpty {
                    text = "No rollout history found."
                } else if revision > 0 {
                    guard let set = revisions[revision] else { throw CommandError("unable to find the specified revision") }
                    var writer = DescribeWriter()
                    DescribeContext.podTemplate(set.json[["spec", "template"]], into: &writer)
                    text = writer.unaligned
                } else {
                    var table = "REVISION\tCHANGE-CAUSE\n"
                    for number in revisions.keys.sorted() {
                        let cause = revisions[number]!.json[["metadata", "annotations", "kubernetes.io/change-cause"]]?.stringValue ?? ""
                        table += "\(number)\t\(cause.isEmpty ? "<none>" : cause)\n"
                    }
                    var writer = TabWriter(minWidth: 0, padding: 2, remembersWidths: false)
                    text = writer.format(table)
                }
                let heading = revision > 0 ? "with revision #\(revision)" : ""
                Console.standard.out.line("\(type.kubectlName)/\(object.name) \(heading)\n\(text)")
            }
        }
    }

    struct Undo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "undo", abstract: "Undo a previous rollout.")
        @OptionGroup var targets: TargetOptions
        @Option(name: .customLong("to-revision"), help: "The revision to rollback to. Default to 0 (last revision).")
        var toRevision: Int64 = 0
        @Argument(completion: Rollout.completion) var arguments: [String] = []

        func run() async throws {
            guard !arguments.isEmpty else { throw CommandError("required resource not specified") }
            try await targets.forEach(arguments) { client, type, object in
                try Rollout.requireDeployment(type, object, "undo")
                guard toRevision >= 0 else { throw CommandError("unable to find specified revision \(toRevision) in history") }
                let revisions = try await Rollout.revisions(of: object, client: client)
                let target: KubeObject
                if toRevision > 0 {
                    guard let set = revisions[toRevision] else {
                        throw CommandError("unable to find specified revision \(toRevision) in history")
                    }
                    target = set
                } else {
                    let sorted = revisions.keys.sorted()
                    guard sorted.count >= 2 else { throw CommandError("no rollout history found for deployment \(GoStringLiteral.quote(object.name))") }
                    target = revisions[sorted[sorted.count - 2]]!
                }
                if object.json[["spec", "paused"]]?.boolValue ?? false {
                    throw CommandError("you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again")
                }
                var template = target.json[["spec", "template"]] ?? .emptyObject
                template[["metadata", "labels", "pod-template-hash"]] = nil
                var current = object.json[["spec", "template"]] ?? .emptyObject
                current[["metadata", "labels", "pod-template-hash"]] = nil
                let name = "\(type.kubectlName)/\(object.name)"
                if template == current {
                    Console.standard.out.line("\(name) skipped rollback (current template already matches revision \(toRevision))")
                    return
                }
                let skipped: Set<String> = [
                    "kubectl.kubernetes.io/last-applied-configuration", "deployment.kubernetes.io/revision",
                    "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
                    "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to",
                ]
                var annotations: [String: JSONValue] = [:]
                for (key, value) in object.json[["metadata", "annotations"]]?.objectValue ?? [:] where skipped.contains(key) {
                    annotations[key] = value
                }
                for (key, value) in target.json[["metadata", "annotations"]]?.objectValue ?? [:] where !skipped.contains(key) {
                    annotations[key] = value
                }
                let patch: JSONValue = [
                    ["op": "replace", "path": "/spec/template", "value": template],
                    ["op": "replace", "path": "/metadata/annotations", "value": .object(annotations)],
                ]
                do {
                    _ = try await client.patch(
                        type, namespace: object.namespace, name: object.name, patchType: .json, body: patch.jsonData(),
                        options: WriteOptions(fieldManager: "kubectl-rollout"))
                } catch let error as StatusError {
                    throw CommandError("failed restoring revision \(toRevision): \(error.message)")
                }
                Console.standard.out.line("\(name) rolled back")
            }
        }
    }
}
