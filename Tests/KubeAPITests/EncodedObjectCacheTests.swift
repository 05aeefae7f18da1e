import Foundation
import Testing

@testable import KubeAPI

/// The encodings lists keep: one value per key and mod revision, within the byte budget.
struct EncodedObjectCacheTests {
    private let key = Data("/registry/pods/default/web".utf8)

    @Test func anEncodingIsUsedOnlyAtTheRevisionItWasWrittenFor() {
        let cache = EncodedObjectCache(budget: 1 << 20)
        cache.store(Array("{\"v\":1}".utf8), key: key, revision: 5)
        #expect(cache.bytes(key: key, revision: 5) == Array("{\"v\":1}".utf8))
        #expect(cache.bytes(key: key, revision: 6) == nil)
        cache.store(Array("{\"v\":2}".utf8), key: key, revision: 6)
        #expect(cache.bytes(key: key, revision: 5) == nil)
        #expect(cache.bytes(key: key, revision: 6) == Array("{\"v\":2}".utf8))
    }

    @Test func aSpentBudgetStartsTheCacheAgainAndOversizedEncodingsAreNotKept() {
        let cache = EncodedObjectCache(budget: 3_200)
        let other = Data("/registry/pods/default/db".utf8)
        cache.store([UInt8](repeating: 0x20, count: 90), key: key, revision: 1)
        #expect(cache.bytes(key: key, revision: 1) != nil)
        cache.store([UInt8](repeating: 0x20, count: 200), key: other, revision: 2)
        #expect(cache.bytes(key: other, revision: 2) == nil, "past a sixteenth of the budget")
        for index in 0..<50 { cache.store([UInt8](repeating: 0x20, count: 70), key: Data("/k/\(index)".utf8), revision: 3) }
        #expect(cache.bytes(key: key, revision: 1) == nil, "the budget was spent, so the cache started again")
        #expect(cache.bytes(key: Data("/k/49".utf8), revision: 3) != nil)
    }
}
