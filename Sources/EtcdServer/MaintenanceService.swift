import ComponentLogs
import EtcdCore
import EtcdProto
import EtcdSnapshot
import Foundation
import GRPCCore

/// `etcdserverpb.Maintenance`: Status, Alarm, Snapshot, Hash and HashKV (`v3rpc/maintenance.go`).
///
/// - Status reports the store's version and sizes (never a zero DbSize, which makes etcdctl 3.6 divide by
///   zero). With no raft, the member leads itself at term 1 and its raft indexes are the store revision.
/// - Status's errors list the raised alarms as etcd prints them (`memberID:<id> alarm:NOSPACE `).
/// - Alarm lists, raises and clears alarms (`StoreMaintenance`); raising CORRUPT answers Unimplemented (the
///   store has no corruption check to act on it). The store raises NOSPACE itself past its space quota.
/// - Defragment VACUUMs the store (`StoreMaintenance.defragment`).
/// - Snapshot streams the store as etcd 3.4's bbolt backend (`EtcdSnapshot`): the database in 32 KiB chunks,
///   each with the bytes still to come, then its SHA-256 with 0 remaining, as etcd does, so the real
///   `etcdctl snapshot save`, `status` and `restore` accept it. It needs an `EtcdSnapshotSource`.
/// - Hash and HashKV hash the key-value state with CRC-32C (see `KeyValueHash`); they agree between two
///   KubeSim stores with the same contents, not with etcd's bbolt hash.
/// - MoveLeader and Downgrade answer Unimplemented.
struct MaintenanceService: Etcdserverpb_Maintenance.SimpleServiceProtocol {
    let served: ServedStore
    /// The member a snapshot records when the data holds no kubeadm-like etcd pod.
    let memberName: String
    let clientURLs: ClientURL

    static let snapshotChunkSize = 32 * 1024

    func status(request: Etcdserverpb_StatusRequest, context: ServerContext) async throws -> Etcdserverpb_StatusResponse {
        try await etcdCall {
            let status = try await served.store.status()
            var response = Etcdserverpb_StatusResponse()
            response.header = status.header.proto
            response.version = status.version
            response.dbSize = max(status.dbSize, 1)
            response.dbSizeInUse = max(status.dbSizeInUse, 1)
            response.leader = served.memberID
            response.raftTerm = status.header.raftTerm
            response.raftIndex = UInt64(max(status.header.revision, 0))
            response.raftAppliedIndex = response.raftIndex
            response.isLearner = false
            response.errors = try await served.maintenance?.alarms().map(\.text) ?? []
            return response
        }
    }

    func alarm(request: Etcdserverpb_AlarmRequest, context: ServerContext) async throws -> Etcdserverpb_AlarmResponse {
        try await etcdCall {
            let type = Self.alarmType(request.alarm)
            var alarms: [AlarmMember] = []
            if let maintenance = served.maintenance {
                let named = type.map { AlarmMember(memberID: request.memberID, alarm: $0) }
                switch request.action {
                case .get:
                    alarms = try await maintenance.alarms().filter { type == nil || $0.alarm == type }
                case .activate:
                    guard let named else { break }
                    guard named.alarm == .noSpace else {
                        throw EtcdStatus.unimplemented("raising \(named.alarm.rawValue)", "the store has no corruption check")
                    }
                    alarms = [try await maintenance.activate(named)]
                    served.log?.write(
                        .warn, caller: "etcdserver/apply.go:1007", "alarm raised",
                        [("alarm", "NOSPACE"), ("from", .string(String(named.memberID, radix: 16)))])
                case .deactivate:
                    if let named, let cleared = try await maintenance.deactivate(named) {
                        alarms = [cleared]
                        served.log?.write(
                            .warn, caller: "etcdserver/apply.go:1017", "alarm disarmed",
                            [("alarm", .string(cleared.alarm == .noSpace ? "NOSPACE" : "CORRUPT")), ("from", .string(String(cleared.memberID, radix: 16)))])
                    }
                case .UNRECOGNIZED:
                    break
                }
            }
            // etcd's applier answers alarms without a header (`etcdctl alarm list -w json` shows none).
            var response = Etcdserverpb_AlarmResponse()
            response.alarms = alarms.map { alarm in
                var member = Etcdserverpb_AlarmMember()
                member.memberID = alarm.memberID
                member.alarm = alarm.alarm == .noSpace ? .nospace : .corrupt
                return member
            }
            return response
        }
    }

    /// The alarm type a request names; nil for NONE (every type).
    private static func alarmType(_ type: Etcdserverpb_AlarmType) -> AlarmType? {
        switch type {
        case .nospace: .noSpace
        case .corrupt: .corrupt
        case .none, .UNRECOGNIZED: nil
        }
    }

    func defragment(
        request: Etcdserverpb_DefragmentRequest, context: ServerContext
    ) async throws -> Etcdserverpb_DefragmentResponse {
        try await etcdCall {
            guard let maintenance = served.maintenance else {
                throw EtcdStatus.unimplemented("Defragment", "this store cannot be defragmented")
            }
            served.log?.write(caller: "v3rpc/maintenance.go:89", "starting defragment")
            try await maintenance.defragment()
            served.log?.write(caller: "v3rpc/maintenance.go:95", "finished defragment")
            var response = Etcdserverpb_DefragmentResponse()
            response.header = served.header(try await served.currentRevision())
            return response
        }
    }

    func hash(request: Etcdserverpb_HashRequest, context: ServerContext) async throws -> Etcdserverpb_HashResponse {
        try await etcdCall {
            let revision = try await served.currentRevision()
            var response = Etcdserverpb_HashResponse()
            response.hash = try await KeyValueHash.hash(served.store, at: revision)
            response.header = served.header(revision)
            return response
        }
    }

    func hashKV(request: Etcdserverpb_HashKVRequest, context: ServerContext) async throws -> Etcdserverpb_HashKVResponse {
        try await etcdCall {
            let status = try await served.store.status()
            let revision = request.revision > 0 ? request.revision : status.header.revision
            var response = Etcdserverpb_HashKVResponse()
            response.hash = try await KeyValueHash.hash(served.store, at: revision)
            response.compactRevision = status.compactRevision
            response.header = served.header(revision)
            return response
        }
    }

    func snapshot(
        request: Etcdserverpb_SnapshotRequest, response: RPCWriter<Etcdserverpb_SnapshotResponse>,
        context: ServerContext
    ) async throws {
        try await etcdCall {
            guard let source = served.snapshots else {
                throw EtcdStatus.unimplemented("Snapshot", "this store cannot write snapshots")
            }
            // etcd's default peer URL: KubeSim listens for no peers.
            let member = SnapshotMember(
                id: served.memberID, name: memberName, peerURLs: ["http://localhost:2380"], clientURLs: clientURLs.urls)
            let started = ContinuousClock.now
            let database = SnapshotExporter(fallbackMember: member).database(from: try await source.image())
            let total: LogField = ("total-bytes", .int(Int64(database.count)))
            let size: LogField = ("size", .string(EtcdLogFormat.humanBytes(Int64(database.count))))
            served.log?.write(caller: "v3rpc/maintenance.go:126", "sending database snapshot to client", [total, size])
            var sent = 0
            while sent < database.count {
                let chunk = database[sent..<min(sent + Self.snapshotChunkSize, database.count)]
                sent += chunk.count
                var message = Etcdserverpb_SnapshotResponse()
                message.remainingBytes = UInt64(database.count - sent)
                message.blob = Data(chunk)
                try await response.write(message)
            }
            var trailer = Etcdserverpb_SnapshotResponse()
            trailer.remainingBytes = 0
            trailer.blob = Data(SnapshotFile.hash(database))
            served.log?.write(
                caller: "v3rpc/maintenance.go:166", "sending database sha256 checksum to client", [total, ("checksum-size", 32)])
            try await response.write(trailer)
            let elapsed = ContinuousClock.now - started
            served.log?.write(
                caller: "v3rpc/maintenance.go:175", "successfully sent database snapshot to client",
                [total, size, ("took", .string(EtcdLogFormat.humanTime(elapsed: Double(elapsed.components.seconds))))])
        }
    }

    func moveLeader(
        request: Etcdserverpb_MoveLeaderRequest, context: ServerContext
    ) async throws -> Etcdserverpb_MoveLeaderResponse {
        throw EtcdStatus.unimplemented("MoveLeader", "KubeSim is a single-member cluster without raft")
    }

    func downgrade(
        request: Etcdserverpb_DowngradeRequest, context: ServerContext
    ) async throws -> Etcdserverpb_DowngradeResponse {
        throw EtcdStatus.unimplemented("Downgrade", "KubeSim has one storage version")
    }
}
