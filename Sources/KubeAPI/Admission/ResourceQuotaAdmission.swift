import Foundation

/// The ResourceQuota plugin (`k8s.io/apiserver/pkg/admission/plugin/resourcequota`), last of the validating
/// phase: an object the namespace's quotas count is refused (403) when its usage would take a quota past its
/// hard limits, when the quota has not been computed yet, or when a pod leaves out cpu or memory the quota
/// tracks; otherwise each quota's `status.used` is charged with it before it is stored. Creates of every
/// counted kind and updates of services (whose type may change) are charged.
public struct ResourceQuotaAdmission: AdmissionPlugin {
    public let name = "ResourceQuota"
    public let operations: Set<AdmissionOperation> = [.create, .update]

    public init() {}

    /// How often a charge is retried when another request changed a quota first.
    static let attempts = 10

    public func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {
        guard let namespace = request.namespace else { return }
        if request.operation == .update && request.type != BuiltinResources.services { return }
        for _ in 0..<Self.attempts {
            let quotas = try await context.reader.objects(BuiltinResources.resourceQuotas, namespace: namespace)
            guard !quotas.isEmpty else { return }
            let charges = try charges(request, quotas: quotas, now: context.now)
            if request.dryRun || charges.isEmpty { return }
            var conflicted = false
            for (quota, used) in charges {
                var status = quota.json["status"] ?? .emptyObject
                status["used"] = used.json
                if try await !context.reader.replaceQuotaStatus(quota, status: status) {
                    conflicted = true
                    break
                }
            }
            if !conflicted { return }
        }
        throw StatusError(
            code: 500, reason: "InternalError",
            message: "Internal error occurred: resource quota evaluation timed out")
    }

    /// `checkRequest`: the new `used` of each quota the object counts against.
    /// - Throws: 403 Forbidden with kube-apiserver's `failed quota`, `status unknown for quota` or
    ///   `exceeded quota` message.
    func charges(_ request: AdmissionRequest, quotas: [KubeObject], now: Date) throws -> [(KubeObject, ResourceList)] {
        var interesting: [(KubeObject, [String])] = []
        for quota in quotas {
            let hard = ResourceList(json: quota.json[["status", "hard"]])
            let tracked = QuotaEvaluation.matchingResources(hard.names, type: request.type)
            guard QuotaEvaluation.matches(quota, request.object, type: request.type, hard: hard.names) else { continue }
            if request.type == BuiltinResources.pods, let missing = QuotaEvaluation.missingCompute(request.object, tracked: tracked) {
                throw request.forbidden("failed quota: \(quota.name): \(missing)")
            }
            let used = quota.json[["status", "used"]]?.objectValue
            guard let used, tracked.allSatisfy({ used[$0] != nil }) else {
                throw request.forbidden("status unknown for quota: \(quota.name), resources: \(tracked.sorted().joined(separator: ","))")
            }
            interesting.append((quota, tracked))
        }
        guard !interesting.isEmpty else { return [] }
        var delta = QuotaEvaluation.usage(of: request.object, type: request.type, now: now)
        if let old = request.oldObject {
            delta = delta.subtracting(QuotaEvaluation.usage(of: old, type: request.type, now: now))
        }
        if delta.isZero { return [] }
        return try interesting.map { quota, _ in
            let hard = ResourceList(json: quota.json[["status", "hard"]])
            let used = ResourceList(json: quota.json[["status", "used"]])
            let requested = delta.masked(to: hard.names)
            let newUsed = used.adding(requested)
            let (allowed, exceeded) = newUsed.masked(to: requested.names).fits(within: hard)
            if !allowed {
                throw request.forbidden(
                    "exceeded quota: \(quota.name), requested: \(requested.masked(to: exceeded).pretty), "
                        + "used: \(used.masked(to: exceeded).pretty), limited: \(hard.masked(to: exceeded).pretty)")
            }
            return (quota, newUsed)
        }
    }
}
