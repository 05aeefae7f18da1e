/// How many operations each figure runs in one repetition.
struct WorkloadCounts {
    /// Appends synced in the raw fsync loop.
    var syncs: Int
    /// Puts by the single sequential writer.
    var sequentialPuts: Int
    /// Puts per repetition of a concurrent figure, split evenly over the writers.
    var concurrentPuts: Int
    /// Keys loaded for the read figures; the prefix range covers all of them.
    var loadedKeys: Int
    /// Point gets per repetition, split evenly over the callers.
    var gets: Int
    /// Calls of each range variant per repetition.
    var rangeCalls: Int
    /// Puts whose watch events are timed.
    var watchedPuts: Int

    /// The counts in words, for the report header.
    var summary: String {
        let count = { (value: Int) in MarkdownReport.count(Double(value)) }
        return "\(count(syncs)) syncs, \(count(sequentialPuts)) sequential puts, \(count(concurrentPuts)) concurrent "
            + "puts, \(count(gets)) gets and \(rangeCalls) calls of each range over \(count(loadedKeys)) loaded keys, "
            + "\(watchedPuts) watched puts; 1 KiB values"
    }

    static let full = WorkloadCounts(
        syncs: 2_000, sequentialPuts: 3_000, concurrentPuts: 6_400, loadedKeys: 10_000, gets: 10_000,
        rangeCalls: 20, watchedPuts: 500)

    static let quick = WorkloadCounts(
        syncs: 200, sequentialPuts: 300, concurrentPuts: 640, loadedKeys: 1_000, gets: 1_000,
        rangeCalls: 3, watchedPuts: 50)
}
