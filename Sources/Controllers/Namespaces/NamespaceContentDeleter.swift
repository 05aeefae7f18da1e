import Foundation
import KubeAPI

/// One pass of the namespace controller over a terminating namespace's content
/// (`pkg/controller/namespace/deletion/namespaced_resources_deleter.go`, `deleteAllContent`): every namespaced
/// resource type discovery serves with `delete` (custom resources included) is deleted in the background, then
/// listed again to see what remains and which finalizers hold it.
struct NamespaceContentDeleter {
    /// How long the controller assumes finalizers take when content waits on them (`finalizerEstimateSeconds`).
    static let finalizerEstimateSeconds: Int64 = 15

    /// What a pass found.
    struct Outcome {
        /// Seconds the remaining content is expected to take to go; 0 when nothing is expected to remain.
        var estimate: Int64 = 0
        /// Whether the estimate comes from pods' grace periods (something in the cluster will certainly move), not
        /// only from finalizers (which wait on whoever owns them).
        var waitsOnPods = false
        var conditions = NamespaceDeletionConditions()
    }

    let api: any ClusterAPI
    let now: Date

    /// The namespaced types to empty: the preferred version of each resource that can be deleted, in the
    /// catalog's order (the real controller walks a map, in no fixed order).
    func deletableTypes() -> [ResourceType] {
        var seen = Set<String>()
        return api.catalog.all.filter { type in
            type.isStorageVersion && type.namespaced && type.verbs.contains("delete") && type.verbs.contains("list")
                && seen.insert("\(type.plural).\(type.group)").inserted
        }
    }

    func deleteAllContent(of namespace: String, deletedAt: Date) async -> Outcome {
        var outcome = Outcome()
        var errors: [String] = []
        var byResource: [String: Int] = [:]
        var byFinalizer: [String: Int] = [:]
        for type in deletableTypes() {
            do {
                let estimate = try await estimateGracefulTermination(type, namespace: namespace, deletedAt: deletedAt)
                let remaining = try await deleteAll(type, namespace: namespace)
                if estimate > outcome.estimate {
                    outcome.estimate = estimate
                    outcome.waitsOnPods = true
                }
                guard !remaining.isEmpty else { continue }
                byResource["\(type.plural).\(type.group)"] = remaining.count
                for item in remaining { for finalizer in item.finalizers { byFinalizer[finalizer, default: 0] += 1 } }
                if estimate == 0 {
                    guard remaining.contains(where: { !$0.finalizers.isEmpty }) else {
                        throw ContentError.unexpectedItems(namespace: namespace, type: type)
                    }
                    outcome.estimate = max(outcome.estimate, Self.finalizerEstimateSeconds)
                }
            } catch {
                errors.append((error as? StatusError)?.message ?? "\(error)")
            }
        }
        outcome.conditions.deleteContentFailed(errors)
        outcome.conditions.contentRemaining(byResource: byResource, byFinalizer: byFinalizer)
        return outcome
    }

    /// Deletes every object of a type in the namespace (what DELETE on the collection does: each item with
    /// background propagation, so the garbage collector adds no `orphan` finalizer), and returns what is left.
    private func deleteAll(_ type: ResourceType, namespace: String) async throws -> [KubeObject] {
        for item in try await api.list(type, namespace: namespace).items {
            do {
                _ = try await api.delete(
                    type, namespace: namespace, name: item.name, options: DeleteOptions(propagationPolicy: .background))
            } catch let error as StatusError where error.code == 404 || error.code == 405 {
                continue
            }
        }
        return try await api.list(type, namespace: namespace).items
    }

    /// How long the type's objects may take to go by themselves (`estimateGracefulTermination`): for pods, the
    /// longest grace period of those not yet finished, unless that much time has passed since the namespace's
    /// deletion; 0 for everything else.
    private func estimateGracefulTermination(_ type: ResourceType, namespace: String, deletedAt: Date) async throws -> Int64 {
        guard type == BuiltinResources.pods else { return 0 }
        var estimate: Int64 = 0
        for pod in try await api.list(type, namespace: namespace).items {
            let phase = pod.json[["status", "phase"]]?.stringValue ?? ""
            if phase == "Succeeded" || phase == "Failed" { continue }
            if let grace = pod.spec?["terminationGracePeriodSeconds"]?.intValue { estimate = max(estimate, grace) }
        }
        return now.timeIntervalSince(deletedAt) >= Double(estimate) ? 0 : estimate
    }

    enum ContentError: Error, CustomStringConvertible {
        case unexpectedItems(namespace: String, type: ResourceType)

        /// Go's text, with the GroupVersionResource as `%v` prints it (`apps/v1, Resource=deployments`).
        var description: String {
            switch self {
            case .unexpectedItems(let namespace, let type):
                "unexpected items still remain in namespace: \(namespace) for gvr: \(type.group)/\(type.version), Resource=\(type.plural)"
            }
        }
    }
}
