import CSQLite
import Foundation
import Synchronization

/// The embedded etcd: a `KeyValueStore` on one SQLite file, with etcd v3 semantics.
///
/// Writes go through one commit thread that group-commits them (`CommitQueue`), each etcd transaction at its
/// own revision, every caller answered only after the SQLite commit is durable (`synchronous=FULL`). Reads use
/// a pool of WAL readers: head reads come from the `kv` table, old revisions from `history`. Watchers are fed
/// in memory from the commit thread (`WatchHub`). Leases expire by an injectable clock.
///
/// ```swift
/// let store = try SQLiteStore.open(dataDirectory: "/tmp/kubesim")
/// _ = try await store.put(PutRequest(key: Data("/registry/pods/default/web".utf8), value: Data("{}".utf8)))
/// await store.close()
/// ```
public final class SQLiteStore: KeyValueStore {
    /// Tunables, with etcd-like defaults.
    public struct Configuration: Sendable {
        /// The clock leases expire by.
        public var clock: any LeaseClock = SystemLeaseClock()
        /// How often expired leases are revoked; nil to revoke only on `revokeExpiredLeases()`.
        public var leaseCheckInterval: Duration? = .milliseconds(500)
        /// When set, opening the store starts a member as etcd's leader does (lessor `Promote`): every lease
        /// gets its full TTL again, plus this extension (etcd's election timeout, 1 s by default), counted from
        /// now, so a restart never finds leases expired by the downtime. nil goes on counting from the expiry
        /// stored by the last process, for short commands that act as clients of a member that stays up.
        public var leasePromotion: Duration? = .seconds(1)
        /// Most etcd transactions in one SQLite commit.
        public var maxBatch = 1024
        /// Responses buffered per watcher before a slow one falls back to history.
        public var maxQueuedWatchResponses = 1024
        /// Revisions of history one compaction step sweeps, between other writes.
        public var compactionBatch: Int64 = 1000
        /// WAL pages after which a passive checkpoint runs (beside the commits).
        public var walPassiveCheckpointPages: Int32 = 1000
        /// WAL pages after which a truncating checkpoint runs, which bounds the WAL file.
        public var walTruncateCheckpointPages: Int32 = 16384
        /// While watches are open, how often to look for commits other processes made on the file; nil never.
        public var externalCommitCheckInterval: Duration? = .milliseconds(100)
        /// Read connections kept open between reads (each holds three file descriptors); more are opened under
        /// load and closed after use.
        public var maxIdleReaders = 8
        /// Where `open(dataDirectory:)` reports a directory it found open to others and made private.
        public var warn: @Sendable (String) -> Void = { _ in }
        /// Test-only injected faults; nil reads `KUBESIM_FAILPOINTS` (see `Failpoints`).
        public var failpoints: Failpoints?
        /// etcd's `--quota-backend-bytes`: the file size past which writes raise the NOSPACE alarm and are
        /// refused (`SpaceQuota`); 0 is etcd's default, 2 GiB, and a negative value disables the quota.
        public var quotaBackendBytes: Int64 = 0

        public init() {}
    }

    /// Where the store's file lives under a data directory.
    public static let fileName = "etcd/store.db"

    /// The SQLite file.
    public let path: String
    public let clusterID: UInt64
    public let memberID: UInt64

    private let configuration: Configuration
    let readers: ReaderPool
    let commits: CommitQueue
    let quota: SpaceQuota
    private let checkpointer: WALCheckpointer
    private let hub: WatchHub
    private let deadlines: LeaseDeadlines
    private let background = Mutex<[Task<Void, Never>]>([])
    private let sweeping = Mutex(false)
    private let failpoints: Failpoints?

    /// Opens (creating if missing) the store under `dataDirectory`, at `<dataDirectory>/etcd/store.db`.
    ///
    /// The data directory and `etcd/` are made private (0700) and the database with its WAL and shared-memory
    /// files 0600 (`PrivateFiles`); a directory found open to others is reported to `configuration.warn`.
    public static func open(dataDirectory: String, configuration: Configuration = .init()) throws -> SQLiteStore {
        let file = URL(fileURLWithPath: dataDirectory).appendingPathComponent(fileName)
        let directory = file.deletingLastPathComponent().path
        do {
            for path in [URL(fileURLWithPath: dataDirectory).path, directory] {
                if let warning = try PrivateFiles.directory(path) { configuration.warn(warning) }
            }
            // SQLite gives the WAL and shared-memory files the database's mode.
            try PrivateFiles.file(file.path)
            for suffix in ["-wal", "-shm"] { try PrivateFiles.tighten(file.path + suffix) }
        } catch let error as StorageError {
            throw error
        } catch {
            throw StorageError(path: directory, message: "cannot create the data directory: \(error.localizedDescription)")
        }
        return try SQLiteStore(path: file.path, configuration: configuration)
    }

    /// Opens (creating if missing) the store in the SQLite file at `path`.
    /// - Throws: `StorageError` naming the file when it cannot be opened or written, is corrupt, or belongs to
    ///   another application.
    public init(path: String, configuration: Configuration = .init()) throws {
        self.path = path
        self.configuration = configuration
        quota = SpaceQuota(quotaBackendBytes: configuration.quotaBackendBytes)
        let writer = try SQLiteConnection(path: path, bufferedWAL: true)
        let failpoints = try configuration.failpoints ?? Failpoints.fromEnvironment()
        failpoints?.attach(databasePath: path)
        self.failpoints = failpoints
        // Check the file is ours before anything (even the journal mode) touches it.
        try StoreSchema.prepare(writer)
        try Self.configureWriter(writer)
        let reader = KeyValueReader(connection: writer)
        clusterID = UInt64(try reader.meta(StoreSchema.Meta.clusterID))
        memberID = UInt64(try reader.meta(StoreSchema.Meta.memberID))
        let revision = try reader.meta(StoreSchema.Meta.revision)
        let compactRevision = try reader.meta(StoreSchema.Meta.compactRevision)
        let sweepPending = try reader.meta(StoreSchema.Meta.physicalCompactRevision) < compactRevision

        deadlines = LeaseDeadlines(clock: configuration.clock)
        if let promotion = configuration.leasePromotion {
            let seconds = Double(promotion.components.seconds) + Double(promotion.components.attoseconds) * 1e-18
            try writer.statement("UPDATE leases SET expires_at = ? + ttl")
                .bind(configuration.clock.wallTime.timeIntervalSince1970 + seconds).run()
        }
        let leases = try writer.statement("SELECT id, ttl, expires_at FROM leases")
        while try leases.step() {
            deadlines.track(
                leases.int64(0), ttl: leases.int64(1), expiresAt: Date(timeIntervalSince1970: leases.double(2)))
        }
        leases.reset()

        let readers = ReaderPool(path: path, maxIdle: configuration.maxIdleReaders)
        self.readers = readers
        hub = WatchHub(
            revision: revision, compactRevision: compactRevision, clusterID: clusterID, memberID: memberID,
            maxQueued: configuration.maxQueuedWatchResponses
        ) { range, revisions, prevKv in
            try readers.read { reader in
                var events = try reader.events(in: range, revisions: revisions)
                if prevKv {
                    for index in events.indices {
                        events[index].prevKv = try reader.previous(events[index].kv.key, before: events[index].kv.modRevision)
                    }
                }
                return events
            }
        }
        checkpointer = try WALCheckpointer(
            writer: writer, passivePages: configuration.walPassiveCheckpointPages,
            truncatePages: configuration.walTruncateCheckpointPages)
        let hub = hub
        commits = CommitQueue(
            session: WriteSession(connection: writer, failpoints: failpoints), maxBatch: configuration.maxBatch,
            publish: { events, revision, previous in hub.publish(events, revision: revision, previous: previous) })

        if let interval = configuration.leaseCheckInterval { startLeaseExpiry(every: interval) }
        if let interval = configuration.externalCommitCheckInterval { try followExternalCommits(every: interval) }
        if sweepPending { startCompactionSweep() }
    }

    deinit {
        commits.close()
        checkpointer.close()
        hub.close()
        readers.close()
        failpoints?.detach(databasePath: path)
    }

    /// Stops background work, finishes queued writes and ends every watch.
    public func close() async {
        let tasks = background.withLock { tasks in
            defer { tasks.removeAll() }
            return tasks
        }
        for task in tasks {
            task.cancel()
            await task.value
        }
        commits.close()
        checkpointer.close()
        hub.close()
        readers.close()
        failpoints?.detach(databasePath: path)
    }

    private static func configureWriter(_ writer: SQLiteConnection) throws {
        try writer.execute("PRAGMA journal_mode = WAL")
        guard try writer.text("PRAGMA journal_mode") == "wal" else {
            throw StorageError(path: writer.path, message: "cannot switch the database to WAL mode")
        }
        // synchronous=FULL: a commit returns only after the WAL is fsynced (which the WAL write buffer of the
        // writer's connection relies on). A truncated WAL stays small.
        try writer.execute("PRAGMA synchronous = FULL; PRAGMA journal_size_limit = 67108864")
        // The commit thread rereads the pages it updates: keep them (64 MiB), and map the file rather than copy it.
        try writer.execute("PRAGMA cache_size = -65536; PRAGMA mmap_size = \(SQLiteConnection.mmapSize)")
    }

    func header(_ revision: Revision) -> ResponseHeader {
        ResponseHeader(clusterID: clusterID, memberID: memberID, revision: revision, raftTerm: 1)
    }

    // MARK: - KeyValueStore

    public func range(_ request: RangeRequest) async throws -> RangeResponse {
        try readers.read { reader in
            let current = try reader.meta(StoreSchema.Meta.revision)
            let compacted = try reader.meta(StoreSchema.Meta.compactRevision)
            let result = try reader.range(request, current: current, compacted: compacted)
            return RangeResponse(header: header(current), kvs: result.kvs, more: result.more, count: result.count)
        }
    }

    public func txn(_ request: TxnRequest) async throws -> TxnResponse {
        try TxnValidation.check(request)
        let (cost, quota, memberID) = (SpaceQuota.cost(of: request), quota, memberID)
        let admitted = try await commits.submit { session -> TxnResponse? in
            // A refusal returns rather than throws, so that the alarm it raised commits.
            guard try session.admits(cost: cost, quota: quota, memberID: memberID) else { return nil }
            var response = try session.apply(request)
            response.header.revision = session.visibleRevision
            return response
        }
        guard var response = admitted else { throw EtcdError.noSpace }
        response.header = header(response.header.revision)
        return response
    }

    public func watch(_ request: WatchRequest) async throws -> WatchStream {
        guard !request.key.isEmpty else { throw EtcdError.emptyKey }
        return hub.watch(request)
    }

    /// Compacts logically at once (older reads fail from now on) and sweeps history in bounded steps in the
    /// background; `waitForCompactionSweep()` waits for the sweep.
    public func compact(_ revision: Revision) async throws -> ResponseHeader {
        let current = try await commits.submit { session in
            try session.scheduleCompaction(revision)
            try session.restartCompactionSweep()
            return session.visibleRevision
        }
        hub.compacted(to: revision)
        startCompactionSweep()
        return header(current)
    }

    public func leaseGrant(ttl: Int64, id: Int64) async throws -> LeaseGrantResponse {
        guard ttl <= LeaseLimits.maximumTTL else { throw EtcdError.leaseTTLTooLarge }
        let granted = max(ttl, LeaseLimits.minimumTTL)
        let leaseID = id != 0 ? id : Int64.random(in: 1...Int64.max)
        let expiresAt = deadlines.expiry(ttl: granted)
        let (quota, memberID) = (quota, memberID)
        let admitted = try await commits.submit { session -> Revision? in
            guard try session.admits(cost: SpaceQuota.leaseCost, quota: quota, memberID: memberID) else { return nil }
            try session.insertLease(id: leaseID, ttl: granted, expiresAt: expiresAt)
            return session.visibleRevision
        }
        guard let revision = admitted else { throw EtcdError.noSpace }
        deadlines.track(leaseID, ttl: granted, expiresAt: expiresAt)
        return LeaseGrantResponse(header: header(revision), id: leaseID, ttl: granted)
    }

    public func leaseRevoke(id: Int64) async throws -> ResponseHeader {
        let revision = try await commits.submit { session in
            try session.revokeLease(id: id)
            return session.visibleRevision
        }
        deadlines.forget(id)
        return header(revision)
    }

    /// Renews a lease to its full TTL; the new expiry is durable, so other processes see it.
    public func leaseKeepAlive(id: Int64) async throws -> LeaseKeepAliveResponse {
        // An expired lease is gone for keep-alives even before its revocation, as etcd's lessor has it.
        guard !deadlines.hasExpired(id), let ttl = try deadlines.ttl(id) ?? adoptLease(id), !deadlines.hasExpired(id) else {
            throw EtcdError.leaseNotFound
        }
        let expiresAt = deadlines.expiry(ttl: ttl)
        let revision = try await commits.submit { session in
            try session.renewLease(id: id, expiresAt: expiresAt)
            return session.visibleRevision
        }
        deadlines.track(id, ttl: ttl, expiresAt: expiresAt)
        return LeaseKeepAliveResponse(header: header(revision), id: id, ttl: ttl)
    }

    public func leaseTimeToLive(id: Int64, keys: Bool) async throws -> LeaseTimeToLiveResponse {
        if deadlines.remaining(id) == nil && !deadlines.hasExpired(id) { _ = try adoptLease(id) }
        return try readers.read { reader in
            let header = header(try reader.meta(StoreSchema.Meta.revision))
            guard let remaining = deadlines.remaining(id), try reader.leaseExists(id) else {
                return LeaseTimeToLiveResponse(header: header, id: id, ttl: -1, grantedTTL: 0, keys: [])
            }
            return LeaseTimeToLiveResponse(
                header: header, id: id, ttl: remaining.ttl, grantedTTL: remaining.granted,
                keys: keys ? try reader.keys(attachedTo: id) : [])
        }
    }

    public func leases() async throws -> [Int64] {
        try readers.read { reader in
            let statement = try reader.connection.statement("SELECT id FROM leases ORDER BY id")
            defer { statement.reset() }
            var ids: [Int64] = []
            while try statement.step() { ids.append(statement.int64(0)) }
            return ids
        }
    }

    // MARK: - Leases

    /// Revokes every lease whose TTL has run out, deleting its keys; returns their ids.
    @discardableResult
    public func revokeExpiredLeases() async throws -> [Int64] {
        var revoked: [Int64] = []
        for id in deadlines.expired() {
            do {
                _ = try await leaseRevoke(id: id)
                revoked.append(id)
            } catch EtcdError.leaseNotFound {
                deadlines.forget(id)
            }
        }
        return revoked
    }

    /// Tracks a lease another process granted in this file since this store opened; returns its TTL.
    private func adoptLease(_ id: Int64) throws -> Int64? {
        let lease: (ttl: Int64, expiresAt: Date)? = try readers.read { reader in
            let statement = try reader.connection.statement("SELECT ttl, expires_at FROM leases WHERE id = ?")
            defer { statement.reset() }
            statement.bind(id)
            guard try statement.step() else { return nil }
            return (statement.int64(0), Date(timeIntervalSince1970: statement.double(1)))
        }
        guard let lease else { return nil }
        deadlines.track(id, ttl: lease.ttl, expiresAt: lease.expiresAt)
        return lease.ttl
    }

    private func startLeaseExpiry(every interval: Duration) {
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self, !Task.isCancelled else { return }
                _ = try? await self.revokeExpiredLeases()
            }
        }
        background.withLock { $0.append(task) }
    }

    // MARK: - Other processes' commits

    /// Watches see this process's commits as they happen. Another process (a `kubesim apply` beside a
    /// `kubesim etcdctl watch`) commits to the same file unseen; while watches are open, SQLite's `data_version`
    /// tells cheaply when anyone else committed, and the hub then has its watchers read the new revisions
    /// from history.
    private func followExternalCommits(every interval: Duration) throws {
        let connection = try SQLiteConnection(path: path, create: false)
        let hub = hub
        let task = Task {
            var seen = (try? connection.scalar("PRAGMA data_version")) ?? 0
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard hub.hasWatchers, let version = try? connection.scalar("PRAGMA data_version"), version != seen else {
                    continue
                }
                seen = version
                if let revision = try? KeyValueReader(connection: connection).meta(StoreSchema.Meta.revision) {
                    hub.advance(to: revision)
                }
            }
            connection.close()
        }
        background.withLock { $0.append(task) }
    }

    // MARK: - Compaction sweep

    /// Waits until history below the compaction revision is gone.
    public func waitForCompactionSweep() async throws {
        while try await !commits.submit({ session in try session.compactStep(batch: self.configuration.compactionBatch) }) {
        }
    }

    private func startCompactionSweep() {
        let alreadyRunning = sweeping.withLock { running in
            defer { running = true }
            return running
        }
        guard !alreadyRunning else { return }
        let task = Task { [weak self] in
            defer { self?.sweeping.withLock { $0 = false } }
            while !Task.isCancelled {
                guard let self else { return }
                let batch = self.configuration.compactionBatch
                guard let done = try? await self.commits.submit({ try $0.compactStep(batch: batch) }), !done else {
                    return
                }
            }
        }
        background.withLock { $0.append(task) }
    }
}
