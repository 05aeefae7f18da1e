import EtcdCore
import Foundation
import Testing

@testable import KubeSimCLI

/// The printers against output the real etcdctl 3.4.23 printed for the same responses.
struct PrinterTests {
    private static let clusterID: UInt64 = 14_841_639_068_965_178_418
    private static let memberID: UInt64 = 10_276_657_743_932_975_437

    private func header(_ revision: Revision) -> ResponseHeader {
        ResponseHeader(clusterID: Self.clusterID, memberID: Self.memberID, revision: revision, raftTerm: 2)
    }

    private func kv(_ key: String, _ create: Revision, _ mod: Revision, _ version: Int64, _ value: String = "")
        -> KeyValue
    {
        KeyValue(
            key: Data(key.utf8), createRevision: create, modRevision: mod, version: version, value: Data(value.utf8))
    }

    /// A put of w1 at revision 25 and its delete at 26, watched with --prev-kv.
    private var watchResponse: WatchResponse {
        WatchResponse(
            header: header(26),
            events: [
                WatchEvent(type: .put, kv: kv("w1", 25, 25, 1, "a")),
                WatchEvent(type: .delete, kv: kv("w1", 0, 26, 0), prevKv: kv("w1", 25, 25, 1, "a")),
            ])
    }

    private func printed(
        _ format: OutputFormat, hex: Bool = false, _ print: (any ResponsePrinter) throws(EtcdctlFailure) -> Void
    ) throws -> (out: String, err: String) {
        let console = Console(out: MemorySink(), err: MemorySink())
        try print(makePrinter(format, console: console, hex: hex))
        return ((console.out as! MemorySink).text, (console.err as! MemorySink).text)
    }

    @Test func simpleWatchPrintsEventTypePreviousAndCurrentKeyValue() throws {
        let output = try printed(.simple) { printer throws(EtcdctlFailure) in try printer.watch(watchResponse) }
        #expect(output.out == "PUT\nw1\na\nDELETE\nw1\na\nw1\n\n")
    }

    @Test func fieldsWatchMatchesEtcdctl() throws {
        let output = try printed(.fields) { printer throws(EtcdctlFailure) in try printer.watch(watchResponse) }
        #expect(
            output.out == """
                "ClusterID" : 14841639068965178418
                "MemberID" : 10276657743932975437
                "Revision" : 26
                "RaftTerm" : 2
                "Type" : PUT
                "Key" : "w1"
                "CreateRevision" : 25
                "ModRevision" : 25
                "Version" : 1
                "Value" : "a"
                "Lease" : 0
                "Type" : DELETE
                "PrevKey" : "w1"
                "PrevCreateRevision" : 25
                "PrevModRevision" : 25
                "PrevVersion" : 1
                "PrevValue" : "a"
                "PrevLease" : 0
                "Key" : "w1"
                "CreateRevision" : 0
                "ModRevision" : 26
                "Version" : 0
                "Value" : ""
                "Lease" : 0

                """)
    }

    @Test func jsonWatchMatchesEtcdctl() throws {
        let output = try printed(.json) { printer throws(EtcdctlFailure) in try printer.watch(watchResponse) }
        #expect(
            output.out == """
                {"Header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,\
                "revision":26,"raft_term":2},\
                "Events":[{"kv":{"key":"dzE=","create_revision":25,"mod_revision":25,"version":1,"value":"YQ=="}},\
                {"type":1,"kv":{"key":"dzE=","mod_revision":26},"prev_kv":{"key":"dzE=","create_revision":25,\
                "mod_revision":25,"version":1,"value":"YQ=="}}],"CompactRevision":0,"Canceled":false,"Created":false}

                """)
    }

    @Test func jsonTxnNestsResponsesAsGoMarshalsTheOneof() throws {
        let nested = ResponseHeader(clusterID: 0, memberID: 0, revision: 27, raftTerm: 0)
        let response = TxnResponse(
            header: header(27), succeeded: true,
            responses: [
                .put(PutResponse(header: nested)),
                .range(RangeResponse(header: nested, kvs: [kv("b", 3, 3, 1, "2")], more: false, count: 1)),
                .deleteRange(DeleteRangeResponse(header: nested, deleted: 0)),
            ])
        let output = try printed(.json) { printer throws(EtcdctlFailure) in try printer.txn(response) }
        #expect(
            output.out == """
                {"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,\
                "revision":27,"raft_term":2},\
                "succeeded":true,"responses":[{"Response":{"ResponsePut":{"header":{"revision":27}}}},\
                {"Response":{"ResponseRange":{"header":{"revision":27},"kvs":[{"key":"Yg==","create_revision":3,\
                "mod_revision":3,"version":1,"value":"Mg=="}],"count":1}}},\
                {"Response":{"ResponseDeleteRange":{"header":{"revision":27}}}}]}

                """)
    }

    @Test func simpleTxnWithHexSeparatesResponsesByBlankLines() throws {
        let response = TxnResponse(
            header: header(9), succeeded: false,
            responses: [
                .put(PutResponse(header: header(9), prevKv: kv("k", 2, 2, 1, "v"))),
                .deleteRange(DeleteRangeResponse(header: header(9), deleted: 1)),
            ])
        let output = try printed(.simple, hex: true) { printer throws(EtcdctlFailure) in try printer.txn(response) }
        #expect(output.out == "FAILURE\n\nOK\n\\x6b\n\\x76\n\n1\n")
    }

    @Test func jsonTimeToLiveSpreadsTheHeaderAndWritesNullKeys() throws {
        let response = LeaseTimeToLiveResponse(
            header: header(23), id: 7_587_899_145_263_594_556, ttl: 299, grantedTTL: 300, keys: [])
        let output = try printed(.json) { printer throws(EtcdctlFailure) in
            try printer.leaseTimeToLive(response, keys: false)
        }
        #expect(
            output.out == """
                {"cluster_id":14841639068965178418,"member_id":10276657743932975437,"revision":23,"raft_term":2,\
                "id":7587899145263594556,"ttl":299,"granted-ttl":300,"keys":null}

                """)
    }

    @Test func endpointReportsMatchEtcdctl() throws {
        let status = EndpointStatus(
            endpoint: "http://127.0.0.1:2379",
            status: StoreStatus(
                header: header(10), version: "3.4.23", dbSize: 20480, dbSizeInUse: 16384, compactRevision: 0),
            leader: Self.memberID, raftIndex: 15, raftAppliedIndex: 15)
        let json = try printed(.json) { printer throws(EtcdctlFailure) in try printer.endpointStatus([status]) }
        #expect(
            json.out == """
                [{"Endpoint":"http://127.0.0.1:2379","Status":{"header":{"cluster_id":14841639068965178418,\
                "member_id":10276657743932975437,"revision":10,"raft_term":2},"version":"3.4.23","dbSize":20480,\
                "leader":10276657743932975437,"raftIndex":15,"raftTerm":2,"raftAppliedIndex":15,"dbSizeInUse":16384}}]

                """)
        let simple = try printed(.simple) { printer throws(EtcdctlFailure) in try printer.endpointStatus([status]) }
        #expect(simple.out == "http://127.0.0.1:2379, 8e9e05c52164694d, 3.4.23, 20 kB, true, false, 2, 15, 15, \n")

        let health = EndpointHealth(endpoint: "http://127.0.0.1:2379", health: true, took: "4.444818ms", error: "")
        let healthy = try printed(.simple) { printer throws(EtcdctlFailure) in try printer.endpointHealth([health]) }
        #expect(healthy.out.isEmpty)
        #expect(healthy.err == "http://127.0.0.1:2379 is healthy: successfully committed proposal: took = 4.444818ms\n")
    }

    @Test func memberListMatchesEtcdctl() throws {
        let member = MemberInfo(
            id: Self.memberID, name: "default", peerURLs: ["http://localhost:2380"],
            clientURLs: ["http://127.0.0.1:23791"], isLearner: false)
        // etcd answers member list with a header that has no revision.
        let response = MemberListResponse(header: header(0), members: [member])
        let simple = try printed(.simple) { printer throws(EtcdctlFailure) in try printer.memberList(response) }
        #expect(
            simple.out == "8e9e05c52164694d, started, default, http://localhost:2380, http://127.0.0.1:23791, false\n")
        let json = try printed(.json) { printer throws(EtcdctlFailure) in try printer.memberList(response) }
        #expect(
            json.out == """
                {"header":{"cluster_id":14841639068965178418,"member_id":10276657743932975437,"raft_term":2},\
                "members":[{"ID":10276657743932975437,"name":"default","peerURLs":["http://localhost:2380"],\
                "clientURLs":["http://127.0.0.1:23791"]}]}

                """)
    }

    @Test func tableRefusesKeyValueResponses() {
        #expect(throws: EtcdctlFailure(.badFeature, "table not supported as output format")) {
            _ = try printed(.table) { printer throws(EtcdctlFailure) in
                try printer.get(RangeResponse(header: header(1), kvs: [], more: false, count: 0))
            }
        }
    }
}
