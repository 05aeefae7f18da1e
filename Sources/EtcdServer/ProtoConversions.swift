import EtcdCore
import EtcdProto
import Foundation
import GRPCCore

// Conversions between the generated etcd messages and EtcdCore's models. Requests convert with `init(proto)`
// (throwing etcd's status for what etcd rejects before reaching the store); responses convert with `.proto`.

// MARK: - Requests

extension RangeRequest {
    init(_ proto: Etcdserverpb_RangeRequest) throws {
        guard !proto.key.isEmpty else { throw EtcdStatus.emptyKey }
        self.init(
            key: proto.key, rangeEnd: proto.rangeEnd, limit: proto.limit, revision: proto.revision,
            sortOrder: SortOrder(rawValue: proto.sortOrder.rawValue) ?? .none,
            sortTarget: SortTarget(rawValue: proto.sortTarget.rawValue) ?? .key,
            keysOnly: proto.keysOnly, countOnly: proto.countOnly,
            minModRevision: proto.minModRevision, maxModRevision: proto.maxModRevision,
            minCreateRevision: proto.minCreateRevision, maxCreateRevision: proto.maxCreateRevision)
    }
}

extension PutRequest {
    init(_ proto: Etcdserverpb_PutRequest) throws {
        guard !proto.key.isEmpty else { throw EtcdStatus.emptyKey }
        if proto.ignoreValue && !proto.value.isEmpty { throw EtcdStatus.from(EtcdError.valueProvided) }
        if proto.ignoreLease && proto.lease != 0 { throw EtcdStatus.from(EtcdError.leaseProvided) }
        self.init(
            key: proto.key, value: proto.value, lease: proto.lease, prevKv: proto.prevKv,
            ignoreValue: proto.ignoreValue, ignoreLease: proto.ignoreLease)
    }
}

extension DeleteRangeRequest {
    init(_ proto: Etcdserverpb_DeleteRangeRequest) throws {
        guard !proto.key.isEmpty else { throw EtcdStatus.emptyKey }
        self.init(key: proto.key, rangeEnd: proto.rangeEnd, prevKv: proto.prevKv)
    }
}

extension Compare {
    init(_ proto: Etcdserverpb_Compare) throws {
        guard !proto.key.isEmpty else { throw EtcdStatus.emptyKey }
        // etcd reads the operand named by `target` (`server/etcdserver/txn`); another operand set in the
        // union reads as zero, as the Go getters return.
        let target: Target =
            switch proto.target {
            case .version: .version(proto.version)
            case .create: .createRevision(proto.createRevision)
            case .mod: .modRevision(proto.modRevision)
            case .value: .value(proto.value)
            case .lease: .lease(proto.lease)
            case .UNRECOGNIZED(let raw):
                throw EtcdStatus.error(.invalidArgument, "kubesim: unknown compare target \(raw)")
            }
        let result: Result =
            switch proto.result {
            case .equal: .equal
            case .greater: .greater
            case .less: .less
            case .notEqual: .notEqual
            case .UNRECOGNIZED(let raw):
                throw EtcdStatus.error(.invalidArgument, "kubesim: unknown compare result \(raw)")
            }
        self.init(key: proto.key, rangeEnd: proto.rangeEnd, target: target, result: result)
    }
}

extension RequestOp {
    init(_ proto: Etcdserverpb_RequestOp) throws {
        switch proto.request {
        case .requestRange(let range): self = .range(try RangeRequest(range))
        case .requestPut(let put): self = .put(try PutRequest(put))
        case .requestDeleteRange(let delete): self = .deleteRange(try DeleteRangeRequest(delete))
        case .requestTxn(let txn): self = .txn(try TxnRequest(txn))
        // etcd's checkRequestOp answers an empty operation so.
        case nil: throw EtcdStatus.keyNotFound
        }
    }
}

extension TxnRequest {
    init(_ proto: Etcdserverpb_TxnRequest) throws {
        self.init(
            compare: try proto.compare.map(Compare.init), success: try proto.success.map(RequestOp.init),
            failure: try proto.failure.map(RequestOp.init))
    }
}

extension WatchRequest {
    init(_ proto: Etcdserverpb_WatchCreateRequest) {
        self.init(
            key: proto.key.isEmpty ? Data([0]) : proto.key, rangeEnd: proto.rangeEnd,
            startRevision: proto.startRevision, prevKv: proto.prevKv,
            noPut: proto.filters.contains(.noput), noDelete: proto.filters.contains(.nodelete))
    }
}

// MARK: - Responses

extension ResponseHeader {
    var proto: Etcdserverpb_ResponseHeader {
        var header = Etcdserverpb_ResponseHeader()
        header.clusterID = clusterID
        header.memberID = memberID
        header.revision = revision
        header.raftTerm = raftTerm
        return header
    }
}

extension KeyValue {
    var proto: Mvccpb_KeyValue {
        var kv = Mvccpb_KeyValue()
        kv.key = key
        kv.createRevision = createRevision
        kv.modRevision = modRevision
        kv.version = version
        kv.value = value
        kv.lease = lease
        return kv
    }
}

extension RangeResponse {
    var proto: Etcdserverpb_RangeResponse {
        var response = Etcdserverpb_RangeResponse()
        response.header = header.proto
        response.kvs = kvs.map(\.proto)
        response.more = more
        response.count = count
        return response
    }
}

extension PutResponse {
    var proto: Etcdserverpb_PutResponse {
        var response = Etcdserverpb_PutResponse()
        response.header = header.proto
        if let prevKv { response.prevKv = prevKv.proto }
        return response
    }
}

extension DeleteRangeResponse {
    var proto: Etcdserverpb_DeleteRangeResponse {
        var response = Etcdserverpb_DeleteRangeResponse()
        response.header = header.proto
        response.deleted = deleted
        response.prevKvs = prevKvs.map(\.proto)
        return response
    }
}

extension ResponseOp {
    var proto: Etcdserverpb_ResponseOp {
        var op = Etcdserverpb_ResponseOp()
        switch self {
        case .range(let range): op.response = .responseRange(range.proto)
        case .put(let put): op.response = .responsePut(put.proto)
        case .deleteRange(let delete): op.response = .responseDeleteRange(delete.proto)
        case .txn(let txn): op.response = .responseTxn(txn.proto)
        }
        return op
    }
}

extension TxnResponse {
    var proto: Etcdserverpb_TxnResponse {
        var response = Etcdserverpb_TxnResponse()
        response.header = header.proto
        response.succeeded = succeeded
        response.responses = responses.map(\.proto)
        return response
    }
}

extension WatchEvent {
    var proto: Mvccpb_Event {
        var event = Mvccpb_Event()
        event.type = type == .put ? .put : .delete
        event.kv = kv.proto
        if let prevKv { event.prevKv = prevKv.proto }
        return event
    }
}
