import Foundation
import KubeAPI
import Synchronization

/// Writes core/v1 Events as client-go's `tools/record` recorder does for a component: named
/// `<object>.<hex UnixNano>`, in the object's namespace (`default` for cluster-scoped objects), with `count` 1;
/// a repeat of the same event (same object, type, reason, message) is a patch of its count and lastTimestamp
/// (`events_cache.go`'s correlation). Like the real recorder, a failed event write is dropped, never an error
/// of the reconcile that records it.
///
/// In real time the writes happen in the background, as client-go's broadcaster sends them from its own
/// goroutine: `record` returns at once, and beyond 1,000 events waiting to be written new ones are dropped
/// (the broadcaster's queue of 1,000, `DropIfChannelFull`). In a simulation each is written before `record`
/// returns, so a settle stays deterministic.
public final class EventRecorder: Sendable {
    public enum EventType: String, Sendable {
        case normal = "Normal", warning = "Warning"
    }

    private struct Recorded {
        var namespace: String
        var name: String
        var count: Int64
    }

    private let api: any ClusterAPI
    private let clock: any ClusterClock
    private let component: String
    private let fieldManager: String
    private let recorded = Mutex<[String: Recorded]>([:])
    private let lastNanos = Mutex<UInt64>(0)
    private let background = Mutex(false)
    private let waiting = Mutex(0)
    /// The most events waiting to be written in the background; more are dropped.
    static let queueLength = 1000

    /// Whether `record` returns before the event is written (real time) or after (a simulation).
    public var writesInBackground: Bool {
        get { background.withLock { $0 } }
        set { background.withLock { $0 = newValue } }
    }

    public init(api: any ClusterAPI, clock: any ClusterClock, component: String, fieldManager: String) {
        self.api = api
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
        guard writesInBackground else {
            await write(object, type: type, reason: reason, message: message, fieldPath: fieldPath, host: host, time: time)
            return
        }
        let admitted = waiting.withLock { count in
            guard count < Self.queueLength else { return false }
            count += 1
            return true
        }
        guard admitted else { return }
        Task {
            await write(object, type: type, reason: reason, message: message, fieldPath: fieldPath, host: host, time: time)
            waiting.withLock { $0 -= 1 }
        }
    }

    private func write(
        _ object: KubeObject, type: EventType, reason: String, message: String, fieldPath: String?, host: String?, time: Date
    ) async {
        let timestamp = RFC3339Timestamp.string(from: time)
        let correlation = [object.uid ?? object.name, type.rawValue, reason, message, fieldPath ?? "", host ?? ""]
            .joined(separator: "\u{0}")
        let options = WriteOptions(fieldManager: fieldManager)
        if let previous = recorded.withLock({ $0[correlation] }) {
            let patch: JSONValue = ["count": .int(previous.count + 1), "lastTimestamp": .string(timestamp)]
            if (try? await api.mergePatch(
                BuiltinResources.events, namespace: previous.namespace, name: previous.name, patch, options: options)) != nil
            {
                recorded.withLock { $0[correlation]?.count += 1 }
                return
            }
        }
        let namespace = object.namespace ?? "default"
        var involved: JSONValue = [
            "kind": .string(object.kind), "name": .string(object.name), "apiVersion": .string(object.apiVersion),
        ]
        if let objectNamespace = object.namespace { involved["namespace"] = .string(objectNamespace) }
        if let uid = object.uid { involved["uid"] = .string(uid) }
        if let version = object.resourceVersion { involved["resourceVersion"] = .string(version) }
        if let fieldPath { involved["fieldPath"] = .string(fieldPath) }
        var source: JSONValue = ["component": .string(component)]
        if let host { source["host"] = .string(host) }
        let name = "\(object.name).\(String(uniqueNanos(time), radix: 16))"
        let event: JSONValue = [
            "apiVersion": "v1", "kind": "Event",
            "metadata": ["name": .string(name), "namespace": .string(namespace)],
            "involvedObject": involved, "reason": .string(reason), "message": .string(message), "source": source,
            "firstTimestamp": .string(timestamp), "lastTimestamp": .string(timestamp), "count": 1,
            "type": .string(type.rawValue), "eventTime": .null, "reportingComponent": .string(component),
            "reportingInstance": .string(host ?? ""),
        ]
        if (try? await api.create(BuiltinResources.events, namespace: namespace, object: event, options: options)) != nil {
            recorded.withLock { $0[correlation] = Recorded(namespace: namespace, name: name, count: 1) }
        }
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
