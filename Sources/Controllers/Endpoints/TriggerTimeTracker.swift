import Foundation
import KubeAPI
import Synchronization

/// The time `endpoints.kubernetes.io/last-change-trigger-time` reports (`k8s.io/endpointslice/util`
/// TriggerTimeTracker): on a service's first sync its creation time; after that, the earliest of the changes
/// seen since the last sync (a pod's Ready transition, the service's creation); nil when nothing changed.
final class TriggerTimeTracker: Sendable {
    private struct ServiceState {
        var serviceTime: Date?
        var podTimes: [String: Date] = [:]
    }

    private let states = Mutex<[ObjectKey: ServiceState]>([:])

    /// Records what this sync of `service` saw and returns its trigger time.
    func triggerTime(for service: KubeObject, pods: [KubeObject]) -> Date? {
        let key = ObjectKey(service)
        let known = states.withLock { $0[key] }
        var earliest: Date?
        func note(_ time: Date) { earliest = min(earliest ?? time, time) }
        var podTimes: [String: Date] = [:]
        for pod in pods {
            guard let text = ServiceEndpointRules.readyCondition(pod)?["lastTransitionTime"]?.stringValue,
                let time = RFC3339Timestamp.date(from: text)
            else { continue }
            podTimes[pod.name] = time
            if known?.podTimes[pod.name].map({ time > $0 }) ?? true { note(time) }
        }
        let serviceTime = service.creationTimestamp.flatMap(RFC3339Timestamp.date(from:))
        if let serviceTime, known?.serviceTime.map({ serviceTime > $0 }) ?? true { note(serviceTime) }
        states.withLock { $0[key] = ServiceState(serviceTime: serviceTime, podTimes: podTimes) }
        return known == nil ? serviceTime : earliest
    }

    func forget(_ key: ObjectKey) {
        _ = states.withLock { $0.removeValue(forKey: key) }
    }

    /// The annotation's value: RFC 3339 in UTC (object times have whole seconds, so RFC3339Nano prints the same).
    static func annotation(_ time: Date) -> String { RFC3339Timestamp.string(from: time) }

    static let annotationKey = "endpoints.kubernetes.io/last-change-trigger-time"
}
