@testable import KubeAPI
import Testing

/// A large list's values are made into items on every core; the items keep the values' order, and a failure
/// is reported for the first failing value, as one at a time would.
@Suite struct ConcurrentMapTests {
    private struct Failure: Error, Equatable {
        var value: Int
    }

    @Test func itemsKeepTheValuesOrderAcrossTasks() async throws {
        let values = Array(0..<10_000)
        let mapped = try await values.concurrentMap(minimumPerTask: 100) { $0 * 2 }
        #expect(mapped == values.map { $0 * 2 })
    }

    @Test func theFirstFailingValueInOrderIsReported() async {
        let values = Array(0..<10_000)
        // Failures in several tasks' parts: the earliest value's is the one thrown.
        await #expect(throws: Failure(value: 1_234)) {
            try await values.concurrentMap(minimumPerTask: 100) { value in
                if value == 1_234 || value == 7_000 || value == 9_999 { throw Failure(value: value) }
                return value
            }
        }
    }

    @Test func aSmallListIsMadeInPlace() async throws {
        #expect(try await [3, 1, 2].concurrentMap { $0 + 1 } == [4, 2, 3])
        #expect(try await [Int]().concurrentMap { $0 }.isEmpty)
    }
}
