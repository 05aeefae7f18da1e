import ComponentLogs
import Foundation
import KubeAPI
import Synchronization

/// What a reconcile works with: the API (its only way to change the cluster), the shared cache, the clock, an
/// event recorder, the name generator, and timers to look at a key again later.
public struct ControllerContext: Sendable {
    public let api: any ClusterAPI
    public let cache: ObjectCache
    public let clock: any ClusterClock
    public let events: EventRecorder
    public let names: NameGenerator
    let timers: TimerRequests
    /// The options the controller's writes carry: its field manager.
    public let writeOptions: WriteOptions
    /// True when the loops run in real time (`kubesim serve`), false in a simulation (the embedded command
    /// line), where everything happens one step at a time in a fixed order.
    public let realTime: Bool
    /// In a simulation, the time the settle was asked to reach (its start, or `kubesim clock advance`'s target);
    /// nil in real time. A loop acting on a schedule (CronJob) treats times after it as not reached yet, though
    /// other timers carried the clock past them, so that a simulation ends.
    public let horizon: Date?
    /// The logs the components write as they act (`kubesim serve`); nil when none are kept.
    public let logs: ClusterLogs?

    /// Runs `body` for each element, side by side in real time (as kube-controller-manager's goroutines
    /// create a batch of pods), one after another in order in a simulation, so a settle stays deterministic.
    /// Every element is tried; the first failure in element order is thrown once all are done.
    public func forEach<Element: Sendable>(
        _ elements: [Element], _ body: @escaping @Sendable (Element) async throws -> Void
    ) async throws {
        var failures: [(Int, any Error)] = []
        if realTime && elements.count > 1 {
            failures = await withTaskGroup(of: (Int, (any Error)?).self) { group in
                for (index, element) in elements.enumerated() {
                    group.addTask {
                        do { try await body(element) } catch { return (index, error) }
                        return (index, nil)
                    }
                }
                var failed: [(Int, any Error)] = []
                for await (index, error) in group { if let error { failed.append((index, error)) } }
                return failed
            }
        } else {
            for (index, element) in elements.enumerated() {
                do { try await body(element) } catch { failures.append((index, error)) }
            }
        }
        if let first = failures.min(by: { $0.0 < $1.0 }) { throw first.1 }
    }

    /// Looks at `key` again after `delay` of cluster time. A timer that `settles` keeps the embedded command
    /// line's simulation running until it fires (a pod due to start); one that does not (a lease renewal) fires
    /// only while the simulation runs for other reasons, or in real time. One that does not settle and is not
    /// `pastHorizon` (a CronJob's next run) fires in a simulation only up to the time it was asked to reach (its
    /// start, or `until`), never because other timers carried the clock past it: otherwise a Job running longer
    /// than its CronJob's period would start the next one, and the simulation would never end.
    public func requeue(_ key: ObjectKey, after delay: Duration, settles: Bool = true, pastHorizon: Bool = true) {
        let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
        timers.add(
            TimerRequest(key: key, deadline: clock.now().addingTimeInterval(seconds), settles: settles, pastHorizon: pastHorizon))
    }

    /// Looks at `key` again at `time` (see `requeue(_:after:settles:)`).
    public func requeue(_ key: ObjectKey, at time: Date, settles: Bool = true, pastHorizon: Bool = true) {
        timers.add(TimerRequest(key: key, deadline: time, settles: settles, pastHorizon: pastHorizon))
    }
}

/// A controller's request to look at a key again at a time.
struct TimerRequest: Sendable {
    var key: ObjectKey
    var deadline: Date
    var settles: Bool
    var pastHorizon = true
}

/// The timers one reconcile asked for, collected for the manager.
final class TimerRequests: Sendable {
    private let requests = Mutex<[TimerRequest]>([])

    func add(_ request: TimerRequest) { requests.withLock { $0.append(request) } }

    func take() -> [TimerRequest] { requests.withLock { requests in defer { requests = [] }; return requests } }
}
