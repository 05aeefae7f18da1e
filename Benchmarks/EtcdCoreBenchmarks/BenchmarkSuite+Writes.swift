import EtcdCore

extension BenchmarkSuite {
    /// One writer putting 1 KiB values under new pod keys, each put waiting for its durable commit.
    func sequentialPuts() async throws -> Figure {
        let keys = (0..<counts.sequentialPuts).map { Workload.podKey($0) }
        let runs = try await repeated {
            try await withStore { store in
                try await Run.timed(keys.count) { index in
                    _ = try await store.put(PutRequest(key: keys[index], value: Workload.value))
                }
            }
        }
        return Figure(
            name: "sequential puts, 1 writer", kind: .throughput(unit: "puts/s"), boundByFsync: true, runs: runs)
    }

    /// `writers` tasks putting at once, each under its own namespace: the store should group-commit them,
    /// many etcd transactions to one fsync, so the aggregate rate can pass the raw fsync rate.
    func concurrentPuts(writers: Int) async throws -> Figure {
        let perWriter = counts.concurrentPuts / writers
        let keys = (0..<writers).map { writer in
            (0..<perWriter).map { Workload.podKey(namespace: "writer-\(writer)", $0) }
        }
        let runs = try await repeated {
            try await withStore { store in
                try await Run.concurrent(workers: writers, perWorker: perWriter) { writer, index in
                    _ = try await store.put(PutRequest(key: keys[writer][index], value: Workload.value))
                }
            }
        }
        return Figure(
            name: "concurrent puts, \(writers) writers", kind: .throughput(unit: "puts/s"), boundByFsync: true,
            runs: runs)
    }
}
