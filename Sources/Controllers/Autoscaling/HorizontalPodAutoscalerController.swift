import Foundation
import KubeAPI
import Synchronization

/// kube-controller-manager's horizontal pod autoscaler (`pkg/controller/podautoscaler/horizontal.go`,
/// `reconcileAutoscaler`), on a cluster without a metrics server, which is what KubeSim is: every 15 s
/// (`--horizontal-pod-autoscaler-sync-period`) it reads the target's `scale` subresource; a replica count outside
/// `[minReplicas, maxReplicas]` is brought inside it (`SuccessfulRescale`), otherwise the metrics are asked for and
/// none can be had, so the HPA reports `ScalingActive=False` with the reason and message the real controller gives
/// when the `metrics.k8s.io` API is not served, and records the same warnings.
public struct HorizontalPodAutoscalerController: Controller {
    /// `--horizontal-pod-autoscaler-sync-period`.
    public var syncPeriod: Duration

    public init(syncPeriod: Duration = .seconds(15)) {
        self.syncPeriod = syncPeriod
    }

    public var name: String { "horizontal-pod-autoscaler" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.horizontalPodAutoscalers] }

    /// The autoscalers this loop has synced since it started.
    private let synced = SyncedKeys()

    /// A new autoscaler is synced at once; a change to one waits for its next resync, as the real controller's
    /// queue delays every add by the sync period (`FixedItemIntervalRateLimiter`), which also keeps the
    /// controller's own status writes from triggering it again.
    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        change.event == .added ? [ObjectKey(change.object)] : []
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        guard let hpa = context.cache.get(BuiltinResources.horizontalPodAutoscalers, key) else {
            synced.forget(key)
            return
        }
        let now = context.clock.now()
        // The resync: the real controller's queue adds every HPA back after the sync period. The timer does not
        // keep a simulation running: it only fires while something else moves the clock. A sync before it is
        // due (the loop starting, as each embedded command does) records no warnings unless the status moves,
        // so a settled cluster stays unwritten.
        let resync = synced.isDue(key, at: now)
        defer {
            if let next = synced.schedule(key, at: now, period: syncPeriod) { context.requeue(key, at: next, settles: false) }
        }
        var status = HorizontalPodAutoscalerStatus(hpa.json["status"], now: now)
        let spec = hpa.spec ?? .emptyObject
        let reference = spec["scaleTargetRef"] ?? .emptyObject

        let scale: KubeObject
        let target: ResourceType
        do {
            (target, scale) = try await self.scale(of: hpa, reference: reference, context: context)
        } catch {
            let message = Self.message(of: error)
            status.setCondition(
                "AbleToScale", "False", reason: "FailedGetScale",
                message: "the HPA controller was unable to get the target's current scale: \(message)")
            if !resync && status.json == hpa.json["status"] { return }
            await context.events.record(hpa, type: .warning, reason: "FailedGetScale", message: message)
            try await write(status, of: hpa, context: context)
            return
        }
        status.setCondition(
            "AbleToScale", "True", reason: "SucceededGetScale", message: "the HPA controller was able to get the target's current scale")

        let current = scale.json[["spec", "replicas"]]?.intValue ?? 0
        let minimum = spec["minReplicas"]?.intValue ?? 1
        let maximum = spec["maxReplicas"]?.intValue ?? 0
        let desired: Int64
        let reason: String
        if current == 0 && minimum != 0 {
            status.setCondition(
                "ScalingActive", "False", reason: "ScalingDisabled",
                message: "scaling is disabled since the replica count of the target is zero")
            status.set(current: current, desired: 0, metrics: nil, rescaled: false)
            try await write(status, of: hpa, context: context)
            return
        } else if current > maximum {
            (desired, reason) = (maximum, "Current number of replicas above Spec.MaxReplicas")
        } else if current < minimum {
            (desired, reason) = (minimum, "Current number of replicas below Spec.MinReplicas")
        } else {
            // `computeReplicasForMetrics`: no metric can be read without a metrics API.
            let metrics = spec["metrics"]?.arrayValue ?? []
            let failures = metrics.map(MetricsUnavailable.init)
            if let first = failures.first {
                status.setCondition(
                    "ScalingActive", "False", reason: first.reason,
                    message: "the HPA was unable to compute the replica count: \(first.message)")
                // The statuses of metrics that could not be read stay empty (`type: ""`), one per metric.
                status.set(current: current, desired: status.desired, metrics: .array(metrics.map { _ in ["type": ""] }), rescaled: false)
                if !resync && status.json == hpa.json["status"] { return }
                await context.events.record(hpa, type: .warning, reason: first.reason, message: first.message)
                try await write(status, of: hpa, context: context)
                await context.events.record(
                    hpa, type: .warning, reason: "FailedComputeMetricsReplicas",
                    message: "invalid metrics (\(failures.count) invalid out of \(metrics.count)), first error is: \(first.computeMessage)")
                return
            }
            status.set(current: current, desired: current, metrics: nil, rescaled: false)
            try await write(status, of: hpa, context: context)
            return
        }

        var newScale = scale.json
        newScale[["spec", "replicas"]] = .int(desired)
        do {
            _ = try await context.api.updateScale(
                target, namespace: hpa.namespace, name: scale.name, scale: newScale, options: context.writeOptions)
        } catch {
            let message = Self.message(of: error)
            await context.events.record(
                hpa, type: .warning, reason: "FailedRescale", message: "New size: \(desired); reason: \(reason); error: \(message)")
            status.setCondition(
                "AbleToScale", "False", reason: "FailedUpdateScale",
                message: "the HPA controller was unable to update the target scale: \(message)")
            status.set(current: current, desired: status.desired, metrics: nil, rescaled: false)
            try await write(status, of: hpa, context: context)
            throw error
        }
        status.setCondition(
            "AbleToScale", "True", reason: "SucceededRescale", message: "the HPA controller was able to update the target scale to \(desired)")
        await context.events.record(hpa, reason: "SuccessfulRescale", message: "New size: \(desired); reason: \(reason)")
        status.set(current: current, desired: desired, metrics: nil, rescaled: true)
        try await write(status, of: hpa, context: context)
    }

    /// The target's type and Scale (`scaleForResourceMappings`).
    private func scale(
        of hpa: KubeObject, reference: JSONValue, context: ControllerContext
    ) async throws -> (ResourceType, KubeObject) {
        let apiVersion = reference["apiVersion"]?.stringValue ?? ""
        let kind = reference["kind"]?.stringValue ?? ""
        guard let type = context.api.catalog.type(apiVersion: apiVersion, kind: kind),
            type.subresources.contains(where: { $0.name == "scale" })
        else {
            let (group, _) = ResourceCatalog.split(apiVersion: apiVersion)
            throw ScaleUnavailable(message: "no matches for kind \"\(kind)\" in group \"\(group)\"")
        }
        let name = reference["name"]?.stringValue ?? ""
        return (type, try await context.api.getScale(type, namespace: hpa.namespace, name: name))
    }

    /// `updateStatusIfNeeded`: writes the status only when it changed.
    private func write(_ status: HorizontalPodAutoscalerStatus, of hpa: KubeObject, context: ControllerContext) async throws {
        guard status.json != (hpa.json["status"] ?? .emptyObject) else { return }
        _ = try await context.api.updateStatus(
            BuiltinResources.horizontalPodAutoscalers, namespace: hpa.namespace, name: hpa.name, status: status.json,
            options: context.writeOptions)
    }

    private static func message(of error: any Error) -> String {
        (error as? StatusError)?.message ?? (error as? ScaleUnavailable)?.message ?? "\(error)"
    }

    private struct ScaleUnavailable: Error {
        var message: String
    }
}

/// Why one metric could not be read on a cluster that serves no metrics API (no metrics-server, no custom or
/// external metrics adapter): the errors `computeReplicasForMetric` and the replica calculator chain together.
struct MetricsUnavailable {
    /// The event and condition reason: `FailedGetResourceMetric`, `FailedGetPodsMetric`, ...
    var reason: String
    /// The error the event carries and the condition quotes.
    var message: String
    /// The error `computeReplicasForMetric` wraps it in, which `FailedComputeMetricsReplicas` quotes.
    var computeMessage: String

    /// client-go's answer when an API group is not served.
    static func notFound(_ resource: String) -> String {
        "the server could not find the requested resource (get \(resource))"
    }

    init(_ metric: JSONValue) {
        let type = metric["type"]?.stringValue ?? ""
        switch type {
        case "Resource", "ContainerResource":
            let field = type == "Resource" ? "resource" : "containerResource"
            let resource = metric[[field, "name"]]?.stringValue ?? ""
            let fetch = "unable to fetch metrics from resource metrics API: \(Self.notFound("pods.metrics.k8s.io"))"
            let utilization = metric[[field, "target", "averageUtilization"]] != nil
            let got = "unable to get metrics for resource \(resource): \(fetch)"
            message = utilization ? "failed to get \(resource) utilization: \(got)" : "failed to get \(resource) usage: \(got)"
            reason = type == "Resource" ? "FailedGetResourceMetric" : "FailedGetContainerResourceMetric"
            computeMessage =
                type == "Resource"
                ? "failed to get \(resource) resource metric value: \(message)"
                : "failed to get \(resource) container metric value: \(message)"
        case "Pods", "Object", "External":
            let field = type.lowercased()
            let name = metric[[field, "metric", "name"]]?.stringValue ?? ""
            let api = type == "External" ? "external metrics API" : "custom metrics API"
            let group = type == "External" ? "external.metrics.k8s.io" : "custom.metrics.k8s.io"
            message = "unable to get \(type == "External" ? "external " : "")metric \(name): unable to fetch metrics from \(api): \(Self.notFound(group))"
            reason = "FailedGet\(type)Metric"
            computeMessage = "failed to get \(field) metric value: \(message)"
        default:
            message = "unknown metric source type \"\(type)\""
            reason = "InvalidMetricSourceType"
            computeMessage = message
        }
    }
}

/// When each autoscaler's next resync is due, shared by the copies of the controller value.
final class SyncedKeys: Sendable {
    private let due = Mutex<[ObjectKey: Date]>([:])

    /// Whether `key`'s resync is due at `now` (false before its first sync).
    func isDue(_ key: ObjectKey, at now: Date) -> Bool { due.withLock { $0[key].map { now >= $0 } ?? false } }

    /// The time of `key`'s next resync when none is pending (its first sync, or its resync running), else nil.
    func schedule(_ key: ObjectKey, at now: Date, period: Duration) -> Date? {
        due.withLock { due in
            if let pending = due[key], now < pending { return nil }
            let next = now.addingTimeInterval(TimeInterval(period.components.seconds))
            due[key] = next
            return next
        }
    }

    func forget(_ key: ObjectKey) { _ = due.withLock { $0.removeValue(forKey: key) } }
}
