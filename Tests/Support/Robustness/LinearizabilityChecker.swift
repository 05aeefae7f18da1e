/// A linearizability checker in the manner of porcupine: Wing & Gong's search, with Lowe's memoisation of
/// (operations linearized, model state) so that no configuration is explored twice.
///
/// The history is a list of call and return entries in time order. The search walks the list; at a call it
/// tries to linearize that operation now (the model must accept its response), lifting the call and its
/// return out of the list; at a return whose call is still in the list it has failed on this path and
/// backtracks. Unknown operations return at infinity, so they can take effect at any point after their call, or
/// (being last) after everything observed, which is the same as never. Two cuts keep that affordable: an unknown
/// operation is not tried where it would change nothing, and once only unknown operations remain the search ends.
public struct LinearizabilityChecker: Sendable {
    public enum Result: Sendable {
        /// The operations in an order that explains every response.
        case linearizable(order: [Int])
        /// No order exists; `longestPrefix` is the longest run of operations any order could explain.
        case notLinearizable(longestPrefix: [Int])
        /// The search passed its step budget.
        case undecided
    }

    public var initial: KVState
    /// Most search steps before giving up (a bound for CI, not a verdict).
    public var maxSteps: Int

    public init(initial: KVState = KVState(), maxSteps: Int = 20_000_000) {
        self.initial = initial
        self.maxSteps = maxSteps
    }

    private struct Entry {
        var operation: Int
        var isCall: Bool
        var time: Int64
    }

    private struct Memo: Hashable {
        var linearized: [UInt64]
        var state: KVState
    }

    public func check(_ operations: [Operation]) -> Result {
        var entries: [Entry] = []
        for (index, operation) in operations.enumerated() {
            entries.append(Entry(operation: index, isCall: true, time: operation.call))
            entries.append(Entry(operation: index, isCall: false, time: operation.return))
        }
        // Calls before returns at equal times (only unknown operations share a time: infinity).
        entries.sort { ($0.time, $0.isCall ? 0 : 1, $0.operation) < ($1.time, $1.isCall ? 0 : 1, $1.operation) }
        // A doubly linked list over the entries; node 0 is the head sentinel, entry i is node i + 1.
        let count = entries.count
        var next = Array(1...(count + 1))
        var previous = Array(-1..<count)
        next[count] = -1
        var returnNode = [Int](repeating: 0, count: operations.count)
        for (index, entry) in entries.enumerated() where !entry.isCall { returnNode[entry.operation] = index + 1 }

        func lift(_ call: Int) {
            let ret = returnNode[entries[call - 1].operation]
            next[previous[call]] = next[call]
            if next[call] != -1 { previous[next[call]] = previous[call] }
            next[previous[ret]] = next[ret]
            if next[ret] != -1 { previous[next[ret]] = previous[ret] }
        }
        func unlift(_ call: Int) {
            let ret = returnNode[entries[call - 1].operation]
            if next[ret] != -1 { previous[next[ret]] = ret }
            next[previous[ret]] = ret
            if next[call] != -1 { previous[next[call]] = call }
            next[previous[call]] = call
        }

        var linearized = [UInt64](repeating: 0, count: (operations.count + 63) / 64)
        var memo = Set<Memo>()
        var stack: [(node: Int, state: KVState)] = []
        var state = initial
        var node = next[0]
        var longest: [Int] = []
        var steps = 0
        while next[0] != -1 {
            steps += 1
            if steps > maxSteps { return .undecided }
            let entry = entries[node - 1]
            if !entry.isCall && entry.time == .max {
                // Every operation with a known result is linearized; the unknown ones left take effect after all
                // of them (or never), which any outcome of theirs allows.
                var order = stack.map { entries[$0.node - 1].operation }
                while node != -1 {
                    if entries[node - 1].isCall { order.append(entries[node - 1].operation) }
                    node = next[node]
                }
                return .linearizable(order: order)
            }
            if entry.isCall {
                let operation = operations[entry.operation]
                // An unknown operation that would change nothing now need not be tried now: leaving it for later
                // explains every continuation taking it now does.
                if let after = state.step(operation.request, operation.response),
                    operation.response != .unknown || after != state
                {
                    var marked = linearized
                    marked[entry.operation / 64] |= 1 << UInt64(entry.operation % 64)
                    if memo.insert(Memo(linearized: marked, state: after)).inserted {
                        stack.append((node, state))
                        state = after
                        linearized = marked
                        lift(node)
                        node = next[0]
                        continue
                    }
                }
                node = next[node]
            } else {
                if stack.count > longest.count { longest = stack.map { entries[$0.node - 1].operation } }
                guard let top = stack.popLast() else { return .notLinearizable(longestPrefix: longest) }
                let call = top.node
                state = top.state
                let operation = entries[call - 1].operation
                linearized[operation / 64] &= ~(1 << UInt64(operation % 64))
                unlift(call)
                node = next[call]
            }
        }
        return .linearizable(order: stack.map { entries[$0.node - 1].operation })
    }
}
