import EtcdCore
import EtcdProto
import Foundation

// The etcd v3 response messages as EtcdCore's models. A header etcd left out (it does so inside transactions,
// and for a lease it no longer knows) reads as all zeros, as the Go getters read it.

extension ResponseHeader {
    init(_ proto: Etcdserverpb_ResponseHeader) {
        self.init(clusterID: proto.clusterID, memberID: proto.memberID, revision: proto.revision, raftTerm: proto.raftTerm)
    }
}

extension KeyValue {
    init(_ proto: Mvccpb_KeyValue) {
        self.init(
            key: proto.key, createRevision: proto.createRevision, modRevision: proto.modRevision,
            version: proto.version, value: proto.value, lease: proto.lease)
    }
}

extension RangeResponse {
    init(_ proto: Etcdserverpb_RangeResponse) {
        self.init(header: ResponseHeader(proto.header), kvs: proto.kvs.map(KeyValue.init), more: proto.more, count: proto.count)
    }
}

extension PutResponse {
    init(_ proto: Etcdserverpb_PutResponse) {
        self.init(header: ResponseHeader(proto.header), prevKv: proto.hasPrevKv ? KeyValue(proto.prevKv) : nil)
    }
}

extension DeleteRangeResponse {
    init(_ proto: Etcdserverpb_DeleteRangeResponse) {
        self.init(header: ResponseHeader(proto.header), deleted: proto.deleted, prevKvs: proto.prevKvs.map(KeyValue.init))
    }
}

extension ResponseOp {
    init(_ proto: Etcdserverpb_ResponseOp) throws {
        switch proto.response {
        case .responseRange(let range): self = .range(RangeResponse(range))
        case .responsePut(let put): self = .put(PutResponse(put))
        case .responseDeleteRange(let delete): self = .deleteRange(DeleteRangeResponse(delete))
        case .responseTxn(let txn): self = .txn(try TxnResponse(txn))
        case nil: throw EtcdClientError.unexpectedResponse("a transaction operation without a response")
        }
    }
}

extension TxnResponse {
    init(_ proto: Etcdserverpb_TxnResponse) throws {
        self.init(
            header: ResponseHeader(proto.header), succeeded: proto.succeeded,
            responses: try proto.responses.map(ResponseOp.init))
    }
}

extension WatchEvent {
    init(_ proto: Mvccpb_Event) throws {
        let type: EventType =
            switch proto.type {
            case .put: .put
            case .delete: .delete
            case .UNRECOGNIZED(let raw): throw EtcdClientError.unexpectedResponse("a watch event of type \(raw)")
            }
        self.init(type: type, kv: KeyValue(proto.kv), prevKv: proto.hasPrevKv ? KeyValue(proto.prevKv) : nil)
    }
}
