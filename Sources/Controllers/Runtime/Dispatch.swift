/// Which queued keys may be reconciled now in real time: each controller runs at most `workers` keys at once,
/// a key never twice at once (one queued again while it runs waits for it, as client-go's queue's dirty
/// set does), and a key is taken only when the cache has seen what its last reconcile wrote (all of its
/// controller's writes, for a controller with one worker).
///
/// Each pass looks at no more queued keys than it can start, so a controller with 10,000 keys waiting costs
/// a pass its free workers, not its backlog.
struct Dispatch {
    /// Queued keys per controller, in queue order.
    private var pending: [Int: WorkQueue] = [:]
    private var running: Set<WorkQueue.Item> = []
    private var runningCount: [Int: Int] = [:]
    /// Keys queued again while they ran.
    private var dirty: Set<WorkQueue.Item> = []
    private var writtenByKey: [WorkQueue.Item: Int64] = [:]
    private var writtenByController: [Int: Int64] = [:]

    /// Queues a key for its controller.
    mutating func add(_ item: WorkQueue.Item) {
        pending[item.controller, default: WorkQueue()].add(item)
    }

    /// Takes the keys that may start now, marking them running.
    mutating func dispatchable(controllers: [any Controller], cacheRevision: Int64) -> [WorkQueue.Item] {
        var started: [WorkQueue.Item] = []
        if writtenByKey.count > 4096 { writtenByKey = writtenByKey.filter { $0.value > cacheRevision } }
        for index in pending.keys.sorted() {
            let workers = max(1, controllers[index].workers)
            // A lone worker waits for all of its controller's writes; several wait each for their key's.
            if workers == 1 && cacheRevision < writtenByController[index, default: 0] { continue }
            var queue = pending[index] ?? WorkQueue()
            var notYet: [WorkQueue.Item] = []
            while runningCount[index, default: 0] < workers, notYet.count < 64, let item = queue.pop() {
                if running.contains(item) {
                    dirty.insert(item)
                } else if cacheRevision < writtenByKey[item, default: 0] {
                    notYet.append(item)
                } else {
                    running.insert(item)
                    runningCount[index, default: 0] += 1
                    started.append(item)
                }
            }
            for item in notYet { queue.add(item) }
            pending[index] = queue.isEmpty ? nil : queue
        }
        return started
    }

    /// Notes that a key finished, having written up to `written`; a key queued while it ran is queued again.
    mutating func finished(_ item: WorkQueue.Item, written: Int64) {
        guard running.remove(item) != nil else { return }
        runningCount[item.controller, default: 1] -= 1
        if written > 0 {
            writtenByKey[item] = written
            writtenByController[item.controller] = max(writtenByController[item.controller, default: 0], written)
        }
        if dirty.remove(item) != nil { add(item) }
    }
}
