import ComponentLogs
import Foundation
import KubeAPI
import KubeAuth
import Synchronization

/// Runs control loops as kube-controller-manager, kube-scheduler and the kubelet run theirs: informers (one
/// list, then one watch, resumed from the list's resourceVersion, relisted after a 410) feed a shared cache and
/// a work queue of keys; each key is reconciled through the API; a failed reconcile is retried with backoff.
///
/// A key is reconciled again only once the cache has seen its previous reconcile's writes, so no loop acts on a
/// cache older than its own writes. Two ways to run:
/// - `run()`: in real time on the wall clock, each controller reconciling up to its `workers` keys at once,
///   until cancelled (`kubesim serve`).
/// - `settle()`: on a `SimulatedClock`, until nothing is left to do, jumping the clock to the next timer
///   whenever nothing else is runnable (the embedded command line). One key at a time; keys, timers and
///   changes are taken in a fixed order, so the same cluster settles the same way every time.
public actor ControllerManager {
    /// How a `settle()` ended.
    public struct SettleReport: Sendable {
        /// Reconciles run.
        public var steps: Int
        /// Simulated time that passed.
        public var elapsed: TimeInterval
        /// False when a limit stopped it before the cluster settled.
        public var settled: Bool
    }

    private let api: any ClusterAPI
    private let authorization: LoopAuthorization?
    private let controllers: [any Controller]
    private let recorders: [EventRecorder]
    public nonisolated let cache: ObjectCache
    private let clock: any ClusterClock
    private let names: NameGenerator
    private let log: @Sendable (String) -> Void
    private let logs: ClusterLogs?
    private let feed = ChangeFeed()
    private var queue = WorkQueue()
    private var timers = TimerQueue()
    private var failures: [WorkQueue.Item: Int] = [:]
    private var realTime = Dispatch()
    /// Whether `run()` drives the loops (real time) rather than `settle()`.
    private nonisolated let inRealTime = Mutex(false)
    private var started = false
    /// Whether the controllers' start was logged.
    private var announced = false

    /// - Parameters:
    ///   - log: where reconcile errors are reported.
    ///   - logs: the components' and containers' logs the loops write as they act (`kubesim serve`); nil
    ///     writes none.
    ///   - authorization: how each loop's calls are authorized, as its component's user; nil lets every call
    ///     through (kube-apiserver's AlwaysAllow).
    public init(
        api: any ClusterAPI, controllers: [any Controller], clock: any ClusterClock, names: NameGenerator,
        log: @escaping @Sendable (String) -> Void = { _ in }, logs: ClusterLogs? = nil,
        authorization: LoopAuthorization? = nil
    ) {
        self.api = api
        self.authorization = authorization
        self.controllers = controllers
        self.clock = clock
        self.names = names
        self.log = log
        self.logs = logs
        var types: [ResourceType] = []
        for type in controllers.flatMap(\.watchedTypes) where !types.contains(type) { types.append(type) }
        // The manager hears of policy changes to forget the cached RBAC rules.
        if authorization != nil {
            for type in LoopAuthorization.policyTypes where !types.contains(type) { types.append(type) }
        }
        cache = ObjectCache(types: types)
        let issuedNames = IssuedEventNames()
        recorders = controllers.map { controller in
            // Events are written as the component's user: a kubelet's as its node's.
            var eventAPI: any ClusterAPI = api
            var hostAPI: (@Sendable (String) -> any ClusterAPI)?
            if let authorization {
                let identity = controller.identity
                eventAPI = authorization.api(api, for: identity, node: nil)
                hostAPI = { @Sendable host in authorization.api(api, for: identity, node: host) }
            }
            return EventRecorder(
                api: eventAPI, hostAPI: hostAPI, clock: clock,
                component: controller.name, fieldManager: controller.fieldManager, issuedNames: issuedNames,
                log: controller.fieldManager == "kube-controller-manager" ? logs?.klog(.kubeControllerManager) : nil)
        }
    }

    /// The informers stop with the manager (a settle that did not advance the clock leaves them watching).
    deinit {
        feed.stop()
    }

    /// Runs the loops in real time until the task is cancelled or the watch ends for good.
    ///
    /// Each controller reconciles up to its `workers` keys at once (never one key twice at once, as client-go's
    /// work queue guarantees). A key is taken again only when the cache has seen its last reconcile's writes; a
    /// controller with one worker waits for all of its writes, so it never acts on a cache older than itself.
    public func run() async throws {
        defer { feed.stop() }
        inRealTime.withLock { $0 = true }
        for recorder in recorders { recorder.writesInBackground = true }
        try await startIfNeeded()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                do { try await drainFeed() } catch {
                    log("watch failed: \(error)")
                    return
                }
                let now = clock.now().timeIntervalSinceReferenceDate
                for timer in timers.popDue(now) { queue.add(timer.item) }
                while let item = queue.pop() { realTime.add(item) }
                for item in realTime.dispatchable(controllers: controllers, cacheRevision: cache.revision) {
                    group.addTask { [self] in
                        let outcome = await perform(item)
                        await finish(outcome)
                        feed.poke()
                    }
                }
                let wait = min(1, max(0.001, (timers.nextDeadline ?? now + 1) - now))
                await feed.wait(atMost: .milliseconds(Int(wait * 1000)))
            }
        }
    }

    /// Runs the loops on `clock` until nothing is left to do: no key queued and no timer that settles. The
    /// clock jumps to the next such timer when nothing else is runnable; the informers stop at the end.
    ///
    /// With `advancingClock: false` it stops instead when nothing is runnable at the clock's present time, and
    /// the informers keep watching: what a real cluster's loops do between two requests of one `kubectl apply`
    /// (a new namespace has its `default` service account before the next document's pod is created).
    ///
    /// With `until`, it first runs the clock up to that time, firing every timer due by then, including those
    /// that do not settle (a CronJob's next run, lease renewals): `kubesim clock advance`. Then it settles as
    /// without it.
    ///
    /// With `keepingInformers`, the informers keep watching after a settle that advanced the clock, so the next
    /// settle goes on from the cache instead of listing every type again and offering every object anew (a
    /// cluster's bring-up, settled after each of its phases by one process).
    /// - Parameters:
    ///   - maxSteps: reconciles after which it stops unsettled (a loop that never settles is a bug).
    ///   - maxElapsed: simulated seconds (after `until`) after which it stops unsettled.
    public func settle(
        on clock: SimulatedClock, advancingClock: Bool = true, keepingInformers: Bool = false, until: Date? = nil,
        maxSteps: Int = 1_000_000, maxElapsed: TimeInterval = 86_400
    ) async throws -> SettleReport {
        let start = clock.now()
        let horizon = max(start, until ?? start).timeIntervalSinceReferenceDate
        try await startIfNeeded()
        try await waitForStore()
        var steps = 0
        while true {
            try await drainFeed()
            if let item = queue.pop() {
                let outcome = await perform(item, horizon: Date(timeIntervalSinceReferenceDate: horizon))
                finish(outcome)
                await waitForCache(toReach: outcome.written)
                steps += 1
                if steps >= maxSteps { return SettleReport(steps: steps, elapsed: clock.now().timeIntervalSince(start), settled: false) }
                continue
            }
            let due = timers.popDue(clock.now().timeIntervalSinceReferenceDate, horizon: horizon)
            if !due.isEmpty {
                for timer in due { queue.add(timer.item) }
                continue
            }
            var candidate = timers.nextSettlingDeadline
            if let until = until?.timeIntervalSinceReferenceDate, clock.now().timeIntervalSinceReferenceDate < until {
                // Every timer up to `until` fires in turn; then the clock stands at `until`.
                candidate = min(candidate ?? until, timers.nextDeadline ?? until, until)
            }
            guard advancingClock, let next = candidate else { break }
            let limit = max(start.timeIntervalSinceReferenceDate, until?.timeIntervalSinceReferenceDate ?? 0) + maxElapsed
            if next > limit {
                return SettleReport(steps: steps, elapsed: clock.now().timeIntervalSince(start), settled: false)
            }
            clock.advance(to: Date(timeIntervalSinceReferenceDate: next))
        }
        if advancingClock && !keepingInformers {
            feed.stop()
            started = false
        }
        return SettleReport(steps: steps, elapsed: clock.now().timeIntervalSince(start), settled: true)
    }

    // MARK: - Informers

    /// Lists every watched type at one revision into the cache, offers every object as ADDED (and every
    /// object that disappeared since the last list as DELETED), and watches from that revision.
    private func startIfNeeded() async throws {
        guard !started else { return }
        var lists: [ResourceType: [KubeObject]] = [:]
        var revision: Int64 = 0
        for type in cache.types {
            let list = try await api.list(type, version: revision == 0 ? .latest : .exact(revision))
            if revision == 0 { revision = Int64(list.resourceVersion) ?? 0 }
            lists[type] = list.items
        }
        let before = cache.types.map { type in (type, cache.list(type)) }
        cache.replace(with: lists, revision: revision)
        authorization?.rbac.invalidate()
        for (type, objects) in before {
            for object in objects where cache.get(type, ObjectKey(object)) == nil {
                offer(ObjectChange(type: type, event: .deleted, object: object, old: object))
            }
        }
        for type in cache.types {
            for object in cache.list(type) { offer(ObjectChange(type: type, event: .added, object: object, old: nil)) }
        }
        feed.start(try await api.watchAll(cache.types, resourceVersion: String(revision)))
        if !started && !announced { announceStart() }
        started = true
        announced = true
    }

    /// What kube-controller-manager logs as it starts each controller, once.
    private func announceStart() {
        guard let writer = logs?.klog(.kubeControllerManager) else { return }
        let now = clock.now()
        for controller in controllers where controller.fieldManager == "kube-controller-manager" {
            writer.write(at: now, source: "controllermanager.go:787", "Started controller", [("controller", .string(ControllerNames.canonical(controller.name)))])
        }
    }

    /// Applies what the watch delivered to the cache and queues the keys it makes due; lists again after a 410.
    private func drainFeed() async throws {
        let (changes, failure) = feed.drain()
        for change in changes {
            guard let (type, event) = change.change else {
                cache.advance(to: change.revision)
                continue
            }
            let old = cache.apply(type, event, revision: change.revision)
            if let authorization, LoopAuthorization.policyTypes.contains(type) { authorization.rbac.invalidate() }
            offer(ObjectChange(type: type, event: event.type, object: event.object, old: old))
        }
        guard let failure else { return }
        if let status = failure as? StatusError, status.code == 410 {
            log("watch expired (\(status.message)); listing again")
            started = false
            try await startIfNeeded()
            return
        }
        throw failure
    }

    private func offer(_ change: ObjectChange) {
        for (index, controller) in controllers.enumerated() where controller.watchedTypes.contains(change.type) {
            for key in controller.keys(for: change, in: cache) { queue.add(WorkQueue.Item(controller: index, key: key)) }
        }
    }

    // MARK: - Reconciling

    /// What one reconcile did: its error, the timers it asked for, the highest revision it wrote.
    private struct Outcome: Sendable {
        var item: WorkQueue.Item
        var error: (any Error)?
        var timers: [TimerRequest]
        var written: Int64
    }

    /// Reconciles one key; touches none of the manager's state, so real-time reconciles run side by side.
    private nonisolated func perform(_ item: WorkQueue.Item, horizon: Date? = nil) async -> Outcome {
        let controller = controllers[item.controller]
        let tracked = WriteTrackingAPI(
            base: authorization?.api(api, for: controller, key: item.key, cache: cache) ?? api)
        let timerRequests = TimerRequests()
        let context = ControllerContext(
            api: tracked, cache: cache, clock: clock, events: recorders[item.controller], names: names,
            timers: timerRequests, writeOptions: WriteOptions(fieldManager: controller.fieldManager),
            realTime: inRealTime.withLock { $0 }, horizon: horizon, logs: logs)
        var failure: (any Error)?
        do { try await controller.reconcile(item.key, context: context) } catch { failure = error }
        return Outcome(item: item, error: failure, timers: timerRequests.take(), written: tracked.written.value)
    }

    /// Takes in what a reconcile did: its timers, and on failure a retry with backoff.
    private func finish(_ outcome: Outcome) {
        let item = outcome.item
        realTime.finished(item, written: outcome.written)
        if let error = outcome.error {
            // client-go's default controller rate limiter: 5 ms doubling per failure, at most 1000 s.
            let count = failures[item, default: 0]
            failures[item] = count + 1
            let delay = min(0.005 * pow(2, Double(min(count, 30))), 1000)
            log("\(controllers[item.controller].name): error syncing \"\(item.key)\": \(error); retrying in \(delay)s")
            timers.add(item, deadline: clock.now().timeIntervalSinceReferenceDate + delay, settles: true)
        } else {
            failures[item] = nil
        }
        for request in outcome.timers {
            timers.add(
                WorkQueue.Item(controller: item.controller, key: request.key),
                deadline: request.deadline.timeIntervalSinceReferenceDate, settles: request.settles,
                pastHorizon: request.pastHorizon)
        }
    }

    /// Waits until the cache has seen every write the store had committed when this was called (a consistent
    /// read's revision: a list of one object answers it), so a settle starts from what its caller wrote.
    private func waitForStore() async throws {
        let head = try await api.list(
            BuiltinResources.namespaces, namespace: nil, labelSelector: .everything, fieldSelector: .everything, limit: 1,
            continueToken: nil, version: .latest)
        await waitForCache(toReach: Int64(head.resourceVersion) ?? 0)
    }

    /// Waits until the watch has brought the cache to `revision` (at most 10 s of wall time).
    private func waitForCache(toReach revision: Int64) async {
        let deadline = ContinuousClock.now + .seconds(10)
        while cache.revision < revision {
            do { try await drainFeed() } catch {
                log("watch failed: \(error)")
                return
            }
            if cache.revision >= revision { return }
            guard ContinuousClock.now < deadline else {
                log("the watch did not reach revision \(revision) within 10 s; going on")
                return
            }
            await feed.wait(atMost: .milliseconds(100))
        }
    }
}
