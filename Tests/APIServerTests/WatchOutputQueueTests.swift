@testable import APIServer
import Testing

/// A watch response's writer takes what queued since it last looked, in order and in bounded batches, and ends
/// when the queue is finished, its task is cancelled, or a client that does not read lets the backlog fill.
@Suite struct WatchOutputQueueTests {
    @Test func aWriterThatFellBehindTakesEverythingQueuedInOrder() async {
        let queue = WatchOutputQueue<Int>()
        for item in 1...5 { queue.yield(item) }
        #expect(await queue.next() == [1, 2, 3, 4, 5])
        queue.yield(6)
        #expect(await queue.next() == [6])
    }

    @Test func aWaitingWriterIsWokenByTheNextItem() async {
        let queue = WatchOutputQueue<Int>()
        async let taken = queue.next()
        // The writer may or may not be waiting yet: either way it gets the item.
        queue.yield(7)
        #expect(await taken == [7])
    }

    @Test func finishingHandsOverWhatIsQueuedThenEnds() async {
        let queue = WatchOutputQueue<Int>()
        queue.yield(1)
        queue.finish()
        queue.yield(2)
        #expect(await queue.next() == [1])
        #expect(await queue.next() == nil)
        await queue.finished()
    }

    @Test func cancellingTheWriterFinishesTheQueue() async {
        let queue = WatchOutputQueue<Int>()
        let writer = Task { await queue.next() }
        writer.cancel()
        #expect(await writer.value == nil)
        // The producers waiting for the end are released.
        await queue.finished()
        queue.yield(3)
        #expect(await queue.next() == nil)
    }

    @Test func aWriterTakesAtMostABatchAtOnce() async {
        let queue = WatchOutputQueue<Int>(initial: Array(0..<5), maxBatch: 2)
        queue.yield(5)
        var taken: [[Int]] = []
        while taken.flatMap({ $0 }).count < 6, let batch = await queue.next() { taken.append(batch) }
        #expect(taken == [[0, 1], [2, 3], [4, 5]])
    }

    @Test func aFullBacklogEndsTheWatchAfterWhatIsQueued() async {
        // Initial items do not count: a watch from resourceVersion 0 of a large list is not ended for them.
        let queue = WatchOutputQueue<Int>(initial: Array(0..<10), maxBatch: 100, backlogLimit: 3)
        for item in 10..<20 { queue.yield(item) }
        await queue.finished()
        #expect(await queue.next() == Array(0..<13))
        #expect(await queue.next() == nil)
    }
}
