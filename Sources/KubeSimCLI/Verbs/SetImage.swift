import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim set image TYPE/NAME container=image...`: changes the images of a workload's pod template (or a
/// pod's containers); prints `... image updated` when something changed.
struct SetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Set specific features on objects.", subcommands: [SetImage.self, SetResources.self, SetEnv.self])
}

struct SetImage: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "image", abstract: "Update the image of a pod template.")
    @OptionGroup var targets: TargetOptions
    @Argument var arguments: [String] = []

    func run() async throws {
        let images = arguments.filter { $0.contains("=") }
        let objects = arguments.filter { !$0.contains("=") }
        var wanted: [(String, String)] = []
        for pair in images {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            wanted.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        guard !wanted.isEmpty else { throw CommandError("at least one image update is required") }
        try await targets.forEach(objects) { client, type, object in
            var edit = PodSpecEdit(object, kind: type.kind)
            for (name, image) in wanted {
                let found = edit.editContainers(where: { name == "*" || $0 == name }) { $0["image"] = .string(image) }
                if !found { throw CommandError("unable to find container named \(GoStringLiteral.quote(name))") }
            }
            guard edit.changed else { return }
            _ = try await targets.mergePatch(edit.patch, object, type: type, client: client, manager: "kubectl-set")
            Console.standard.out.line("\(type.kubectlName)/\(object.name) image updated")
        }
    }
}

/// `kubesim wait --for=condition=C[=value]|delete TYPE/NAME...`: embedded, the cluster has settled, so the
/// answer is known at once (a condition that does not hold times out without waiting); against a server it
/// polls until `--timeout`.
struct Wait: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "wait", abstract: "Experimental: Wait for a specific condition on one or many resources.")
    @OptionGroup var targets: TargetOptions
    @Option(name: .customLong("for"), help: "condition=NAME[=value] or delete.") var condition: String
    @Option(help: "How long to wait (e.g. 30s, 5m).") var timeout = "30s"
    @Argument var arguments: [String] = []

    func run() async throws {
        let limit = try Rollout.Status.seconds(timeout)
        let deleting = condition == "delete"
        var name = "", expected = "True"
        if !deleting {
            guard condition.hasPrefix("condition=") else {
                throw CommandError("unrecognized condition: \(GoStringLiteral.quote(condition))")
            }
            let parts = condition.dropFirst("condition=".count).split(separator: "=", maxSplits: 1).map(String.init)
            name = parts[0]
            if parts.count == 2 { expected = parts[1] }
        }
        try await targets.forEach(arguments, settling: false) { client, type, object in
            let embedded = client is Registry
            let deadline = Date().addingTimeInterval(limit)
            var current: KubeObject? = object
            while true {
                if deleting {
                    if current == nil {
                        Console.standard.out.line("\(type.kubectlName)/\(object.name) condition met")
                        return
                    }
                } else if let current, Self.holds(current, condition: name, value: expected) {
                    Console.standard.out.line("\(type.kubectlName)/\(object.name) condition met")
                    return
                }
                if embedded || Date() > deadline {
                    throw CommandError("timed out waiting for the condition on \(type.plural)/\(object.name)")
                }
                try await Task.sleep(for: .milliseconds(500))
                do {
                    current = try await client.get(type, namespace: object.namespace, name: object.name)
                } catch let error as StatusError where error.code == 404 {
                    current = nil
                }
            }
        }
    }

    /// Whether `status.conditions` has the condition with that status (compared ignoring case, as kubectl does).
    static func holds(_ object: KubeObject, condition: String, value: String) -> Bool {
        (object.json[["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"]?.stringValue?.lowercased() == condition.lowercased()
                && $0["status"]?.stringValue?.lowercased() == value.lowercased()
        }
    }
}
