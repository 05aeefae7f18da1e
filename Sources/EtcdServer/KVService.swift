import ComponentLogs
import EtcdCore
import EtcdProto
import GRPCCore
import KubeAPI
import SwiftProtobuf

/// `etcdserverpb.KV`: Range, Put, DeleteRange, Txn and Compact over the store (`v3rpc/key.go`).
struct KVService: Etcdserverpb_KV.SimpleServiceProtocol {
    let served: ServedStore

    func range(request: Etcdserverpb_RangeRequest, context: ServerContext) async throws -> Etcdserverpb_RangeResponse {
        try await etcdCall { try await served.store.range(RangeRequest(request)).proto }
    }

    func put(request: Etcdserverpb_PutRequest, context: ServerContext) async throws -> Etcdserverpb_PutResponse {
        try await etcdCall {
            let put = try PutRequest(request)
            if put.key.count + put.value.count > served.maxRequestBytes - 1024 {
                try checkSize(request)
            }
            return try await served.store.put(put).proto
        }
    }

    func deleteRange(
        request: Etcdserverpb_DeleteRangeRequest, context: ServerContext
    ) async throws -> Etcdserverpb_DeleteRangeResponse {
        try await etcdCall {
            let delete = try DeleteRangeRequest(request)
            if delete.key.count + delete.rangeEnd.count > served.maxRequestBytes - 1024 { try checkSize(request) }
            return try await served.store.deleteRange(delete).proto
        }
    }

    func txn(request: Etcdserverpb_TxnRequest, context: ServerContext) async throws -> Etcdserverpb_TxnResponse {
        try await etcdCall {
            // etcd checks the operation count before anything else in the request.
            let ops = max(request.compare.count, request.success.count, request.failure.count)
            if ops > TxnLimits.maxOperations { throw EtcdStatus.tooManyOperations }
            try checkSize(request)
            return try await served.store.txn(TxnRequest(request)).proto
        }
    }

    func compact(
        request: Etcdserverpb_CompactionRequest, context: ServerContext
    ) async throws -> Etcdserverpb_CompactionResponse {
        // `physical` asks etcd to answer only once the compaction is on disk; the store compacts logically at
        // once (older reads fail from then on) and sweeps history in the background, so both answer alike.
        try await etcdCall {
            let started = ContinuousClock.now
            let header = try await served.store.compact(request.revision)
            if let log = served.log {
                let took = GoDuration.string(ContinuousClock.now - started)
                let status = try await served.store.status()
                log.write(caller: "mvcc/index.go:214", "compact tree index", [("revision", .int(request.revision))])
                log.write(
                    caller: "mvcc/kvstore_compaction.go:72", "finished scheduled compaction",
                    [
                        ("compact-revision", .int(request.revision)), ("took", .string(took)),
                        ("current-db-size-bytes", .int(status.dbSize)),
                        ("current-db-size", .string(EtcdLogFormat.humanBytes(status.dbSize))),
                        ("current-db-size-in-use-bytes", .int(status.dbSizeInUse)),
                        ("current-db-size-in-use", .string(EtcdLogFormat.humanBytes(status.dbSizeInUse))),
                    ])
            }
            var response = Etcdserverpb_CompactionResponse()
            response.header = header.proto
            return response
        }
    }

    /// etcd refuses a write whose request is larger than `--max-request-bytes` ("request is too large").
    private func checkSize(_ message: some SwiftProtobuf.Message) throws {
        let bytes: [UInt8] = try message.serializedBytes()
        let size = bytes.count
        if size > served.maxRequestBytes { throw EtcdStatus.requestTooLarge }
    }
}

/// etcd's `--max-txn-ops` default.
enum TxnLimits {
    static let maxOperations = 128
}
