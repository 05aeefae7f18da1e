import Foundation
import KubeAPI

/// kube-controller-manager's namespace controller (`pkg/controller/namespace/namespace_controller.go` and
/// `deletion/namespaced_resources_deleter.go`): a namespace DELETE only marks it `Terminating`; this loop empties
/// it, keeps the deletion conditions on its status, and once nothing is left removes its `kubernetes` finalizer
/// through the `finalize` subresource, which deletes it.
///
/// A namespace is first looked at 5 s after its deletion (`namespaceDeletionGracePeriod`, so late creations are
/// seen); while content remains it is looked at again after half the estimated time plus a second.
///
/// Waiting on finalizers does not keep a simulation running (they may never go), so this loop also hears of its
/// namespaces' content: when an object held by finalizers loses one or goes, the namespace is looked at again at
/// once, where upstream would see it at its next requeue (at most 8 s later).
public struct NamespaceController: Controller {
    /// The delay before a terminating namespace is first processed.
    static let deletionGracePeriod: TimeInterval = 5
    /// The finalizer this controller owns in `spec.finalizers`.
    static let finalizerToken = "kubernetes"

    /// Namespaces, and the namespaced types `catalog` serves that can be listed, watched and deleted.
    let types: [ResourceType]

    public init(catalog: ResourceCatalog) {
        types = [BuiltinResources.namespaces] + catalog.all.filter { type in
            type.isStorageVersion && type.namespaced && ["delete", "list", "watch"].allSatisfy(type.verbs.contains)
        }
    }

    public var name: String { "namespace-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { types }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        let object = change.object
        if change.type == BuiltinResources.namespaces {
            guard change.event != .deleted, object.deletionTimestamp != nil else { return [] }
            return [ObjectKey(namespace: nil, name: object.name)]
        }
        // Content that finalizers held, released.
        let held = change.old ?? object
        guard let namespace = object.namespace, held.deletionTimestamp != nil, !held.finalizers.isEmpty,
            change.event == .deleted || object.finalizers.count < held.finalizers.count,
            cache.get(BuiltinResources.namespaces, namespace: nil, name: namespace)?.deletionTimestamp != nil
        else { return [] }
        return [ObjectKey(namespace: nil, name: namespace)]
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let cached = context.cache.get(BuiltinResources.namespaces, key),
            let deletedAt = cached.deletionTimestamp.flatMap(RFC3339Timestamp.date(from:))
        else { return }
        let now = context.clock.now()
        let firstLook = deletedAt.addingTimeInterval(Self.deletionGracePeriod)
        if now < firstLook {
            context.requeue(key, at: firstLook)
            return
        }
        var namespace: KubeObject
        do {
            namespace = try await context.api.get(BuiltinResources.namespaces, namespace: nil, name: key.name)
        } catch let error as StatusError where error.code == 404 {
            return
        }
        guard namespace.deletionTimestamp != nil else { return }
        if namespace.json[["status", "phase"]]?.stringValue != "Terminating" {
            var status = namespace.json["status"] ?? .emptyObject
            status["phase"] = "Terminating"
            namespace = try await context.api.updateStatus(
                BuiltinResources.namespaces, namespace: nil, name: key.name, status: status, options: context.writeOptions)
        }
        if Self.specFinalizers(namespace).isEmpty { return }

        let deleter = NamespaceContentDeleter(api: context.api, now: now)
        let outcome = await deleter.deleteAllContent(of: key.name, deletedAt: deletedAt)
        var status = namespace.json["status"] ?? .emptyObject
        if outcome.conditions.apply(to: &status, now: now) {
            // As upstream, a failed condition update is not a failed pass.
            _ = try? await context.api.updateStatus(
                BuiltinResources.namespaces, namespace: nil, name: key.name, status: status, options: context.writeOptions)
        }
        if outcome.estimate > 0 {
            // Waiting on finalizers is waiting on someone else: it does not keep a simulation running.
            context.requeue(key, after: .seconds(outcome.estimate / 2 + 1), settles: outcome.waitsOnPods)
            return
        }
        try await finalize(namespace, context: context)
    }

    /// Removes this controller's token from `spec.finalizers` (the rest kept, sorted), re-reading on conflict.
    private func finalize(_ namespace: KubeObject, context: ControllerContext) async throws {
        var current = namespace
        while true {
            var request = current.json
            let remaining = Set(Self.specFinalizers(current)).subtracting([Self.finalizerToken]).sorted()
            request[["spec", "finalizers"]] = .array(remaining.map(JSONValue.string))
            do {
                _ = try await context.api.finalizeNamespace(current.name, object: request, options: context.writeOptions)
                return
            } catch let error as StatusError where error.code == 409 {
                let latest = try await context.api.get(BuiltinResources.namespaces, namespace: nil, name: current.name)
                guard latest.uid == current.uid else { throw error }
                current = latest
            } catch let error as StatusError where error.code == 404 {
                return
            }
        }
    }

    static func specFinalizers(_ namespace: KubeObject) -> [String] {
        (namespace.spec?["finalizers"]?.arrayValue ?? []).compactMap(\.stringValue)
    }
}
