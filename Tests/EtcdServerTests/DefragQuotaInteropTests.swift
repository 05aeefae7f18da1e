import Foundation
import Testing

/// Defragmentation, the space quota and the member list with the real etcdctl 3.4, against `kubesim serve` and,
/// where the behaviour is etcd's to define, against a real etcd 3.4 doing the same: both must answer alike.
@Suite(
    .serialized,
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubesimExecutable), "needs the kubesim product"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl"),
    .enabled(if: RealEtcd.isInstalled, "needs /usr/bin/etcd"))
struct DefragQuotaInteropTests {
    /// `endpoint status -w json`, the fields compared.
    struct Status: Decodable {
        struct Header: Decodable {
            var member_id: UInt64
            var revision: Int64
        }
        struct Inner: Decodable {
            var header: Header
            var dbSize: Int64
            var dbSizeInUse: Int64?
            var errors: [String]?
        }
        var Endpoint: String
        var Status: Inner
    }

    static let large = String(repeating: "x", count: 20_000)
    static let quota = 1_000_000
    static let noSpace = "Error: etcdserver: mvcc: database space exceeded"

    static func status(_ flags: [String]) async throws -> Status.Inner {
        let result = try await Etcdctl.run(flags, ["endpoint", "status", "-w", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONDecoder().decode([Status].self, from: Data(result.stdout.utf8)).first).Status
    }

    static func kubesim(_ extra: [String] = []) async throws -> (ServeCommandTests.Serving, [String]) {
        let serving = try await ServeCommandTests.Serving.start(["--etcd-plaintext", "--no-controllers"] + extra)
        return (serving, ["--endpoints=\(serving.endpoint)"])
    }

    // MARK: - Defragmentation

    /// Writes 60 values of 20 kB over three keys, compacts them away and defragments; returns the sizes
    /// `endpoint status` showed before and after.
    static func compactAndDefragment(_ flags: [String], endpoint: String) async throws -> (before: Int64, after: Int64) {
        for index in 0..<60 {
            let put = try await Etcdctl.run(flags, ["put", "/big/\(index % 3)", large])
            try #require(put.status == 0, "\(put.stderr)")
        }
        let before = try await status(flags)
        let compaction = try await Etcdctl.run(flags, ["compaction", "--physical", String(before.header.revision)])
        #expect(compaction.stdout == "compacted revision \(before.header.revision)\n", "\(compaction.stderr)")
        #expect(try await status(flags).dbSize >= before.dbSize, "compaction alone does not shrink the file")
        let defrag = try await Etcdctl.run(flags, ["defrag"])
        #expect(defrag.status == 0, "\(defrag.stderr)")
        #expect(defrag.stdout == "Finished defragmenting etcd member[\(endpoint)]\n")
        let after = try await status(flags)
        #expect(after.dbSizeInUse != nil)
        #expect(after.header.revision == before.header.revision)
        #expect(try await Etcdctl.run(flags, ["get", "/big/1", "--print-value-only"]).stdout == large + "\n")
        return (before.dbSize, after.dbSize)
    }

    @Test func defragShrinksTheStoreAfterALargeCompactionAsTheRealEtcdDoes() async throws {
        let (serving, flags) = try await Self.kubesim()
        let ours = try await Self.compactAndDefragment(flags, endpoint: serving.endpoint)
        await serving.stop()
        #expect(ours.after < ours.before / 2, "\(ours)")

        let etcd = try await RealEtcd()
        let theirs = try await Self.compactAndDefragment(etcd.etcdctlFlags, endpoint: etcd.endpoint)
        await etcd.stop()
        #expect(theirs.after < theirs.before / 2, "\(theirs)")
    }

    // MARK: - Space quota

    /// Puts 20 kB values until the quota refuses one, with etcd's error; then the alarm shows in `alarm list`
    /// and `endpoint status`, and reads still work. Returns the member id.
    static func exhaust(_ flags: [String]) async throws -> UInt64 {
        var refused: ProcessResult?
        for index in 0..<200 {
            let put = try await Etcdctl.run(flags, ["put", "/big/\(index % 3)", large])
            if put.status != 0 {
                refused = put
                break
            }
        }
        let failure = try #require(refused, "the quota never refused a write")
        #expect(failure.status == 1)
        #expect(failure.stderr.contains("code = ResourceExhausted desc = etcdserver: mvcc: database space exceeded"))
        #expect(failure.stderr.hasSuffix(noSpace + "\n"), "\(failure.stderr)")
        let id = try await status(flags).header.member_id
        try await expectAlarmRaised(flags, id: id)
        #expect(try await Etcdctl.run(flags, ["get", "/big/0", "--print-value-only"]).stdout == large + "\n")
        return id
    }

    static func expectAlarmRaised(_ flags: [String], id: UInt64) async throws {
        #expect(try await Etcdctl.run(flags, ["alarm", "list"]).stdout == "memberID:\(id) alarm:NOSPACE \n")
        #expect(try await status(flags).errors == ["memberID:\(id) alarm:NOSPACE "])
        let table = try await Etcdctl.run(flags, ["endpoint", "status", "-w", "table"]).stdout
        #expect(table.contains("memberID:\(id)") && table.contains("alarm:NOSPACE"), "\(table)")
    }

    /// etcd's documented recovery: compact, defragment, disarm; writes stay refused until the disarm.
    static func recover(_ flags: [String], id: UInt64) async throws {
        #expect(try await Etcdctl.run(flags, ["del", "/big/2"]).stdout == "1\n", "deletes go on")
        let revision = try await status(flags).header.revision
        #expect(try await Etcdctl.run(flags, ["compaction", String(revision)]).status == 0)
        #expect(try await Etcdctl.run(flags, ["put", "/small", "v"]).stderr.hasSuffix(noSpace + "\n"))
        #expect(try await Etcdctl.run(flags, ["defrag"]).status == 0)
        #expect(try await status(flags).dbSize < Int64(quota))
        let stillRefused = try await Etcdctl.run(flags, ["put", "/small", "v"])
        #expect(stillRefused.stderr.hasSuffix(noSpace + "\n"), "the alarm holds until disarmed")
        #expect(try await Etcdctl.run(flags, ["alarm", "disarm"]).stdout == "memberID:\(id) alarm:NOSPACE \n")
        #expect(try await Etcdctl.run(flags, ["alarm", "disarm"]).stdout == "")
        #expect(try await Etcdctl.run(flags, ["put", "/small", "v"]).stdout == "OK\n")
        #expect(try await Etcdctl.run(flags, ["alarm", "list"]).stdout == "")
        #expect(try await status(flags).errors == nil)
    }

    @Test func theQuotaRaisesNoSpaceAndTheDocumentedRecoveryRestoresWritesAsOnTheRealEtcd() async throws {
        let quotaFlag = ["--quota-backend-bytes", String(Self.quota)]
        let (serving, flags) = try await Self.kubesim(quotaFlag)
        let id: UInt64
        do {
            id = try await Self.exhaust(flags)
        } catch {
            await serving.stop()
            throw error
        }
        let served = [
            try await Etcdctl.run(flags, ["alarm", "list"]).stdout,
            try await Etcdctl.run(flags, ["alarm", "list", "-w", "json"]).stdout,
        ]
        #expect(served[1] == "{\"alarms\":[{\"memberID\":\(id),\"alarm\":1}]}\n", "etcd answers alarms without a header")
        // The alarm is in the store: the embedded etcdctl and a restarted server still have it.
        _ = await serving.process.stop(SIGTERM)
        let embedded = [
            try await runProcess(kubesimExecutable, ["etcdctl", "--data-dir", serving.dataDirectory, "alarm", "list"]),
            try await runProcess(
                kubesimExecutable, ["etcdctl", "--data-dir", serving.dataDirectory, "alarm", "list", "-w", "json"]),
        ]
        #expect(embedded.map(\.stdout) == served)
        let embeddedPut = try await runProcess(
            kubesimExecutable, ["etcdctl", "--data-dir", serving.dataDirectory, "put", "/small", "v"])
        #expect(embeddedPut.status == 1 && embeddedPut.stderr == Self.noSpace + "\n", "\(embeddedPut.stderr)")
        let restarted = try await ServeCommandTests.Serving.start(
            ["--etcd-plaintext", "--no-controllers"] + quotaFlag, dataDirectory: serving.dataDirectory)
        let restartedFlags = ["--endpoints=\(restarted.endpoint)"]
        try await Self.expectAlarmRaised(restartedFlags, id: id)
        try await Self.recover(restartedFlags, id: id)
        _ = await restarted.process.stop(SIGTERM)
        let defrag = try await runProcess(kubesimExecutable, ["etcdctl", "--data-dir", serving.dataDirectory, "defrag"])
        #expect(defrag.stdout == "Finished defragmenting etcd member[\(serving.dataDirectory)/etcd/store.db]\n")
        await restarted.stop()

        let etcd = try await RealEtcd(extraArguments: quotaFlag)
        do {
            let etcdID = try await Self.exhaust(etcd.etcdctlFlags)
            try await Self.recover(etcd.etcdctlFlags, id: etcdID)
        } catch {
            await etcd.stop()
            throw error
        }
        await etcd.stop()
    }

    /// etcd keeps alarms in its `alarm` bucket and a restore keeps them: a snapshot of a member with NOSPACE
    /// raised restores with the alarm, from KubeSim into the real etcd and from the real etcd into KubeSim.
    @Test func aRaisedAlarmTravelsInSnapshotsBothWays() async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-alarmsnap-\(UUID())").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let quotaFlag = ["--quota-backend-bytes", String(Self.quota)]

        let (serving, flags) = try await Self.kubesim(quotaFlag)
        let ours = try await Self.exhaust(flags)
        #expect(try await Etcdctl.run(flags, ["snapshot", "save", scratch + "/kubesim.db"]).status == 0)
        await serving.stop()
        let etcd = try await RealEtcd(restoring: scratch + "/kubesim.db")
        let restored = try await Etcdctl.run(etcd.etcdctlFlags, ["alarm", "list"])
        let refused = try await Etcdctl.run(etcd.etcdctlFlags, ["put", "/small", "v"])
        await etcd.stop()
        #expect(restored.stdout == "memberID:\(ours) alarm:NOSPACE \n")
        #expect(refused.stderr.hasSuffix(Self.noSpace + "\n"))

        let real = try await RealEtcd(extraArguments: quotaFlag)
        let theirs = try await Self.exhaust(real.etcdctlFlags)
        #expect(try await Etcdctl.run(real.etcdctlFlags, ["snapshot", "save", scratch + "/etcd.db"]).status == 0)
        await real.stop()
        let target = scratch + "/restored"
        let restore = try await runProcess(
            kubesimExecutable, ["etcdctl", "snapshot", "restore", scratch + "/etcd.db", "--data-dir", target])
        #expect(restore.status == 0, "\(restore.stderr)")
        let list = try await runProcess(kubesimExecutable, ["etcdctl", "--data-dir", target, "alarm", "list"])
        #expect(list.stdout == "memberID:\(theirs) alarm:NOSPACE \n")
    }

    // MARK: - Member list

    /// `member list -w json`, the member's fields.
    struct Members: Decodable {
        struct Member: Decodable {
            var name: String?
            var peerURLs: [String]?
            var clientURLs: [String]?
        }
        var members: [Member]
    }

    static func members(_ flags: [String]) async throws -> Members.Member {
        let result = try await Etcdctl.run(flags, ["member", "list", "-w", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONDecoder().decode(Members.self, from: Data(result.stdout.utf8)).members.first)
    }

    @Test func memberListNamesTheSeededEtcdPodsMemberElseEtcdsDefaults() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-member-\(UUID())").path
        // A first command seeds the kubeadm-like cluster, whose etcd-controlplane pod runs --name=controlplane.
        let embedded = try await runProcess(
            kubesimExecutable, ["etcdctl", "--data-dir", directory, "member", "list", "-w", "json"])
        #expect(embedded.status == 0, "\(embedded.stderr)")
        let (serving, flags) = try await Self.kubesim()
        let bare = try await Self.members(flags)
        #expect(bare.name == "default")
        #expect(bare.peerURLs == ["http://localhost:2380"])
        #expect(bare.clientURLs == [serving.endpoint])
        await serving.stop()

        let seededServing = try await ServeCommandTests.Serving.start(
            ["--etcd-plaintext", "--no-controllers"], dataDirectory: directory)
        let seeded = try await Self.members(["--endpoints=\(seededServing.endpoint)"])
        await seededServing.stop()
        #expect(seeded.name == "controlplane")
        let peer = try #require(seeded.peerURLs?.first)
        #expect(peer.wholeMatch(of: /https:\/\/\d+\.\d+\.\d+\.\d+:2380/) != nil, "\(peer)")
        #expect(seeded.clientURLs == [seededServing.endpoint])
        #expect(embedded.stdout.contains("\"name\":\"controlplane\",\"peerURLs\":[\"\(peer)\"]"), "\(embedded.stdout)")
    }
}
