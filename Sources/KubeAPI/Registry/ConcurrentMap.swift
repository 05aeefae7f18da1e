import Foundation

extension Array where Element: Sendable {
    /// The elements made into what `transform` makes of them, in order, spread over the machine's cores when
    /// there are at least `minimumPerTask` elements for each: a large list's objects are decoded or written as
    /// JSON on every core instead of one. When `transform` throws, the error of the first failing element (in
    /// order) is thrown, as a plain `map` would.
    func concurrentMap<T: Sendable>(
        minimumPerTask: Int = 256, _ transform: @escaping @Sendable (Element) throws -> T
    ) async throws -> [T] {
        let tasks = Swift.min(ProcessInfo.processInfo.activeProcessorCount, count / Swift.max(minimumPerTask, 1))
        guard tasks > 1 else { return try map(transform) }
        let chunk = (count + tasks - 1) / tasks
        let results = await withTaskGroup(of: (Int, Result<[T], any Error>).self) { group in
            for start in stride(from: 0, to: count, by: chunk) {
                let part = self[start..<Swift.min(start + chunk, count)]
                group.addTask { (start, Result { try part.map(transform) }) }
            }
            var results: [(Int, Result<[T], any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var mapped: [T] = []
        mapped.reserveCapacity(count)
        for (_, result) in results { mapped += try result.get() }
        return mapped
    }
}
