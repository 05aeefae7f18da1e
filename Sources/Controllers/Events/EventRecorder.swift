import ComponentLogs
import Foundation
import KubeAPI
import Synchronization

/// Writes core/v1 Events as client-go's `tools/record` recorder does for a component: named
/// `<object>.<hex UnixNano>`, in the object's namespace (`default` for cluster-scoped objects), after the
/// `EventCorrelator`'s aggregation, counting and spam filtering (a repeat is a patch of its count, message and
/// lastTimestamp). Like the real recorder, a failed event write is dropped, never an error of the reconcile
/// that records it.
///
/// In real time the writes happen in the background, as client-go's broadcaster sends them from its own
/// goroutine: `record` returns at once, and beyond 1,000 events waiting to be written new ones are dropped
/// (the broadcaster's queue of 1,000, `DropIfChannelFull`). In a simulation each is written before `record`
/// returns, so a settle stays deterministic.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal", warning = "Warning"
    }

    private let api: any ClusterAPI
    private let hostAPI: (@Sendable (String) -> any ClusterAPI)?
    private let clock: any ClusterClock
    private let component: String
    private let fieldManager: String
    private let correlator = Mutex(EventCorrelator())
    private let lastNanos = Mutex<UInt64>(0)
    private let issuedNames: IssuedEventNames
    /// The component's log, where the broadcaster's structured logging writes each event.
    private let log: KlogWriter?
    private let background = Mutex(false)
    private let waiting = Mutex(0)
    /// The most events waiting to be written in the background; more are dropped.
    static let queueLength = 1000

    /// Whether `record` returns before the event is written (real time) or after (a simulation).
    public var writesInBackground: Bool {
        get { background.withLock { $0 } }
        set { background.withLock { $0 = newValue } }
    }

    /// - Parameter issuedNames: the names the cluster's other recorders gave out, shared so that two of them
    ///   recording about one object at one instant do not name both events alike.
    /// - Parameter log: where each event is logged as client-go's `StartStructuredLogging` logs it, under the
    ///   controller's named logger (`"Event occurred" logger="deployment-controller" object="default/web" ...
    ///   reason="ScalingReplicaSet" message="..."`).
    /// - Parameter hostAPI: the API as the component on a host writes, for events with a `host` (a kubelet writes
    ///   as its node); nil writes them through `api` too.
    public init(
        api: any ClusterAPI, hostAPI: (@Sendable (String) -> any ClusterAPI)? = nil, clock: any ClusterClock, component: String, fieldManager: String,
        issuedNames: IssuedEventNames = IssuedEventNames(), log: KlogWriter? = nil
    ) {
        self.issuedNames = issuedNames
        self.log = log
        self.api = api
        self.hostAPI = hostAPI
        self.clock = clock
        self.component = component
        self.fieldManager = fieldManager
    }

    /// Records an event about `object`, of `resource`'s kind.
    /// - Parameters:
    ///   - host: `source.host` (the node, for the kubelet).
    ///   - fieldPath: the part of the object it is about: `spec.containers{nginx}`.
    public func record(
        _ object: KubeObject, type: EventType = .normal, reason: String, message: String, fieldPath: String? = nil,
        host: String? = nil
    ) async {
        let time = clock.now()
        log?.write(
            at: time, source: "event.go:389", "Event occurred",
            [
                ("logger", .string(ControllerNames.canonical(component))),
                ("object", .string(object.namespace.map { "\($0)/\(object.name)" } ?? object.name)),
                ("fieldPath", .string(fieldPath ?? "")), ("kind", .string(object.kind)),
                ("apiVersion", .string(object.apiVersion)), ("type", .string(type.rawValue)), ("reason", .string(reason)),
                ("message", .string(message)),
            ])
        var involved: JSONValue = [
            "kind": .string(object.kind), "name": .string(object.name), "apiVersion": .string(object.apiVersion),
        ]
        if let objectNamespace = object.namespace { involved["namespace"] = .string(objectNamespace) }
        if let uid = object.uid { involved["uid"] = .string(uid) }
        if let version = object.resourceVersion { involved["resourceVersion"] = .string(version) }
        if let fieldPath { involved["fieldPath"] = .string(fieldPath) }
        let facts = EventCorrelator.Facts(
            component: component, host: host ?? "", kind: object.kind, namespace: object.namespace ?? "",
            name: object.name, uid: object.uid ?? "", apiVersion: object.apiVersion, fieldPath: fieldPath ?? "",
            type: type.rawValue, reason: reason, message: message)
        let decision = correlator.withLock { correlator in
            correlator.correlate(facts, now: time) {
                var nanos = uniqueNanos(time)
                while !issuedNames.take("\(object.namespace ?? "default")/\(object.name)", nanos: nanos) { nanos = uniqueNanos(time) }
                return "\(object.name).\(String(nanos, radix: 16))"
            }
        }
        let event = Event(
            namespace: object.namespace ?? "default", involved: involved, type: type, reason: reason, host: host,
            time: time, decision: decision)
        guard writesInBackground else {
            await write(event)
            return
        }
        let admitted = waiting.withLock { count in
            guard count < Self.queueLength else { return false }
            count += 1
            return true
        }
        guard admitted else { return }
        Task {
            await write(event)
            waiting.withLock { $0 -= 1 }
        }
    }

    /// One event to write, as the correlator decided.
    private struct Event: Sendable {
        var namespace: String
        var involved: JSONValue
        var type: EventType
        var reason: String
        var host: String?
        var time: Date
        var decision: EventCorrelator.Decision
    }

    /// Creates the event, or patches the earlier one (creating it under its name when it is gone, as the
    /// recorder does after a NotFound).
    private func write(_ event: Event) async {
        let api = event.host.flatMap { hostAPI?($0) } ?? self.api
        let options = WriteOptions(fieldManager: fieldManager)
        let timestamp = RFC3339Timestamp.string(from: event.time)
        switch event.decision {
        case .skip:
            return
        case .patch(let name, let message, let count, let first):
            let patch: JSONValue = ["count": .int(count), "message": .string(message), "lastTimestamp": .string(timestamp)]
            do {
                _ = try await api.mergePatch(BuiltinResources.events, namespace: event.namespace, name: name, patch, options: options)
            } catch let error as StatusError where error.code == 404 {
                await create(event, name: name, message: message, count: count, first: first, options: options)
            } catch {
                return
            }
        case .create(let name, let message, let count, let first):
            await create(event, name: name, message: message, count: count, first: first, options: options)
        }
    }

    private func create(
        _ event: Event, name: String, message: String, count: Int64, first: Date, options: WriteOptions
    ) async {
        var source: JSONValue = ["component": .string(component)]
        if let host = event.host { source["host"] = .string(host) }
        let object: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(event.namespace)],
            "involvedObject": event.involved, "reason": .string(event.reason), "message": .string(message),
            "source": source, "firstTimestamp": .string(RFC3339Timestamp.string(from: first)),
            "lastTimestamp": .string(RFC3339Timestamp.string(from: event.time)), "count": .int(count),
            "type": .string(event.type.rawValue), "eventTime": .null, "reportingComponent": .string(component),
            "reportingInstance": .string(event.host ?? ""),
        ]
        let api = event.host.flatMap { hostAPI?($0) } ?? self.api
        _ = try? await api.create(BuiltinResources.events, namespace: event.namespace, object: object, options: options)
    }

    /// The event time in nanoseconds, one more than the last when the clock has not moved (a simulated clock
    /// stands still while the loops work), so names stay unique.
    private func uniqueNanos(_ time: Date) -> UInt64 {
        let nanos = UInt64(max(0, time.timeIntervalSince1970) * 1e9)
        return lastNanos.withLock { last in
            last = max(last + 1, nanos)
            return last
        }
    }
}

/// The event names (`<object>.<hex nanos>`) the recorders of one cluster gave out. Each recorder's clock reading
/// is unique to it; two components recording about one object at the same simulated instant would otherwise
/// name their events alike, and the second would be lost.
public final class IssuedEventNames: Sendable {
    private let issued = Mutex<[String: Set<UInt64>]>([:])

    public init() {}

    /// Takes the name of `object` (`namespace/name`) at `nanos`; false when it was taken already.
    func take(_ object: String, nanos: UInt64) -> Bool {
        // Names more than a minute older than this one cannot be drawn again.
        let horizon = nanos > 60_000_000_000 ? nanos - 60_000_000_000 : 0
        return issued.withLock { issued in
            if issued.count > 4096 {
                issued = issued.filter { $0.value.contains { $0 >= horizon } }
            }
            var times = issued[object, default: []]
            if times.count > 64 { times = times.filter { $0 >= horizon } }
            let inserted = times.insert(nanos).inserted
            issued[object] = times
            return inserted
        }
    }
}
