/// One repetition of a figure: `operations` done in `elapsed`, and how long each operation took.
struct Run: Sendable {
    var operations: Int
    var elapsed: Duration
    /// Each operation's latency, in milliseconds.
    var latencies: [Double]

    /// Operations per second over the whole repetition.
    var rate: Double { Double(operations) / elapsed.seconds }

    /// Runs `body` `count` times back to back, timing each call and the whole loop.
    static func timed(_ count: Int, _ body: (Int) async throws -> Void) async throws -> Run {
        let clock = ContinuousClock()
        var latencies: [Double] = []
        latencies.reserveCapacity(count)
        let start = clock.now
        for index in 0..<count {
            let before = clock.now
            try await body(index)
            latencies.append((clock.now - before).milliseconds)
        }
        return Run(operations: count, elapsed: clock.now - start, latencies: latencies)
    }

    /// Runs `workers` tasks at once, each calling `body(worker, index)` `perWorker` times back to back; the
    /// elapsed time runs from the start of the first task until the last one finishes.
    static func concurrent(
        workers: Int, perWorker: Int, _ body: @escaping @Sendable (_ worker: Int, _ index: Int) async throws -> Void
    ) async throws -> Run {
        let clock = ContinuousClock()
        let start = clock.now
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for worker in 0..<workers {
                group.addTask { try await timed(perWorker) { try await body(worker, $0) }.latencies }
            }
            return try await group.reduce(into: [Double]()) { $0 += $1 }
        }
        return Run(operations: workers * perWorker, elapsed: clock.now - start, latencies: latencies)
    }
}
