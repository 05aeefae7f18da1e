import EtcdCore
import EtcdProto
import GRPCCore

/// `etcdserverpb.Lease`: Grant, Revoke, KeepAlive (a stream), TimeToLive and Leases (`v3rpc/lease.go`).
struct LeaseService: Etcdserverpb_Lease.SimpleServiceProtocol {
    let served: ServedStore

    func leaseGrant(
        request: Etcdserverpb_LeaseGrantRequest, context: ServerContext
    ) async throws -> Etcdserverpb_LeaseGrantResponse {
        try await etcdCall {
            // etcd picks an id for 0; a negative one is the client's choice as well.
            let granted = try await served.store.leaseGrant(ttl: request.ttl, id: request.id)
            var response = Etcdserverpb_LeaseGrantResponse()
            response.header = granted.header.proto
            response.id = granted.id
            response.ttl = granted.ttl
            return response
        }
    }

    func leaseRevoke(
        request: Etcdserverpb_LeaseRevokeRequest, context: ServerContext
    ) async throws -> Etcdserverpb_LeaseRevokeResponse {
        try await etcdCall {
            var response = Etcdserverpb_LeaseRevokeResponse()
            response.header = try await served.store.leaseRevoke(id: request.id).proto
            return response
        }
    }

    /// Renews each lease the client names, answering each with its new TTL; TTL 0 for a lease that does not
    /// exist, as etcd answers.
    func leaseKeepAlive(
        request: RPCAsyncSequence<Etcdserverpb_LeaseKeepAliveRequest, any Error>,
        response: RPCWriter<Etcdserverpb_LeaseKeepAliveResponse>,
        context: ServerContext
    ) async throws {
        try await etcdCall {
            for try await keepAlive in request {
                var answer = Etcdserverpb_LeaseKeepAliveResponse()
                answer.id = keepAlive.id
                do {
                    let renewed = try await served.store.leaseKeepAlive(id: keepAlive.id)
                    answer.header = renewed.header.proto
                    answer.ttl = renewed.ttl
                } catch EtcdError.leaseNotFound {
                    answer.header = served.header(try await served.currentRevision())
                    answer.ttl = 0
                }
                try await response.write(answer)
            }
        }
    }

    func leaseTimeToLive(
        request: Etcdserverpb_LeaseTimeToLiveRequest, context: ServerContext
    ) async throws -> Etcdserverpb_LeaseTimeToLiveResponse {
        try await etcdCall {
            let state = try await served.store.leaseTimeToLive(id: request.id, keys: request.keys)
            var response = Etcdserverpb_LeaseTimeToLiveResponse()
            response.header = state.header.proto
            response.id = state.id
            response.ttl = state.ttl
            response.grantedTtl = state.grantedTTL
            response.keys = state.keys
            return response
        }
    }

    func leaseLeases(
        request: Etcdserverpb_LeaseLeasesRequest, context: ServerContext
    ) async throws -> Etcdserverpb_LeaseLeasesResponse {
        try await etcdCall {
            let ids = try await served.store.leases()
            var response = Etcdserverpb_LeaseLeasesResponse()
            response.header = served.header(try await served.currentRevision())
            response.leases = ids.map { id in
                var status = Etcdserverpb_LeaseStatus()
                status.id = id
                return status
            }
            return response
        }
    }
}
