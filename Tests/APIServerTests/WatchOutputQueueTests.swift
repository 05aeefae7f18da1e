@testable import APIServer
import Testing

/// A watch response's writer takes everything queued since it last looked, in order, and ends when the queue
/// is finished or its task is cancelled.
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
}
