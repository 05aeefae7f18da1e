import EtcdCore
import EtcdProto
import Foundation

// EtcdCore's requests as the etcd v3 messages that carry them: the mirror image of EtcdServer's conversions.
// Every field is sent as it is; etcd itself refuses what it refuses.

extension RangeRequest {
    var proto: Etcdserverpb_RangeRequest {
        var proto = Etcdserverpb_RangeRequest()
        proto.key = key
        proto.rangeEnd = rangeEnd
        proto.limit = limit
        proto.revision = revision
        proto.sortOrder = Etcdserverpb_RangeRequest.SortOrder(rawValue: sortOrder.rawValue) ?? .none
        proto.sortTarget = Etcdserverpb_RangeRequest.SortTarget(rawValue: sortTarget.rawValue) ?? .key
        proto.keysOnly = keysOnly
        proto.countOnly = countOnly
        proto.minModRevision = minModRevision
        proto.maxModRevision = maxModRevision
        proto.minCreateRevision = minCreateRevision
        proto.maxCreateRevision = maxCreateRevision
        return proto
    }
}

extension PutRequest {
    var proto: Etcdserverpb_PutRequest {
        var proto = Etcdserverpb_PutRequest()
        proto.key = key
        proto.value = value
        proto.lease = lease
        proto.prevKv = prevKv
        proto.ignoreValue = ignoreValue
        proto.ignoreLease = ignoreLease
        return proto
    }
}

extension DeleteRangeRequest {
    var proto: Etcdserverpb_DeleteRangeRequest {
        var proto = Etcdserverpb_DeleteRangeRequest()
        proto.key = key
        proto.rangeEnd = rangeEnd
        proto.prevKv = prevKv
        return proto
    }
}

extension Compare {
    var proto: Etcdserverpb_Compare {
        var proto = Etcdserverpb_Compare()
        proto.key = key
        proto.rangeEnd = rangeEnd
        switch target {
        case .version(let version):
            proto.target = .version
            proto.version = version
        case .createRevision(let revision):
            proto.target = .create
            proto.createRevision = revision
        case .modRevision(let revision):
            proto.target = .mod
            proto.modRevision = revision
        case .value(let value):
            proto.target = .value
            proto.value = value
        case .lease(let lease):
            proto.target = .lease
            proto.lease = lease
        }
        proto.result =
            switch result {
            case .equal: .equal
            case .greater: .greater
            case .less: .less
            case .notEqual: .notEqual
            }
        return proto
    }
}

extension RequestOp {
    var proto: Etcdserverpb_RequestOp {
        var proto = Etcdserverpb_RequestOp()
        switch self {
        case .range(let range): proto.request = .requestRange(range.proto)
        case .put(let put): proto.request = .requestPut(put.proto)
        case .deleteRange(let delete): proto.request = .requestDeleteRange(delete.proto)
        case .txn(let txn): proto.request = .requestTxn(txn.proto)
        }
        return proto
    }
}

extension TxnRequest {
    var proto: Etcdserverpb_TxnRequest {
        var proto = Etcdserverpb_TxnRequest()
        proto.compare = compare.map(\.proto)
        proto.success = success.map(\.proto)
        proto.failure = failure.map(\.proto)
        return proto
    }
}

extension WatchRequest {
    /// The create request of a watch; its id is left to the server (one watch per stream).
    var proto: Etcdserverpb_WatchRequest {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = key
        create.rangeEnd = rangeEnd
        create.startRevision = startRevision
        create.prevKv = prevKv
        var filters: [Etcdserverpb_WatchCreateRequest.FilterType] = []
        if noPut { filters.append(.noput) }
        if noDelete { filters.append(.nodelete) }
        create.filters = filters
        var proto = Etcdserverpb_WatchRequest()
        proto.createRequest = create
        return proto
    }
}
