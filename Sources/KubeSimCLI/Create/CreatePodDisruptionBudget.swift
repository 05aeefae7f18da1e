import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim create poddisruptionbudget|pdb NAME --selector=SELECTOR --min-available=N|--max-unavailable=N`.
struct CreatePodDisruptionBudget: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "poddisruptionbudget", abstract: "Create a pod disruption budget with the specified name.", aliases: ["pdb"])
    @OptionGroup var options: CreateOptions
    @Option(name: .customLong("min-available"), help: "The minimum number or percentage of available pods this budget requires.")
    var minAvailable = ""
    @Option(name: .customLong("max-unavailable"), help: "The maximum number or percentage of unavailable pods this budget requires.")
    var maxUnavailable = ""
    @Option(help: "A label selector to use for this budget. Only equality-based selector requirements are supported.")
    var selector = ""
    @Argument var name: String

    func run() async throws {
        guard !selector.isEmpty else { throw CommandError("a selector must be specified") }
        guard !minAvailable.isEmpty || !maxUnavailable.isEmpty else {
            throw CommandError("one of min-available or max-unavailable must be specified")
        }
        guard minAvailable.isEmpty || maxUnavailable.isEmpty else {
            throw CommandError("min-available and max-unavailable cannot be both specified")
        }
        let format = /^[0-9]+%?$/
        if !minAvailable.isEmpty && minAvailable.wholeMatch(of: format) == nil {
            throw CommandError("invalid format specified for min-available")
        }
        if !maxUnavailable.isEmpty && maxUnavailable.wholeMatch(of: format) == nil {
            throw CommandError("invalid format specified for max-unavailable")
        }
        var matchLabels: [String: JSONValue] = [:]
        for requirement in selector.split(separator: ",") {
            let parts = requirement.replacing("==", with: "=").split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces)
            }
            guard parts.count == 2, !parts[0].contains("!") else {
                throw CommandError("couldn't parse the selector string \"\(selector)\": only equality-based requirements are supported")
            }
            matchLabels[parts[0]] = .string(parts[1])
        }
        var spec: JSONValue = ["selector": ["matchLabels": .object(matchLabels)]]
        if !minAvailable.isEmpty { spec["minAvailable"] = Self.intOrString(minAvailable) }
        if !maxUnavailable.isEmpty { spec["maxUnavailable"] = Self.intOrString(maxUnavailable) }
        let budget: JSONValue = [
            "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": generatedMetadata(name), "spec": spec,
            "status": ["currentHealthy": 0, "desiredHealthy": 0, "disruptionsAllowed": 0, "expectedPods": 0],
        ]
        do {
            try await options.create(budget, resource: "poddisruptionbudgets")
        } catch let error as StatusError {
            throw CommandError("failed to create poddisruptionbudgets: \(error.message)")
        }
    }

    /// apimachinery's `intstr.Parse`: a number when the text is one, else the text.
    static func intOrString(_ text: String) -> JSONValue {
        Int64(text).map { .int($0) } ?? .string(text)
    }
}
