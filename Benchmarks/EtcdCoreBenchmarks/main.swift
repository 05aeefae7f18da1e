import Foundation

// etcd-core-bench: throughput and latency of the embedded store, against the raw fsync rate of the same disk.
// Run it in release mode on a quiet machine: `swift run -c release etcd-core-bench`.

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch let error as UsageError {
    if let message = error.message {
        FileHandle.standardError.write(Data("etcd-core-bench: \(message)\n\(BenchmarkOptions.usage)\n".utf8))
        exit(2)
    }
    print(BenchmarkOptions.usage)
    exit(0)
}

do {
    let scratch = try ScratchArea.choose(requested: options.directory)
    print("# etcd-core-bench\(options.quick ? " (quick)" : "")\n")
    for line in MachineFacts.summary { print("- \(line)") }
    print("- data directories: \(scratch.base.path) (\(scratch.filesystem ?? "unknown filesystem"); \(scratch.reason))")
    if isInMemory(filesystem: scratch.filesystem) {
        print("- WARNING: that filesystem is in memory; fsync costs nothing there and the write figures mean little")
    }
    print("- per repetition: \(options.counts.summary)")
    print("- repetitions: \(options.repetitions), each on a fresh data directory; the table shows their median\n")

    let suite = BenchmarkSuite(scratch: scratch, counts: options.counts, repetitions: options.repetitions)
    var figures: [Figure] = []
    func measure(_ name: String, _ body: () async throws -> [Figure]) async throws {
        FileHandle.standardError.write(Data("measuring \(name)…\n".utf8))
        figures += try await body()
    }
    try await measure("raw fsync") { [try await suite.rawFsync()] }
    try await measure("sequential puts") { [try await suite.sequentialPuts()] }
    try await measure("16 concurrent writers") { [try await suite.concurrentPuts(writers: 16)] }
    try await measure("64 concurrent writers") { [try await suite.concurrentPuts(writers: 64)] }
    try await measure("gets and ranges") { try await suite.reads(callers: 16).all }
    try await measure("watch delivery") { [try await suite.watchLatency()] }

    print(MarkdownReport(figures: figures, fsyncRate: figures[0].medianRate).table)
    print("\n\(MarkdownReport.legend)")
    print("\nload average at the end (1/5/15 min): \(MachineFacts.loadAverage)")
} catch {
    FileHandle.standardError.write(Data("etcd-core-bench: \(error)\n".utf8))
    exit(1)
}
