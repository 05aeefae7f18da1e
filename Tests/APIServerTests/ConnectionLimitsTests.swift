@testable import APIServer
import Foundation
import RawConnection
import Testing

/// Issue 12's attacks on connections: watches left by their clients, connections that stall at the handshake,
/// the headers, the body or between requests, and one client opening watches without end. Each leaves the
/// server with no connection, watch or write of the attack.
@Suite(.serialized)
struct ConnectionLimitsTests {
    static let short = ConnectionTimeouts(handshake: .seconds(1), header: .seconds(1), idle: .seconds(1), body: .seconds(1))

    @Test func departedWatchClientsAreReleasedWithoutAnEvent() async throws {
        try await ServedAPI.with { api in
            let revision = try await api.revision()
            let watches = try await api.connect(300) { try await $0.startWatch() }
            #expect(await ServedAPI.eventually(within: .seconds(10)) { api.server.openWatchCount == 300 })
            for watch in watches { await watch.close() }
            let released = await ServedAPI.eventually(within: .seconds(10)) {
                api.server.openWatchCount == 0 && api.server.openConnectionCount == 0
            }
            #expect(released, "\(api.server.openWatchCount) watches, \(api.server.openConnectionCount) connections")
            #expect(try await api.revision() == revision)
        }
    }

    @Test func watchesBeyondTheClientsLimitAreRefused429() async throws {
        try await ServedAPI.with(maxWatchesPerClient: 3) { api in
            let watches = try await api.connect(3) { try await $0.startWatch() }
            let refused = try await api.connect()
            try await refused.startWatch()
            #expect(refused.text.hasPrefix("HTTP/1.1 429"), "\(refused.text)")
            #expect(refused.text.lowercased().contains("retry-after: 1\r\n"), "\(refused.text)")
            #expect(await refused.wait(for: .seconds(5)) { $0.contains(#""reason":"TooManyRequests""#) }, "\(refused.text)")
            #expect(refused.text.contains("this client already has 3 watches open"), "\(refused.text)")
            await watches[0].close()
            #expect(await ServedAPI.eventually(within: .seconds(5)) { api.server.openWatchCount == 2 })
            let next = try await api.connect()
            try await next.startWatch()
            #expect(next.text.hasPrefix("HTTP/1.1 200"), "\(next.text)")
        }
    }

    @Test func handshakesThatNeverFinishAreClosed() async throws {
        try await ServedAPI.with(timeouts: Self.short) { api in
            let stalled = try await api.connect(300, tls: false)
            #expect(await ServedAPI.eventually(within: .seconds(10)) { stalled.allSatisfy(\.isClosed) })
            #expect(await ServedAPI.eventually(within: .seconds(5)) { api.server.openConnectionCount == 0 })
        }
    }

    @Test func headersThatNeverFinishAreClosed() async throws {
        try await ServedAPI.with(timeouts: Self.short) { api in
            let stalled = try await api.connect(100) { try await $0.send("GET /api/v1/namespaces HTTP/1.1\r\nHost: kubesim\r\n") }
            #expect(await ServedAPI.eventually(within: .seconds(10)) { stalled.allSatisfy(\.isClosed) })
            #expect(stalled.allSatisfy { $0.text.isEmpty })
            #expect(await ServedAPI.eventually(within: .seconds(5)) { api.server.openConnectionCount == 0 })
        }
    }

    @Test func idleKeepAliveConnectionsAreClosed() async throws {
        try await ServedAPI.with(timeouts: Self.short) { api in
            let connection = try await api.connect()
            try await connection.send("GET /healthz HTTP/1.1\r\nHost: kubesim\r\n\r\n")
            #expect(await connection.wait(for: .seconds(5)) { $0.hasSuffix("ok") }, "\(connection.text)")
            let answered = ContinuousClock.now
            #expect(await connection.waitUntilClosed(within: .seconds(5)))
            #expect(ContinuousClock.now - answered >= .milliseconds(800))
        }
    }

    @Test func bodyShorterThanItsContentLengthIsAnswered504() async throws {
        try await ServedAPI.with(timeouts: Self.short) { api in
            let revision = try await api.revision()
            let connection = try await api.connect()
            let body = #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"short"}}"#
            try await connection.send(
                "POST /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: kubesim\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(body.utf8.count + 100)\r\n\r\n" + body)
            #expect(await connection.waitUntilClosed(within: .seconds(10)))
            #expect(connection.text.hasPrefix("HTTP/1.1 504"), "\(connection.text)")
            #expect(connection.text.contains("Timeout: request did not complete within the allotted timeout"), "\(connection.text)")
            #expect(try await api.revision() == revision)
            #expect(await ServedAPI.eventually(within: .seconds(5)) { api.server.openConnectionCount == 0 })
        }
    }
}
