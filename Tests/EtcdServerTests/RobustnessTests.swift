import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Testing

/// Bad input never brings the server down or touches the store: malformed messages, unknown methods,
/// oversized requests, garbage on the socket, clients that vanish mid-watch.
@Suite(.serialized) struct RobustnessTests {
    /// Sends raw bytes as a message.
    struct RawSerializer: MessageSerializer {
        func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes { Bytes(message) }
    }

    struct RawDeserializer: MessageDeserializer {
        func deserialize<Bytes: GRPCContiguousBytes>(_ bytes: Bytes) throws -> [UInt8] {
            bytes.withUnsafeBytes { Array($0) }
        }
    }

    /// Calls `method` with raw bytes, returning the failure.
    private func rawCall(
        _ client: GRPCClient<HTTP2ClientTransport.Posix>, service: String, method: String, bytes: [UInt8]
    ) async -> (RPCError.Code, String)? {
        await rpcFailure {
            _ = try await client.unary(
                request: ClientRequest(message: bytes),
                descriptor: MethodDescriptor(fullyQualifiedService: service, method: method),
                serializer: RawSerializer(), deserializer: RawDeserializer(), options: .defaults
            ) { try $0.message }
        }
    }

    /// The store's contents and revision, to show they did not change.
    private func fingerprint(_ server: TestServer) async throws -> [String] {
        let all = try await server.store.range(RangeRequest(key: Data([0]), rangeEnd: Data([0])))
        return ["rev \(all.header.revision)"] + all.kvs.map { "\($0.key.text)=\($0.value.text)@\($0.modRevision)" }
    }

    private func seed(_ server: TestServer) async throws {
        for index in 0..<3 {
            _ = try await server.store.put(PutRequest(key: key("/registry/pods/default/p\(index)"), value: key("v\(index)")))
        }
    }

    /// A message that does not decode is grpc-go's `Internal` ("grpc: error unmarshalling request: ..."), the
    /// code the real etcd answers for the same bytes (checked against it when installed).
    @Test func malformedMessagesAreRefusedAndTheStoreIsIntact() async throws {
        // A field header promising more bytes than follow; a wrong wire type for `key`.
        let garbage: [[UInt8]] = [[0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01], [0x0d, 0x01], [0xff, 0xff, 0xff]]
        let kv: [(String, String, [UInt8])] = garbage.flatMap { bytes in
            ["Range", "Put", "DeleteRange", "Txn", "Compact"].map { ("etcdserverpb.KV", $0, bytes) }
        }
        let calls = kv + [("etcdserverpb.Lease", "LeaseGrant", [0x08])]
        var real: [RPCError.Code?] = []
        if RealEtcd.isInstalled {
            let etcd = try await RealEtcd()
            real = try await withClient(port: etcd.clientPort) { client in
                var codes: [RPCError.Code?] = []
                for (service, method, bytes) in calls {
                    codes.append(await rawCall(client, service: service, method: method, bytes: bytes)?.0)
                }
                return codes
            }
            await etcd.stop()
        }
        try await withTestServer { server in
            try await seed(server)
            let before = try await fingerprint(server)
            try await withClient(server) { client in
                for (index, (service, method, bytes)) in calls.enumerated() {
                    let failure = await rawCall(client, service: service, method: method, bytes: bytes)
                    #expect(failure != nil, "\(method) accepted \(bytes)")
                    // Only the KV service reads its requests with KubeSim's own deserializer so far.
                    withKnownIssue("the Lease service answers grpc-swift's InvalidArgument") {
                        #expect(failure?.0 == .internalError, "\(method) \(bytes): \(String(describing: failure))")
                        if !real.isEmpty {
                            #expect(failure?.0 == real[index], "\(method) \(bytes): the real etcd answers \(String(describing: real[index]))")
                        }
                    } when: { service != "etcdserverpb.KV" }
                }
            }
            #expect(try await fingerprint(server) == before)
        }
    }

    @Test func unknownMethodsAnswerUnimplemented() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                for (service, method) in [("etcdserverpb.KV", "RangeStream"), ("etcdserverpb.Nope", "Range"), ("x", "y")] {
                    let failure = await rawCall(client, service: service, method: method, bytes: [])
                    #expect(failure?.0 == .unimplemented, "\(service)/\(method): \(String(describing: failure))")
                }
                // The server still answers real calls on the same connection.
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/a")
                let got = try await Etcdserverpb_KV.Client(wrapping: client).range(range)
                #expect(got.header.revision == 1)
            }
        }
    }

    @Test func oversizedRequestsLeaveTheServerUp() async throws {
        try await withTestServer { server in
            try await seed(server)
            let before = try await fingerprint(server)
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                var txn = Etcdserverpb_TxnRequest()
                txn.success = (0..<4).map { index in
                    var op = Etcdserverpb_RequestOp()
                    op.requestPut.key = key("/registry/big/\(index)")
                    op.requestPut.value = Data(repeating: 0x62, count: 400 * 1024)
                    return op
                }
                #expect(await rpcFailure { _ = try await kv.txn(txn) }! == (.invalidArgument, "etcdserver: request is too large"))
                let huge = [UInt8](repeating: 0x0a, count: 4 * 1024 * 1024)
                // Over the 1.5 MiB + 512 KiB gRPC limit: grpc-go's ResourceExhausted, as the real etcd answers.
                let refused = await rawCall(client, service: "etcdserverpb.KV", method: "Put", bytes: huge)
                #expect(refused?.0 == .resourceExhausted, "\(String(describing: refused))")
            }
            // A new connection works, and nothing was written.
            try await withClient(server) { client in
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/registry/pods/default/p0")
                let got = try await Etcdserverpb_KV.Client(wrapping: client).range(range)
                #expect(got.kvs.first?.value.text == "v0")
            }
            #expect(try await fingerprint(server) == before)
        }
    }

    @Test func garbageOnTheSocketLeavesTheServerUp() async throws {
        try await withTestServer { server in
            try await seed(server)
            let before = try await fingerprint(server)
            let payloads: [[UInt8]] = [
                Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8),
                Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8) + [0, 0, 4, 0xff, 0, 0, 0, 0, 1, 1, 2, 3, 4],
                (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 31) },
            ]
            for payload in payloads { try sendRaw(payload, to: server.port) }
            try await withClient(server) { client in
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/registry/pods/default/p1")
                let got = try await Etcdserverpb_KV.Client(wrapping: client).range(range)
                #expect(got.kvs.first?.value.text == "v1")
            }
            #expect(try await fingerprint(server) == before)
        }
    }

    @Test(.enabled(if: Etcdctl.isInstalled)) func etcdctlKilledMidWatchLeavesTheServerUp() async throws {
        try await withTestServer { server in
            for round in 0..<3 {
                let watcher = try BackgroundProcess(
                    Etcdctl.path, server.etcdctlFlags + ["watch", "--prefix", "/registry"], environment: ["ETCDCTL_API": "3"])
                // The watch is open once a marker write reaches it.
                var open = false
                for attempt in 0..<100 where !open {
                    _ = try await server.store.put(PutRequest(key: key("/registry/ready/\(round)"), value: key("\(attempt)")))
                    open = await watcher.waitFor({ $0.contains("/registry/ready/\(round)") }, timeout: .milliseconds(200))
                }
                #expect(open, "round \(round): \(watcher.stderr)")
                // Events flow while the client dies without closing its stream.
                let writer = Task {
                    for index in 0..<200 {
                        _ = try await server.store.put(PutRequest(key: key("/registry/kill/\(round)/\(index)"), value: key("x")))
                    }
                }
                try await Task.sleep(for: .milliseconds(30))
                await watcher.stop(SIGKILL)
                try await writer.value
            }
            let result = try await Etcdctl.run(server.etcdctlFlags, ["get", "/registry/kill/", "--prefix", "--keys-only", "-w", "json"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("\"count\":600"))
        }
    }
}

/// Connects to the port, writes `bytes`, reads briefly, and closes.
func sendRaw(_ bytes: [UInt8], to port: Int) throws {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    var timeout = timeval(tv_sec: 0, tv_usec: 200_000)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 4096)
    _ = read(fd, &buffer, buffer.count)
}
