import Synchronization

/// One client operation: what was asked, what came back, and when (logical times from one counter, so
/// "returned before called" is exact).
public struct Operation: Sendable, CustomStringConvertible {
    public var client: Int
    public var request: KVRequest
    public var response: KVResponse
    public var call: Int64
    /// `Int64.max` for an operation whose result is unknown: it may take effect any time after its call.
    public var `return`: Int64

    public init(client: Int, request: KVRequest, response: KVResponse, call: Int64, return: Int64) {
        self.client = client
        self.request = request
        self.response = response
        self.call = call
        self.return = response == .unknown ? .max : `return`
    }

    public var description: String {
        "c\(client) [\(call), \(self.return == .max ? "∞" : String(self.return))] \(request) -> \(response)"
    }
}

/// Records operations as clients run them; safe to use from many tasks.
public final class OperationHistory: Sendable {
    private struct Pending { var client: Int; var request: KVRequest; var call: Int64 }
    private struct State {
        var clock: Int64 = 0
        var pending: [Int: Pending] = [:]
        var nextID = 0
        var done: [Operation] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Notes a call's start; pass the answer to `end`.
    public func begin(client: Int, _ request: KVRequest) -> Int {
        state.withLock { state in
            state.clock += 1
            let id = state.nextID
            state.nextID += 1
            state.pending[id] = Pending(client: client, request: request, call: state.clock)
            return id
        }
    }

    /// Notes a call's end and what it answered (`.unknown` when nothing certain came back).
    public func end(_ id: Int, _ response: KVResponse) {
        state.withLock { state in
            state.clock += 1
            guard let pending = state.pending.removeValue(forKey: id) else { return }
            state.done.append(
                Operation(
                    client: pending.client, request: pending.request, response: response, call: pending.call,
                    return: state.clock))
        }
    }

    func rename(_ id: Int, _ request: KVRequest) {
        state.withLock { $0.pending[id]?.request = request }
    }

    /// Every operation; calls that never ended are unknown.
    public var operations: [Operation] {
        state.withLock { state in
            state.done
                + state.pending.values.map {
                    Operation(client: $0.client, request: $0.request, response: .unknown, call: $0.call, return: .max)
                }
        }
    }
}

extension OperationHistory {
    /// Ends a call begun before its request was chosen (the Kubernetes API's clients pick create or update by
    /// what they know), recording the request it turned out to be.
    public func replace(_ id: Int, request: KVRequest, response: KVResponse) {
        rename(id, request)
        end(id, response)
    }
}
