import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization

/// One measured figure: a throughput (higher is better) or a latency (lower is better).
struct Figure: Sendable {
    enum Kind: Sendable { case throughput, latency, bytes }
    var name: String
    var kind: Kind
    var value: Double
    var unit: String
}

/// The workloads, each run the same way against either server.
struct Workloads: Sendable {
    let factory: ClientFactory
    let sequentialPuts: Int
    let concurrentPuts: Int
    let gets: Int
    let rangeKeys: Int
    let rangeRepetitions: Int
    let watchSamples: Int
    static let value = Data(repeating: 0x78, count: 1024)

    func put(_ kv: Etcdserverpb_KV.Client<HTTP2Transport>, _ key: String) async throws {
        var request = Etcdserverpb_PutRequest()
        request.key = Data(key.utf8)
        request.value = Self.value
        _ = try await kv.put(request)
    }

    /// The workloads, in the order they run; each runs against both servers before the next starts.
    enum Stage: CaseIterable, Sendable {
        case sequentialPuts, concurrent16, concurrent64, pointGets, pointGets16, ranges, watch
    }

    /// The calls a stage times, to share its server CPU time among; nil for a stage that also loads data.
    func timedCalls(_ stage: Stage) -> (count: Int, what: String)? {
        switch stage {
        case .sequentialPuts: (sequentialPuts, "put, 1 client")
        case .concurrent16: (putsPerClient(16) * 16, "put, 16 clients")
        case .concurrent64: (putsPerClient(64) * 64, "put, 64 clients")
        case .pointGets: (gets, "point get")
        case .pointGets16: (getsPerClient(16) * 16, "point get, 16 clients")
        case .ranges: nil
        case .watch: (watchSamples, "watched put")
        }
    }

    func run(_ stage: Stage) async throws -> [Figure] {
        switch stage {
        case .sequentialPuts: try await sequential()
        case .concurrent16: try await concurrent(16)
        case .concurrent64: try await concurrent(64)
        case .pointGets: try await pointGets(clients: 1)
        case .pointGets16: try await pointGets(clients: 16)
        case .ranges: try await ranges()
        case .watch: try await watchLatency()
        }
    }

    private func sequential() async throws -> [Figure] {
        try await factory.withConnections(1) { clients in
            let kv = Etcdserverpb_KV.Client(wrapping: clients[0])
            try await put(kv, "/registry/warmup")  // connection and TLS set up outside the timings

            // Sequential durable puts, one client.
            var latencies: [Double] = []
            let start = ContinuousClock.now
            for index in 0..<sequentialPuts {
                let begin = ContinuousClock.now
                try await put(kv, "/registry/pods/default/pod-\(index)")
                latencies.append((ContinuousClock.now - begin).milliseconds)
            }
            let elapsed = (ContinuousClock.now - start).seconds
            return [
                Figure(name: "sequential puts", kind: .throughput, value: Double(sequentialPuts) / elapsed, unit: "puts/s"),
                Figure(name: "sequential put p50", kind: .latency, value: latencies.median, unit: "ms"),
                Figure(name: "sequential put p99", kind: .latency, value: latencies.percentile(0.99), unit: "ms"),
            ]
        }
    }

    /// Each client's share of the concurrent puts.
    private func putsPerClient(_ clients: Int) -> Int { max(concurrentPuts / clients, 1) }

    private func concurrent(_ count: Int) async throws -> [Figure] {
        try await factory.withConnections(count) { clients in
            let perClient = putsPerClient(count)
            for client in clients { try await put(Etcdserverpb_KV.Client(wrapping: client), "/registry/warmup") }
            let latencies = Samples()
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (clientIndex, client) in clients.enumerated() {
                    group.addTask {
                        let kv = Etcdserverpb_KV.Client(wrapping: client)
                        var mine: [Double] = []
                        for index in 0..<perClient {
                            let begin = ContinuousClock.now
                            try await put(kv, "/registry/pods/conc\(count)/c\(clientIndex)-\(index)")
                            mine.append((ContinuousClock.now - begin).milliseconds)
                        }
                        latencies.add(mine)
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = (ContinuousClock.now - start).seconds
            let all = latencies.all
            return [
                Figure(name: "puts, \(count) clients", kind: .throughput, value: Double(perClient * count) / elapsed, unit: "puts/s"),
                Figure(name: "put p50, \(count) clients", kind: .latency, value: all.median, unit: "ms"),
            ]
        }
    }

    /// Each client's share of the point gets.
    func getsPerClient(_ clients: Int) -> Int { max(gets / clients, 1) }

    /// Point gets of random keys among those the sequential puts wrote, from `clients` connections at once.
    private func pointGets(clients count: Int) async throws -> [Figure] {
        try await factory.withConnections(count) { clients in
            let perClient = getsPerClient(count)
            let latencies = Samples()
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (clientIndex, client) in clients.enumerated() {
                    group.addTask {
                        let kv = Etcdserverpb_KV.Client(wrapping: client)
                        var generator = SplitMix(seed: 42 &+ UInt64(clientIndex))
                        var mine: [Double] = []
                        for _ in 0..<perClient {
                            var request = Etcdserverpb_RangeRequest()
                            let index = Int(generator.next() % UInt64(sequentialPuts))
                            request.key = Data("/registry/pods/default/pod-\(index)".utf8)
                            let begin = ContinuousClock.now
                            let response = try await kv.range(request)
                            mine.append((ContinuousClock.now - begin).milliseconds)
                            guard response.kvs.count == 1 else {
                                throw BenchmarkError("a point get found \(response.kvs.count) keys")
                            }
                        }
                        latencies.add(mine)
                    }
                }
                try await group.waitForAll()
            }
            let elapsed = (ContinuousClock.now - start).seconds
            let suffix = count == 1 ? "" : ", \(count) clients"
            return [
                Figure(name: "point gets" + suffix, kind: .throughput, value: Double(perClient * count) / elapsed, unit: "gets/s"),
                Figure(name: "point get p50" + suffix, kind: .latency, value: latencies.all.median, unit: "ms"),
            ]
        }
    }

    private func ranges() async throws -> [Figure] {
        try await factory.withConnections(1) { clients in
            let kv = Etcdserverpb_KV.Client(wrapping: clients[0])
            // Load the keys in transactions of 100 puts (untimed, the same for both servers).
            for batch in stride(from: 0, to: rangeKeys, by: 100) {
                var txn = Etcdserverpb_TxnRequest()
                txn.success = (batch..<min(batch + 100, rangeKeys)).map { index in
                    var op = Etcdserverpb_RequestOp()
                    op.requestPut.key = Data(String(format: "/registry/pods/range/pod-%05d", index).utf8)
                    op.requestPut.value = Self.value
                    return op
                }
                _ = try await kv.txn(txn)
            }
            var figures: [Figure] = []
            for keysOnly in [true, false] {
                var request = Etcdserverpb_RangeRequest()
                request.key = Data("/registry/pods/range/".utf8)
                request.rangeEnd = Data("/registry/pods/range0".utf8)
                request.keysOnly = keysOnly
                var latencies: [Double] = []
                for _ in 0..<rangeRepetitions {
                    let begin = ContinuousClock.now
                    let response = try await kv.range(request, options: .bigResponses)
                    latencies.append((ContinuousClock.now - begin).milliseconds)
                    guard response.kvs.count == rangeKeys else { throw BenchmarkError("range found \(response.kvs.count)") }
                }
                figures.append(
                    Figure(
                        name: "range \(rangeKeys) keys \(keysOnly ? "keys-only" : "full") p50", kind: .latency,
                        value: latencies.median, unit: "ms"))
            }
            return figures
        }
    }

    /// Put issued → event received, back to back, on one watch stream (its own connection).
    private func watchLatency() async throws -> [Figure] {
        try await factory.withConnections(2) { clients in
            let kv = Etcdserverpb_KV.Client(wrapping: clients[0])
            let (events, continuation) = AsyncStream<ContinuousClock.Instant>.makeStream()
            let (created, createdContinuation) = AsyncStream<Void>.makeStream()
            let watcher = Task {
                try await Etcdserverpb_Watch.Client(wrapping: clients[1]).watch(
                    requestProducer: { writer in
                        var request = Etcdserverpb_WatchRequest()
                        request.createRequest.key = Data("/registry/watch/key".utf8)
                        try await writer.write(request)
                        try await Task.sleep(for: .seconds(3600))
                    },
                    onResponse: { response in
                        for try await message in response.messages {
                            if message.created { createdContinuation.yield() }
                            for _ in message.events { continuation.yield(ContinuousClock.now) }
                        }
                    })
            }
            defer { watcher.cancel() }
            var createdIterator = created.makeAsyncIterator()
            _ = await createdIterator.next()
            var iterator = events.makeAsyncIterator()
            var latencies: [Double] = []
            for index in 0..<watchSamples {
                var request = Etcdserverpb_PutRequest()
                request.key = Data("/registry/watch/key".utf8)
                request.value = Data("\(index)".utf8)
                let begin = ContinuousClock.now
                _ = try await kv.put(request)
                guard let arrived = await iterator.next() else { throw BenchmarkError("the watch ended") }
                latencies.append((arrived - begin).milliseconds)
            }
            watcher.cancel()
            return [
                Figure(name: "watch put→event p50", kind: .latency, value: latencies.median, unit: "ms"),
                Figure(name: "watch put→event p99", kind: .latency, value: latencies.percentile(0.99), unit: "ms"),
            ]
        }
    }
}

typealias HTTP2Transport = HTTP2ClientTransport.Posix

struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension [Double] {
    var median: Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return sorted.count.isMultiple(of: 2) ? (sorted[count / 2 - 1] + sorted[count / 2]) / 2 : sorted[count / 2]
    }

    func percentile(_ fraction: Double) -> Double {
        guard !isEmpty else { return 0 }
        let sorted = self.sorted()
        return sorted[Swift.max(Int((fraction * Double(count)).rounded(.up)), 1) - 1]
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
    var milliseconds: Double { seconds * 1000 }
}

/// Latencies gathered from many tasks.
final class Samples: Sendable {
    private let values = Mutex<[Double]>([])
    func add(_ more: [Double]) { values.withLock { $0 += more } }
    var all: [Double] { values.withLock { $0 } }
}
