/// One line of the report: a quantity measured over several repetitions.
struct Figure {
    /// What the line's headline number is.
    enum Kind {
        /// Operations per second, named by `unit` ("puts/s"); latencies are per operation.
        case throughput(unit: String)
        /// The latency of one operation, in milliseconds.
        case latency
    }

    var name: String
    var kind: Kind
    /// Whether the report compares the figure with the raw fsync rate (durable writes).
    var boundByFsync = false
    var runs: [Run]

    /// The median over the repetitions of their operations per second.
    var medianRate: Double { runs.map(\.rate).median }
    /// The median over the repetitions of each one's median latency, in milliseconds.
    var medianLatency: Double { runs.map { $0.latencies.median }.median }
    /// The median over the repetitions of each one's p99 latency, in milliseconds.
    var p99Latency: Double { runs.map { $0.latencies.percentile(0.99) }.median }

    /// The headline number of each repetition: its rate or its median latency.
    var headlines: [Double] {
        switch kind {
        case .throughput: runs.map(\.rate)
        case .latency: runs.map { $0.latencies.median }
        }
    }
}
