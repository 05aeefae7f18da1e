/// The LimitRanger plugin (kubernetes `plugin/pkg/admission/limitranger`), on pod creation: each LimitRange of
/// the namespace fills the `Container` defaults (`default` → limits, `defaultRequest` → requests) into every
/// container and init container that lacks them, noting what it set in the `kubernetes.io/limit-ranger`
/// annotation; then, after validation, a pod outside a range's `min`, `max` or `maxLimitRequestRatio` (per
/// container, or for the whole pod with type `Pod`) is refused with 403. Pod updates are left alone, since
/// containers' resources cannot change. (PersistentVolumeClaim limits are not enforced here.)
public struct LimitRanger: AdmissionPlugin {
    public let name = "LimitRanger"
    public let operations: Set<AdmissionOperation> = [.create]

    public init() {}

    static let annotation = "kubernetes.io/limit-ranger"

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        for limitRange in try await limitRanges(request, context) {
            let (limits, requests) = Self.containerDefaults(limitRange)
            var notes: [String] = []
            for (field, label) in [("containers", "container"), ("initContainers", "init container")] {
                request.object.json.update("spec") { spec in
                    spec.updateEach(field) { container in
                        let name = container["name"]?.stringValue ?? ""
                        let setRequests = Self.merge(requests, into: &container, "requests")
                        let setLimits = Self.merge(limits, into: &container, "limits")
                        if !setRequests.isEmpty { notes.append(setRequests.joined(separator: ", ") + " request for \(label) \(name)") }
                        if !setLimits.isEmpty { notes.append(setLimits.joined(separator: ", ") + " limit for \(label) \(name)") }
                    }
                }
            }
            if !notes.isEmpty {
                request.object.json[["metadata", "annotations", Self.annotation]] =
                    .string("LimitRanger plugin set: " + notes.joined(separator: "; "))
            }
        }
    }

    public func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        for limitRange in try await limitRanges(request, context) {
            let errors = LimitRangeConstraints.violations(of: limitRange, by: request.object.spec ?? .emptyObject)
            if !errors.isEmpty { throw request.forbidden(Self.aggregate(errors)) }
        }
    }

    private func limitRanges(_ request: AdmissionRequest, _ context: AdmissionContext) async throws -> [KubeObject] {
        try await context.reader.objects(BuiltinResources.limitRanges, namespace: request.namespace)
    }

    /// The limits and requests a range's `Container` items give by default (a later item wins a resource).
    static func containerDefaults(_ limitRange: KubeObject) -> (limits: [String: JSONValue], requests: [String: JSONValue]) {
        var limits: [String: JSONValue] = [:]
        var requests: [String: JSONValue] = [:]
        for item in limitRange.json[["spec", "limits"]]?.arrayValue ?? [] where item["type"]?.stringValue == "Container" {
            requests.merge(item["defaultRequest"]?.objectValue ?? [:]) { $1 }
            limits.merge(item["default"]?.objectValue ?? [:]) { $1 }
        }
        return (limits, requests)
    }

    /// Sets the resources of `defaults` the container's `resources.<list>` lacks; the names set, sorted.
    private static func merge(_ defaults: [String: JSONValue], into container: inout JSONValue, _ list: String) -> [String] {
        var current = container[["resources", list]]?.objectValue ?? [:]
        let missing = defaults.keys.filter { current[$0] == nil }.sorted()
        guard !missing.isEmpty else { return [] }
        for name in missing { current[name] = defaults[name] }
        container[["resources", list]] = .object(current)
        return missing
    }

    /// Go's `utilerrors.NewAggregate(errs).Error()`: one message alone, several deduplicated in brackets.
    static func aggregate(_ messages: [String]) -> String {
        var seen: [String] = []
        for message in messages where !seen.contains(message) { seen.append(message) }
        return seen.count == 1 ? seen[0] : "[" + seen.joined(separator: ", ") + "]"
    }
}
