import EtcdCore

extension BenchmarkSuite {
    /// Watch delivery: a watcher on the pods prefix while one writer puts back to back; each latency runs from
    /// just before a put is issued to the moment the watcher's task has its event.
    func watchLatency() async throws -> Figure {
        let count = counts.watchedPuts
        let keys = (0..<count).map { Workload.podKey($0) }
        let clock = ContinuousClock()
        let runs = try await repeated {
            try await withStore { store in
                let prefix = Workload.podPrefix()
                let stream = try await store.watch(WatchRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix)))
                let watcher = Task {
                    var received: [ContinuousClock.Instant] = []
                    received.reserveCapacity(count)
                    for try await response in stream {
                        let now = clock.now
                        received += response.events.map { _ in now }
                        if received.count >= count { break }
                    }
                    return received
                }
                var issued: [ContinuousClock.Instant] = []
                issued.reserveCapacity(count)
                let start = clock.now
                for key in keys {
                    issued.append(clock.now)
                    _ = try await store.put(PutRequest(key: key, value: Workload.value))
                }
                // A lost event would leave the watcher waiting: end its stream if it is not done in time.
                let deadline = Task {
                    try await Task.sleep(for: .seconds(10))
                    stream.cancel()
                }
                let received = try await watcher.value
                deadline.cancel()
                stream.cancel()
                guard received.count == count else { throw MissingData(what: "\(count) watch events") }
                let latencies = zip(issued, received).map { ($1 - $0).milliseconds }
                return Run(operations: count, elapsed: received[count - 1] - start, latencies: latencies)
            }
        }
        return Figure(name: "watch delivery, put issued → event received", kind: .latency, runs: runs)
    }
}
