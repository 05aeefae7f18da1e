import EtcdCore
import Foundation

extension BenchmarkSuite {
    /// The read figures, measured together on stores loaded with `counts.loadedKeys` pods (one per repetition).
    struct ReadFigures {
        var gets: Figure
        var concurrentGets: Figure
        var fullRange: Figure
        var keysOnlyRange: Figure
        var countOnlyRange: Figure

        var all: [Figure] { [gets, concurrentGets, fullRange, keysOnlyRange, countOnlyRange] }
    }

    /// Point gets of random existing keys by one caller and by `callers` at once, then a prefix range over
    /// every loaded key: full values, keys only, and count only.
    func reads(callers: Int) async throws -> ReadFigures {
        let keyCount = counts.loadedKeys
        let keys = (0..<keyCount).map { Workload.podKey($0) }
        let prefix = Workload.podPrefix()
        let ranges = [
            RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix)),
            RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), keysOnly: true),
            RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), countOnly: true),
        ]
        var runs: [[Run]] = Array(repeating: [], count: 2 + ranges.count)
        for _ in 0..<repetitions {
            try await withStore { store in
                try await Workload.load(store, count: keyCount)
                runs[0].append(
                    try await Run.timed(counts.gets) { _ in
                        try await get(store, keys.randomElement()!)
                    })
                runs[1].append(
                    try await Run.concurrent(workers: callers, perWorker: counts.gets / callers) { _, _ in
                        try await get(store, keys.randomElement()!)
                    })
                for (offset, request) in ranges.enumerated() {
                    runs[2 + offset].append(
                        try await Run.timed(counts.rangeCalls) { _ in
                            let response = try await store.range(request)
                            guard response.count == keyCount, response.kvs.count == (request.countOnly ? 0 : keyCount)
                            else { throw MissingData(what: "a range over \(keyCount) keys") }
                        })
                }
            }
        }
        let range = "prefix range over \(MarkdownReport.count(Double(keyCount))) keys"
        return ReadFigures(
            gets: Figure(name: "point gets, 1 caller", kind: .throughput(unit: "gets/s"), runs: runs[0]),
            concurrentGets: Figure(
                name: "point gets, \(callers) callers", kind: .throughput(unit: "gets/s"), runs: runs[1]),
            fullRange: Figure(name: "\(range), 1 KiB values", kind: .latency, runs: runs[2]),
            keysOnlyRange: Figure(name: "\(range), keys only", kind: .latency, runs: runs[3]),
            countOnlyRange: Figure(name: "\(range), count only", kind: .latency, runs: runs[4]))
    }

    /// Reads one key, checking it is there with its value.
    private func get(_ store: SQLiteStore, _ key: Data) async throws {
        guard try await store.get(key)?.value.count == Workload.value.count else {
            throw MissingData(what: "the key \(String(decoding: key, as: UTF8.self))")
        }
    }
}

/// A read did not find what the benchmark wrote: the store lost data, so no figure would mean anything.
struct MissingData: Error, CustomStringConvertible {
    var what: String

    var description: String { "the store did not return \(what)" }
}
