import EtcdCore
import EtcdProto
import Foundation
import GRPCCore
import Testing

@testable import EtcdServer

/// The KV service answers with etcd's results, gRPC codes and error texts.
@Suite(.serialized) struct KVServiceTests {
    @Test func putThenRangeReturnsRevisionsAndHeader() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                var put = Etcdserverpb_PutRequest()
                put.key = key("/registry/pods/default/a")
                put.value = key("v1")
                let first = try await kv.put(put)
                #expect(first.header.revision == 2)
                put.value = key("v2")
                put.prevKv = true
                let second = try await kv.put(put)
                #expect(second.prevKv.value.text == "v1")
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/registry/")
                range.rangeEnd = key("/registry0")
                let got = try await kv.range(range)
                #expect(got.count == 1)
                #expect(got.kvs.first?.version == 2)
                #expect(got.kvs.first?.createRevision == 2)
                #expect(got.kvs.first?.modRevision == 3)
                #expect(got.header.revision == 3)
                #expect(got.header.clusterID == server.store.clusterID)
                #expect(got.header.memberID == server.store.memberID)
                #expect(got.header.raftTerm == 1)
            }
        }
    }

    @Test func limitReportsMoreAndTheFullCount() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                for index in 0..<5 {
                    var put = Etcdserverpb_PutRequest()
                    put.key = key("/k/\(index)")
                    _ = try await kv.put(put)
                }
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/k/")
                range.rangeEnd = key("/k0")
                range.limit = 2
                range.keysOnly = true
                let got = try await kv.range(range)
                #expect(got.kvs.map(\.key.text) == ["/k/0", "/k/1"])
                #expect(got.more)
                #expect(got.count == 5)
                #expect(got.kvs.allSatisfy { $0.value.isEmpty })
            }
        }
    }

    @Test func errorsCarryEtcdCodesAndTexts() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                for index in 0..<4 {
                    var put = Etcdserverpb_PutRequest()
                    put.key = key("/x/\(index)")
                    _ = try await kv.put(put)
                }
                var empty = Etcdserverpb_RangeRequest()
                empty.key = Data()
                #expect(await rpcFailure { _ = try await kv.range(empty) }! == (.invalidArgument, "etcdserver: key is not provided"))

                var future = Etcdserverpb_RangeRequest()
                future.key = key("/x/0")
                future.revision = 100
                #expect(
                    await rpcFailure { _ = try await kv.range(future) }!
                        == (.outOfRange, "etcdserver: mvcc: required revision is a future revision"))

                var compact = Etcdserverpb_CompactionRequest()
                compact.revision = 3
                _ = try await kv.compact(compact)
                var old = Etcdserverpb_RangeRequest()
                old.key = key("/x/0")
                old.revision = 2
                #expect(
                    await rpcFailure { _ = try await kv.range(old) }!
                        == (.outOfRange, "etcdserver: mvcc: required revision has been compacted"))
                #expect(
                    await rpcFailure { _ = try await kv.compact(compact) }!
                        == (.outOfRange, "etcdserver: mvcc: required revision has been compacted"))

                var duplicate = Etcdserverpb_TxnRequest()
                var op = Etcdserverpb_RequestOp()
                op.requestPut.key = key("/d")
                duplicate.success = [op, op]
                #expect(
                    await rpcFailure { _ = try await kv.txn(duplicate) }!
                        == (.invalidArgument, "etcdserver: duplicate key given in txn request"))

                var tooMany = Etcdserverpb_TxnRequest()
                tooMany.success = (0..<129).map { index in
                    var op = Etcdserverpb_RequestOp()
                    op.requestPut.key = key("/many/\(index)")
                    return op
                }
                #expect(
                    await rpcFailure { _ = try await kv.txn(tooMany) }!
                        == (.invalidArgument, "etcdserver: too many operations in txn request"))

                var emptyOp = Etcdserverpb_TxnRequest()
                emptyOp.success = [Etcdserverpb_RequestOp()]
                #expect(await rpcFailure { _ = try await kv.txn(emptyOp) }! == (.invalidArgument, "etcdserver: key not found"))

                var noLease = Etcdserverpb_PutRequest()
                noLease.key = key("/l")
                noLease.lease = 12345
                #expect(
                    await rpcFailure { _ = try await kv.put(noLease) }!
                        == (.notFound, "etcdserver: requested lease not found"))

                var ignore = Etcdserverpb_PutRequest()
                ignore.key = key("/missing")
                ignore.ignoreValue = true
                #expect(await rpcFailure { _ = try await kv.put(ignore) }! == (.invalidArgument, "etcdserver: key not found"))
                ignore.value = key("x")
                #expect(
                    await rpcFailure { _ = try await kv.put(ignore) }! == (.invalidArgument, "etcdserver: value is provided"))
            }
        }
    }

    @Test func txnComparesAndAnswersEachBranch() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                // kube-apiserver's create: If(mod == 0) Then(Put) Else(Get).
                func create(_ value: String) async throws -> Etcdserverpb_TxnResponse {
                    var txn = Etcdserverpb_TxnRequest()
                    var compare = Etcdserverpb_Compare()
                    compare.key = key("/registry/pods/default/web")
                    compare.target = .mod
                    compare.result = .equal
                    compare.modRevision = 0
                    txn.compare = [compare]
                    var put = Etcdserverpb_RequestOp()
                    put.requestPut.key = compare.key
                    put.requestPut.value = key(value)
                    txn.success = [put]
                    var get = Etcdserverpb_RequestOp()
                    get.requestRange.key = compare.key
                    txn.failure = [get]
                    return try await kv.txn(txn)
                }
                let first = try await create("one")
                #expect(first.succeeded)
                #expect(first.responses.first?.responsePut.header.revision == 2)
                let second = try await create("two")
                #expect(!second.succeeded)
                #expect(second.responses.first?.responseRange.kvs.first?.value.text == "one")
                #expect(second.header.revision == 2)
            }
        }
    }

    @Test func oversizedWritesAreRefusedAndTheStoreStaysIntact() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                var put = Etcdserverpb_PutRequest()
                put.key = key("/big")
                // Over etcd's 1.5 MiB request limit but within gRPC's limit (1.5 MiB + 512 KiB).
                put.value = Data(repeating: 0x61, count: 1536 * 1024 + 10)
                #expect(await rpcFailure { _ = try await kv.put(put) }! == (.invalidArgument, "etcdserver: request is too large"))
                // Over gRPC's limit: the transport refuses the message.
                put.value = Data(repeating: 0x61, count: 3 * 1024 * 1024)
                let refused = await rpcFailure { _ = try await kv.put(put) }
                #expect(refused?.0 == .resourceExhausted, "\(String(describing: refused))")
                // The server still answers, and nothing was written.
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/big")
                let got = try await kv.range(range)
                #expect(got.kvs.isEmpty)
                #expect(got.header.revision == 1)
            }
        }
    }

    @Test func leasesGrantRenewListAndRevoke() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let lease = Etcdserverpb_Lease.Client(wrapping: client)
                var grant = Etcdserverpb_LeaseGrantRequest()
                grant.ttl = 60
                let granted = try await lease.leaseGrant(grant)
                #expect(granted.ttl == 60)
                #expect(granted.id != 0)
                var put = Etcdserverpb_PutRequest()
                put.key = key("/leased")
                put.lease = granted.id
                _ = try await Etcdserverpb_KV.Client(wrapping: client).put(put)

                var ttl = Etcdserverpb_LeaseTimeToLiveRequest()
                ttl.id = granted.id
                ttl.keys = true
                let live = try await lease.leaseTimeToLive(ttl)
                #expect(live.grantedTtl == 60)
                #expect(live.keys.map(\.text) == ["/leased"])

                let listed = try await lease.leaseLeases(Etcdserverpb_LeaseLeasesRequest())
                #expect(listed.leases.map(\.id) == [granted.id])

                let renewed = try await lease.leaseKeepAlive(
                    requestProducer: { writer in
                        var request = Etcdserverpb_LeaseKeepAliveRequest()
                        request.id = granted.id
                        try await writer.write(request)
                        request.id = 999
                        try await writer.write(request)
                    },
                    onResponse: { response in
                        var answers: [Etcdserverpb_LeaseKeepAliveResponse] = []
                        for try await message in response.messages { answers.append(message) }
                        return answers
                    })
                #expect(renewed.map(\.ttl) == [60, 0])

                var revoke = Etcdserverpb_LeaseRevokeRequest()
                revoke.id = granted.id
                _ = try await lease.leaseRevoke(revoke)
                #expect(
                    await rpcFailure { _ = try await lease.leaseRevoke(revoke) }!
                        == (.notFound, "etcdserver: requested lease not found"))
                let gone = try await lease.leaseTimeToLive(ttl)
                #expect(gone.ttl == -1)
                var range = Etcdserverpb_RangeRequest()
                range.key = key("/leased")
                #expect(try await Etcdserverpb_KV.Client(wrapping: client).range(range).kvs.isEmpty)
            }
        }
    }

    @Test func anActivatedNoSpaceAlarmRefusesPutsWithEtcdsStatusUntilDeactivated() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let maintenance = Etcdserverpb_Maintenance.Client(wrapping: client)
                let kv = Etcdserverpb_KV.Client(wrapping: client)
                var activate = Etcdserverpb_AlarmRequest()
                activate.action = .activate
                activate.memberID = server.store.memberID
                activate.alarm = .nospace
                let raised = try await maintenance.alarm(activate)
                #expect(raised.alarms.map(\.alarm) == [.nospace])
                #expect(!raised.hasHeader, "etcd answers alarms without a header")
                #expect(try await maintenance.status(Etcdserverpb_StatusRequest()).errors
                    == ["memberID:\(server.store.memberID) alarm:NOSPACE "])
                var put = Etcdserverpb_PutRequest()
                put.key = key("/refused")
                #expect(
                    await rpcFailure { _ = try await kv.put(put) }!
                        == (.resourceExhausted, "etcdserver: mvcc: database space exceeded"))
                var delete = Etcdserverpb_DeleteRangeRequest()
                delete.key = key("/refused")
                _ = try await kv.deleteRange(delete)
                var corrupt = activate
                corrupt.alarm = .corrupt
                #expect(await rpcFailure { _ = try await maintenance.alarm(corrupt) }?.0 == .unimplemented)
                var deactivate = activate
                deactivate.action = .deactivate
                #expect(try await maintenance.alarm(deactivate).alarms.count == 1)
                #expect(try await maintenance.alarm(deactivate).alarms.isEmpty)
                _ = try await kv.put(put)
            }
        }
    }

    @Test func maintenanceAndClusterAnswerForOneMember() async throws {
        try await withTestServer { server in
            try await withClient(server) { client in
                let maintenance = Etcdserverpb_Maintenance.Client(wrapping: client)
                let status = try await maintenance.status(Etcdserverpb_StatusRequest())
                #expect(status.dbSize > 0)
                #expect(status.leader == server.store.memberID)
                #expect(status.version == "3.5.17")
                let alarms = try await maintenance.alarm(Etcdserverpb_AlarmRequest())
                #expect(alarms.alarms.isEmpty)
                let members = try await Etcdserverpb_Cluster.Client(wrapping: client).memberList(
                    Etcdserverpb_MemberListRequest())
                #expect(members.members.count == 1)
                #expect(members.members.first?.id == server.store.memberID)
                #expect(members.members.first?.clientUrls == [server.endpoint])
                #expect(members.members.first?.name == "default")
                #expect(members.members.first?.peerUrls == ["http://localhost:2380"])
                _ = try await maintenance.defragment(Etcdserverpb_DefragmentRequest())
                let hash1 = try await maintenance.hashKV(Etcdserverpb_HashKVRequest())
                var put = Etcdserverpb_PutRequest()
                put.key = key("/h")
                _ = try await Etcdserverpb_KV.Client(wrapping: client).put(put)
                let hash2 = try await maintenance.hashKV(Etcdserverpb_HashKVRequest())
                #expect(hash1.hash != hash2.hash)
                var atOne = Etcdserverpb_HashKVRequest()
                atOne.revision = 1
                #expect(try await maintenance.hashKV(atOne).hash == hash1.hash)
            }
        }
    }
}
