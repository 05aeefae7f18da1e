import Foundation
import KubeAPI

/// kube-controller-manager's TTL-after-finished controller (`pkg/controller/ttlafterfinished`): deletes a
/// finished Job `ttlSecondsAfterFinished` after its `Complete` or `Failed` condition's transition, in the
/// foreground, with a uid precondition, after checking the Job read fresh from the API. It records no events.
public struct TTLAfterFinishedController: Controller {
    public init() {}

    public var name: String { "ttl-after-finished-controller" }
    public var fieldManager: String { "kube-controller-manager" }
    /// kube-controller-manager's default `--concurrent-ttl-after-finished-syncs`.
    public var workers: Int { 5 }
    public var watchedTypes: [ResourceType] { [BuiltinResources.jobs] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        guard change.event != .deleted, change.object.deletionTimestamp == nil, Self.expiry(of: change.object) != nil else { return [] }
        return [ObjectKey(change.object)]
    }

    /// When a finished Job with a TTL expires; nil for a Job that is not finished or has no TTL.
    static func expiry(of job: KubeObject) -> Date? {
        guard let ttl = job.spec?["ttlSecondsAfterFinished"]?.intValue,
            let finished = job.jobFinishedCondition?["lastTransitionTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:))
        else { return nil }
        return finished.addingTimeInterval(TimeInterval(ttl))
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let job = context.cache.get(BuiltinResources.jobs, key), job.deletionTimestamp == nil,
            let expiry = Self.expiry(of: job)
        else { return }
        guard context.clock.now() >= expiry else {
            context.requeue(key, at: expiry)
            return
        }
        let fresh: KubeObject
        do {
            fresh = try await context.api.get(BuiltinResources.jobs, namespace: key.namespace, name: key.name)
        } catch let error as StatusError where error.code == 404 {
            return
        }
        guard fresh.deletionTimestamp == nil, let freshExpiry = Self.expiry(of: fresh) else { return }
        guard context.clock.now() >= freshExpiry else {
            context.requeue(key, at: freshExpiry)
            return
        }
        do {
            _ = try await context.api.delete(
                BuiltinResources.jobs, namespace: key.namespace, name: key.name,
                options: DeleteOptions(propagationPolicy: .foreground, uid: fresh.uid))
        } catch let error as StatusError where error.code == 404 {
            return
        }
    }
}
