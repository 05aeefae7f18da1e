import EtcdProto
import Foundation
import GRPCCore
import GRPCProtobuf
import Testing

@testable import EtcdServer

/// KV requests are read within etcd's limits: its gRPC message size, answered RESOURCE_EXHAUSTED as grpc-go
/// answers, and transactions nested past swift-protobuf's default depth.
@Suite(.serialized) struct KVRequestLimitsTests {
    @Test func messageOverTheGRPCLimitIsResourceExhausted() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                var put = Etcdserverpb_PutRequest()
                put.key = key("/big")
                put.value = Data(count: 3 * 1024 * 1024)
                let failure = await rpcFailure { _ = try await kv.put(put) }
                #expect(failure?.0 == .resourceExhausted)
                #expect(failure?.1.hasPrefix("grpc: received message larger than max (") == true, "\(String(describing: failure))")
                #expect(failure?.1.hasSuffix(" vs. 2097152)") == true, "\(String(describing: failure))")
                put.value = Data(count: 10)
                let small = try await kv.put(put)
                #expect(small.header.revision == 2)
            }
        }
    }

    /// A transaction whose success branch is a transaction, `depth` deep, with a put at the bottom.
    private func nested(_ depth: Int) -> Etcdserverpb_TxnRequest {
        var innermost = Etcdserverpb_RequestOp()
        innermost.requestPut.key = key("/nested")
        innermost.requestPut.value = key("\(depth)")
        var txn = Etcdserverpb_TxnRequest()
        txn.success = [innermost]
        for _ in 1..<depth {
            var op = Etcdserverpb_RequestOp()
            op.requestTxn = txn
            txn = Etcdserverpb_TxnRequest()
            txn.success = [op]
        }
        return txn
    }

    /// Sends `request` and reads the answer, which nests as deep, with the server's own deserializer.
    private func send(_ request: Etcdserverpb_TxnRequest, to server: TestServer) async throws -> Etcdserverpb_TxnResponse {
        try await withClient(server) { client in
            try await client.unary(
                request: ClientRequest(message: request), descriptor: Etcdserverpb_KV.Method.Txn.descriptor,
                serializer: ProtobufSerializer<Etcdserverpb_TxnRequest>(),
                deserializer: EtcdRequestDeserializer<Etcdserverpb_TxnResponse>(maxBytes: 1 << 30, depthLimit: 1_000),
                options: .defaults
            ) { try $0.message }
        }
    }

    @Test(arguments: [49, 60, 120])
    func nestedTransactionsAreApplied(depth: Int) async throws {
        try await withTestServer { server in
            let response = try await send(nested(depth), to: server)
            #expect(response.succeeded)
            #expect(response.header.revision == 2)
        }
    }

    @Test func transactionsNestedPastTheLimitAreInvalidArguments() async throws {
        try await withTestServer { server in
            let failure = await rpcFailure { _ = try await send(nested(KVRequestLimits.txnDepthLimit), to: server) }
            #expect(failure?.0 == .invalidArgument)
        }
    }
}
