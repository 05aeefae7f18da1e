/// Which queued keys may be reconciled now in real time: each controller runs at most `workers` keys at once,
/// a key never twice at once (one queued again while it runs waits for it, as client-go's queue's dirty
/// set does), and a key is taken only when the cache has seen what its last reconcile wrote (all of its
/// controller's writes, for a controller with one worker).
struct Dispatch {
    /// Queued keys per controller, in queue order.
    var pending: [Int: [WorkQueue.Item]] = [:]
    private var running: Set<WorkQueue.Item> = []
    private var runningCount: [Int: Int] = [:]
    /// Keys queued again while they ran.
    private var dirty: Set<WorkQueue.Item> = []
    private var writtenByKey: [WorkQueue.Item: Int64] = [:]
    private var writtenByController: [Int: Int64] = [:]

    /// Takes the keys that may start now, marking them running.
    mutating func dispatchable(controllers: [any Controller], cacheRevision: Int64) -> [WorkQueue.Item] {
        var started: [WorkQueue.Item] = []
        if writtenByKey.count > 4096 { writtenByKey = writtenByKey.filter { $0.value > cacheRevision } }
        for index in pending.keys.sorted() {
            let workers = max(1, controllers[index].workers)
            var waiting: [WorkQueue.Item] = []
            var seen: Set<WorkQueue.Item> = []
            for item in pending[index] ?? [] where seen.insert(item).inserted {
                let needed = workers == 1 ? writtenByController[index, default: 0] : writtenByKey[item, default: 0]
                if running.contains(item) {
                    dirty.insert(item)
                } else if runningCount[index, default: 0] < workers && cacheRevision >= needed {
                    running.insert(item)
                    runningCount[index, default: 0] += 1
                    started.append(item)
                } else {
                    waiting.append(item)
                }
            }
            pending[index] = waiting.isEmpty ? nil : waiting
        }
        return started
    }

    /// Notes that a key finished, having written up to `written`; a key queued while it ran is queued again.
    mutating func finished(_ item: WorkQueue.Item, written: Int64, queue: inout WorkQueue) {
        guard running.remove(item) != nil else { return }
        runningCount[item.controller, default: 1] -= 1
        if written > 0 {
            writtenByKey[item] = written
            writtenByController[item.controller] = max(writtenByController[item.controller, default: 0], written)
        }
        if dirty.remove(item) != nil { queue.add(item) }
    }
}
