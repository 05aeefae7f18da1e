import EtcdProto
import Foundation
import GRPCCore
import GRPCProtobuf
import SwiftProtobuf

/// The KV service with its requests read as etcd reads them:
/// - a message over etcd's gRPC limit (`--max-request-bytes` plus 512 KiB) is refused with grpc-go's
///   `RESOURCE_EXHAUSTED` "grpc: received message larger than max (N vs. M)"; the transport takes messages up to
///   twice that, so the answer can be given, and resets the stream beyond;
/// - a `Txn` may nest transactions deeper than swift-protobuf's default of 100 messages, which stops at 49
///   levels; etcd's decoder (Go protobuf, limit 10,000) takes far more.
struct KVRequestLimits: RegistrableRPCService {
    /// Messages a Txn request may nest: each nested transaction is two (its RequestOp and its TxnRequest), so
    /// 127 transactions deep, within what the store's recursion handles.
    static let txnDepthLimit = 256
    /// swift-protobuf's default nesting limit, for the other requests.
    static let defaultDepthLimit = 100

    let kv: KVService
    /// etcd's gRPC receive limit.
    let maxMessageBytes: Int

    /// The transport's own limit: messages between `maxMessageBytes` and this reach the deserializer.
    static func transportLimit(maxMessageBytes: Int) -> Int { 2 * maxMessageBytes }

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Etcdserverpb_KV.Method.Range.descriptor, deserializer: reader(Etcdserverpb_RangeRequest.self),
            serializer: ProtobufSerializer<Etcdserverpb_RangeResponse>(),
            handler: { [kv] request, context in try await kv.range(request: request, context: context) })
        router.registerHandler(
            forMethod: Etcdserverpb_KV.Method.Put.descriptor, deserializer: reader(Etcdserverpb_PutRequest.self),
            serializer: ProtobufSerializer<Etcdserverpb_PutResponse>(),
            handler: { [kv] request, context in try await kv.put(request: request, context: context) })
        router.registerHandler(
            forMethod: Etcdserverpb_KV.Method.DeleteRange.descriptor,
            deserializer: reader(Etcdserverpb_DeleteRangeRequest.self),
            serializer: ProtobufSerializer<Etcdserverpb_DeleteRangeResponse>(),
            handler: { [kv] request, context in try await kv.deleteRange(request: request, context: context) })
        router.registerHandler(
            forMethod: Etcdserverpb_KV.Method.Txn.descriptor,
            deserializer: reader(Etcdserverpb_TxnRequest.self, depthLimit: Self.txnDepthLimit),
            serializer: ProtobufSerializer<Etcdserverpb_TxnResponse>(),
            handler: { [kv] request, context in try await kv.txn(request: request, context: context) })
        router.registerHandler(
            forMethod: Etcdserverpb_KV.Method.Compact.descriptor, deserializer: reader(Etcdserverpb_CompactionRequest.self),
            serializer: ProtobufSerializer<Etcdserverpb_CompactionResponse>(),
            handler: { [kv] request, context in try await kv.compact(request: request, context: context) })
    }

    private func reader<Message: SwiftProtobuf.Message>(
        _ type: Message.Type, depthLimit: Int = Self.defaultDepthLimit
    ) -> EtcdRequestDeserializer<Message> {
        EtcdRequestDeserializer(maxBytes: maxMessageBytes, depthLimit: depthLimit)
    }
}

/// A protobuf request read within a size and a nesting limit; otherwise as `ProtobufDeserializer` reads it.
struct EtcdRequestDeserializer<Message: SwiftProtobuf.Message>: MessageDeserializer {
    let maxBytes: Int
    let depthLimit: Int

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Message {
        guard serializedMessageBytes.count <= maxBytes else {
            throw RPCError(
                code: .resourceExhausted,
                message: "grpc: received message larger than max (\(serializedMessageBytes.count) vs. \(maxBytes))")
        }
        var options = BinaryDecodingOptions()
        options.messageDepthLimit = depthLimit
        do {
            return try serializedMessageBytes.withUnsafeBytes { try Message(serializedBytes: Data($0), options: options) }
        } catch BinaryDecodingError.messageDepthLimit {
            throw RPCError(code: .invalidArgument, message: "Can't deserialize to message of type \(Message.self).")
        } catch {
            // grpc-go's answer to bytes that are not the message, which the real etcd gives for the same bytes.
            throw RPCError(code: .internalError, message: "grpc: error unmarshalling request: \(error)", cause: error)
        }
    }
}
