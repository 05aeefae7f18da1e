import EtcdCore

/// Measures the figures, each repetition on a fresh data directory.
struct BenchmarkSuite {
    let scratch: ScratchArea
    let counts: WorkloadCounts
    let repetitions: Int

    /// Runs `body` once per repetition.
    func repeated(_ body: () async throws -> Run) async throws -> [Run] {
        var runs: [Run] = []
        for _ in 0..<repetitions { runs.append(try await body()) }
        return runs
    }

    /// Opens a store on a fresh data directory, runs `body`, closes the store and deletes the directory.
    func withStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        try await scratch.withDirectory { directory in
            let store = try SQLiteStore.open(dataDirectory: directory)
            do {
                let result = try await body(store)
                await store.close()
                return result
            } catch {
                await store.close()
                throw error
            }
        }
    }
}
