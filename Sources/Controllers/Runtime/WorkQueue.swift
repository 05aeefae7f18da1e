/// The keys due for reconciling, first in first out, each at most once while it waits (client-go's
/// `workqueue`): a key added again before it is taken keeps its place.
struct WorkQueue {
    struct Item: Hashable {
        var controller: Int
        var key: ObjectKey
    }

    private var items: [Item] = []
    private var head = 0
    private var waiting: Set<Item> = []

    var isEmpty: Bool { head == items.count }
    var count: Int { items.count - head }

    mutating func add(_ item: Item) {
        guard waiting.insert(item).inserted else { return }
        items.append(item)
    }

    mutating func pop() -> Item? {
        guard head < items.count else { return nil }
        let item = items[head]
        head += 1
        waiting.remove(item)
        if head > 4096 && head * 2 > items.count {
            items.removeFirst(head)
            head = 0
        }
        return item
    }
}

/// Timers by deadline, ties in the order they were set, so the simulation fires them the same way every run.
struct TimerQueue {
    struct Timer {
        var deadline: Double
        var sequence: Int
        var item: WorkQueue.Item
        var settles: Bool
        /// Whether a simulation may fire it past its horizon (see `ControllerContext.requeue`).
        var pastHorizon: Bool
    }

    private var heap: [Timer] = []
    private var sequence = 0

    var isEmpty: Bool { heap.isEmpty }

    /// The earliest deadline of a timer that keeps a simulation running.
    var nextSettlingDeadline: Double? { heap.lazy.filter(\.settles).map(\.deadline).min() }

    /// The earliest deadline of any timer.
    var nextDeadline: Double? { heap.first?.deadline }

    mutating func add(_ item: WorkQueue.Item, deadline: Double, settles: Bool, pastHorizon: Bool = true) {
        heap.append(Timer(deadline: deadline, sequence: sequence, item: item, settles: settles, pastHorizon: pastHorizon))
        sequence += 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.earlier(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the timers due at `now`, earliest first; those that may not fire past `horizon` and
    /// are due after it stay.
    mutating func popDue(_ now: Double, horizon: Double = .infinity) -> [Timer] {
        var due: [Timer] = []
        var held: [Timer] = []
        defer {
            for timer in held { add(timer.item, deadline: timer.deadline, settles: timer.settles, pastHorizon: false) }
        }
        while let first = heap.first, first.deadline <= now {
            if first.pastHorizon || first.deadline <= horizon { due.append(first) } else { held.append(first) }
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var smallest = parent
                if left < heap.count && Self.earlier(heap[left], heap[smallest]) { smallest = left }
                if right < heap.count && Self.earlier(heap[right], heap[smallest]) { smallest = right }
                if smallest == parent { break }
                heap.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return due
    }

    private static func earlier(_ a: Timer, _ b: Timer) -> Bool {
        (a.deadline, a.sequence) < (b.deadline, b.sequence)
    }
}
