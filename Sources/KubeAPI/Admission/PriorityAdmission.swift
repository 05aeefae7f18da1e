/// The Priority plugin (kubernetes `plugin/pkg/admission/priority`): a new pod's `spec.priority` and
/// `spec.preemptionPolicy` come from its PriorityClass, or from the global default class (whose name it then
/// takes), or are 0 and `PreemptLowerPriority` when there is none; an update keeps them. It also refuses a
/// second `globalDefault` PriorityClass.
public struct PriorityAdmission: AdmissionPlugin {
    public let name = "Priority"
    public let operations: Set<AdmissionOperation> = [.create, .update]

    public init() {}

    /// The classes kube-apiserver creates at start-up (`scheduling/bootstrap-system-priority-classes`) and never
    /// lets anyone delete; used when a store has not been given them (a bare store without `kubesim init`).
    static let systemClasses: [String: Int64] = ["system-node-critical": 2_000_001_000, "system-cluster-critical": 2_000_000_000]

    static let defaultPolicy = "PreemptLowerPriority"

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        if request.operation == .update {
            // Validation refuses changes to these; an update that leaves them out keeps the stored ones.
            for field in ["priority", "preemptionPolicy"] where request.object.json[["spec", field]] == nil {
                request.object.json[["spec", field]] = request.oldObject?.json[["spec", field]]
            }
            return
        }
        let requested = request.object.json[["spec", "priorityClassName"]]?.stringValue ?? ""
        let resolved = requested.isEmpty ? try await defaultClass(context) : try await priorityClass(requested, request, context)
        if !resolved.name.isEmpty { request.object.json[["spec", "priorityClassName"]] = .string(resolved.name) }
        if let given = request.object.json[["spec", "priority"]]?.intValue, given != resolved.value {
            throw request.forbidden(
                "the integer value of priority (\(given)) must not be provided in pod spec; priority admission controller computed \(resolved.value) from the given PriorityClass name")
        }
        request.object.json[["spec", "priority"]] = .int(resolved.value)
        if let given = request.object.json[["spec", "preemptionPolicy"]]?.stringValue, given != resolved.policy {
            throw request.forbidden(
                "the string value of PreemptionPolicy (\(given)) must not be provided in pod spec; priority admission controller computed \(resolved.policy) from the given PriorityClass name")
        }
        request.object.json[["spec", "preemptionPolicy"]] = .string(resolved.policy)
    }

    public func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {
        guard request.type == BuiltinResources.priorityClasses, request.object.json["globalDefault"]?.boolValue == true,
            let existing = try await globalDefault(context)
        else { return }
        if request.operation == .create || existing.name != request.object.name {
            throw request.forbidden("PriorityClass \(existing.name) is already marked as default. Only one default can exist")
        }
    }

    private struct Resolved {
        var name: String
        var value: Int64
        var policy: String
    }

    private func priorityClass(_ name: String, _ request: AdmissionRequest, _ context: AdmissionContext) async throws -> Resolved {
        if let found = try await context.reader.object(BuiltinResources.priorityClasses, namespace: nil, name: name) {
            return Resolved(name: name, value: found.json["value"]?.intValue ?? 0, policy: Self.policy(of: found))
        }
        if let value = Self.systemClasses[name] { return Resolved(name: name, value: value, policy: Self.defaultPolicy) }
        throw request.forbidden("no PriorityClass with name \(name) was found")
    }

    private func defaultClass(_ context: AdmissionContext) async throws -> Resolved {
        guard let found = try await globalDefault(context) else { return Resolved(name: "", value: 0, policy: Self.defaultPolicy) }
        return Resolved(name: found.name, value: found.json["value"]?.intValue ?? 0, policy: Self.policy(of: found))
    }

    /// The `globalDefault` class; the one with the lowest value if a race left several.
    private func globalDefault(_ context: AdmissionContext) async throws -> KubeObject? {
        try await context.reader.objects(BuiltinResources.priorityClasses, namespace: nil)
            .filter { $0.json["globalDefault"]?.boolValue == true }
            .min { ($0.json["value"]?.intValue ?? 0) < ($1.json["value"]?.intValue ?? 0) }
    }

    private static func policy(of priorityClass: KubeObject) -> String {
        priorityClass.json["preemptionPolicy"]?.stringValue ?? defaultPolicy
    }
}
