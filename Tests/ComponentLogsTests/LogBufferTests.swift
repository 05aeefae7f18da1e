import ComponentLogs
import Foundation
import Testing

@Suite struct LogBufferTests {
    let t0 = Date(timeIntervalSince1970: 1_796_633_821)

    @Test func keepsTheLastLinesOldestFirstWhenFull() {
        let buffer = LogBuffer(capacity: 3)
        for index in 1...5 { buffer.append("line \(index)", at: t0.addingTimeInterval(Double(index))) }
        #expect(buffer.lines.map(\.text) == ["line 3", "line 4", "line 5"])
    }

    @Test func followerGetsTheBacklogThenEachNewLine() async {
        let buffer = LogBuffer(capacity: 10)
        buffer.append("before", at: t0)
        let (backlog, updates) = buffer.follow()
        #expect(backlog.map(\.text) == ["before"])
        buffer.append("after 1", at: t0)
        buffer.append("after 2", at: t0)
        buffer.close()
        var seen: [String] = []
        for await line in updates { seen.append(line.text) }
        #expect(seen == ["after 1", "after 2"])
    }

    @Test func closedBufferEndsNewFollowersAtOnceAndTakesNoMoreLines() async {
        let buffer = LogBuffer(capacity: 10)
        buffer.append("exit", at: t0)
        buffer.close()
        buffer.append("late", at: t0)
        let (backlog, updates) = buffer.follow()
        #expect(backlog.map(\.text) == ["exit"])
        var count = 0
        for await _ in updates { count += 1 }
        #expect(count == 0)
    }

    @Test func aFollowerThatStopsIsDetached() async {
        let buffer = LogBuffer(capacity: 10)
        do {
            let (_, updates) = buffer.follow()
            let task = Task { for await _ in updates {} }
            #expect(buffer.followerCount == 1)
            task.cancel()
            await task.value
        }
        #expect(buffer.followerCount == 0)
    }

    @Test func containerLogsPastTheLimitDropTheOldest() {
        let logs = ClusterLogs(containerCapacity: 5, maxContainers: 2)
        let first = logs.containerLog("a")
        _ = logs.containerLog("b")
        _ = logs.containerLog("c")
        #expect(logs.container("a") == nil)
        #expect(first.isClosed)
        #expect(logs.container("c") != nil)
        logs.removeContainer("c")
        #expect(logs.container("c") == nil)
    }

    @Test func readOptionsTakeTheTailThenTheTimeFilter() {
        let lines = (0..<6).map { LogLine(time: t0.addingTimeInterval(Double($0)), text: "l\($0)") }
        #expect(LogReadOptions(tailLines: 2).selecting(lines).map(\.text) == ["l4", "l5"])
        #expect(LogReadOptions(tailLines: 0).selecting(lines).isEmpty)
        #expect(LogReadOptions(since: t0.addingTimeInterval(3)).selecting(lines).map(\.text) == ["l3", "l4", "l5"])
        #expect(LogReadOptions(tailLines: 4, since: t0.addingTimeInterval(4)).selecting(lines).map(\.text) == ["l4", "l5"])
    }

    @Test func rendererPrefixesTimestampsAndCutsAtTheByteLimit() {
        let line = LogLine(time: Date(timeIntervalSince1970: 1_765_097_821.5), text: "hello")
        var stamped = LogRenderer(LogReadOptions(timestamps: true))
        #expect(String(decoding: stamped.render(line), as: UTF8.self) == "2025-12-07T08:57:01.500000000Z hello\n")
        var limited = LogRenderer(LogReadOptions(limitBytes: 8))
        #expect(String(decoding: limited.render(line), as: UTF8.self) == "hello\n")
        #expect(!limited.isExhausted)
        #expect(String(decoding: limited.render(line), as: UTF8.self) == "he")
        #expect(limited.isExhausted)
        #expect(limited.render(line).isEmpty)
    }
}
