import Foundation

/// The writer connection's side of a group commit: one SQLite transaction holding many etcd
/// transactions, each at its own revision.
///
/// Only the commit thread uses it. `begin()` opens the SQLite transaction (`BEGIN IMMEDIATE`) and re-reads the
/// revision under the write lock, so several processes on one data file never reuse a revision. Each job runs
/// inside a savepoint, so one that throws leaves no trace and consumes no revision. `commit()` makes the
/// batch durable and hands back its events for the watchers.
final class WriteSession {
    let connection: SQLiteConnection
    var reader: KeyValueReader { KeyValueReader(connection: connection) }

    /// The revision of the last write, including this batch's writes so far.
    private(set) var revision: Revision = 1
    /// The revision the batch started from.
    private(set) var batchStartRevision: Revision = 1
    private(set) var compactRevision: Revision = 0
    /// The events of this batch's jobs, in order.
    private(set) var events: [WatchEvent] = []
    /// The revision the running job writes at, set once it makes its first change.
    private var jobRevision: Revision?
    /// Whether the NOSPACE alarm is raised, read once a batch (see `WriteSession+Alarms`).
    var noSpaceRaisedCache: Bool?
    /// The backend's size in bytes, read once a batch for the space quota.
    var backendSizeCache: Int64?

    private let failpoints: Failpoints?

    init(connection: SQLiteConnection, failpoints: Failpoints? = nil) {
        self.connection = connection
        self.failpoints = failpoints
    }

    // MARK: - Batch and job boundaries

    func begin() throws {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            revision = try reader.meta(StoreSchema.Meta.revision)
            batchStartRevision = revision
            compactRevision = try reader.meta(StoreSchema.Meta.compactRevision)
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
        events.removeAll(keepingCapacity: true)
        noSpaceRaisedCache = nil
        backendSizeCache = nil
    }

    /// Runs one job in a savepoint; on a throw its changes, events and revision are undone and the error rethrown.
    func job<T>(_ body: (WriteSession) throws -> T) throws -> T {
        let savedRevision = revision
        let savedEvents = events.count
        jobRevision = nil
        try connection.execute("SAVEPOINT job")
        do {
            let value = try body(self)
            try connection.execute("RELEASE job")
            if let jobRevision { revision = jobRevision }
            return value
        } catch {
            try connection.execute("ROLLBACK TO job; RELEASE job")
            revision = savedRevision
            events.removeSubrange(savedEvents...)
            throw error
        }
    }

    /// Records the batch's revision and commits durably; returns the batch's events.
    func commit() throws -> [WatchEvent] {
        try setMeta(StoreSchema.Meta.revision, revision)
        if failpoints?.fires(.beforeCommit) == true {
            throw StorageError(path: connection.path, message: "failpoint beforeCommit")
        }
        try connection.execute("COMMIT")
        _ = failpoints?.fires(.afterCommit)
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    func rollback() {
        try? connection.execute("ROLLBACK")
        events.removeAll(keepingCapacity: true)
    }

    /// The revision the running job's reads see: its own revision once it has written, else the last one.
    var visibleRevision: Revision { jobRevision ?? revision }

    /// The revision the running job writes at.
    private func writeRevision() -> Revision {
        if let jobRevision { return jobRevision }
        let next = revision + 1
        jobRevision = next
        return next
    }

    // MARK: - Transactions

    /// Applies an etcd transaction: compares, then one branch, all at one revision.
    func apply(_ request: TxnRequest) throws -> TxnResponse {
        let succeeded = try request.compare.allSatisfy(evaluate)
        var responses: [ResponseOp] = []
        for op in succeeded ? request.success : request.failure {
            responses.append(try apply(op))
        }
        return TxnResponse(header: subHeader(), succeeded: succeeded, responses: responses)
    }

    private func apply(_ op: RequestOp) throws -> ResponseOp {
        switch op {
        case .range(let request):
            let result = try reader.range(request, current: visibleRevision, compacted: compactRevision)
            return .range(RangeResponse(header: subHeader(), kvs: result.kvs, more: result.more, count: result.count))
        case .put(let request):
            return .put(try put(request))
        case .deleteRange(let request):
            let deleted = try delete(KeyRange(key: request.key, rangeEnd: request.rangeEnd))
            return .deleteRange(
                DeleteRangeResponse(
                    header: subHeader(), deleted: Int64(deleted.count), prevKvs: request.prevKv ? deleted : []))
        case .txn(let nested):
            return .txn(try apply(nested))
        }
    }

    /// A nested response's header: only the revision, as etcd sets it.
    private func subHeader() -> ResponseHeader {
        ResponseHeader(clusterID: 0, memberID: 0, revision: visibleRevision, raftTerm: 0)
    }

    private func evaluate(_ compare: Compare) throws -> Bool {
        let range = KeyRange(key: compare.key, rangeEnd: compare.rangeEnd)
        let kvs = try reader.keyValues(in: range, at: nil, limit: 0, keysOnly: false)
        if kvs.isEmpty {
            if case .value = compare.target { return false }
            return compare.holds(for: KeyValue(key: compare.key, createRevision: 0, modRevision: 0, version: 0))
        }
        return kvs.allSatisfy(compare.holds)
    }

    // MARK: - Writes

    private func put(_ request: PutRequest) throws -> PutResponse {
        if request.ignoreValue && !request.value.isEmpty { throw EtcdError.valueProvided }
        if request.ignoreLease && request.lease != 0 { throw EtcdError.leaseProvided }
        let previous = try reader.keyValues(in: .single(request.key), at: nil, limit: 1, keysOnly: false).first
        if (request.ignoreValue || request.ignoreLease) && previous == nil { throw EtcdError.keyNotFound }
        let lease = request.ignoreLease ? previous?.lease ?? 0 : request.lease
        if lease != 0, try !reader.leaseExists(lease) { throw EtcdError.leaseNotFound }
        let revision = writeRevision()
        let kv = KeyValue(
            key: request.key, createRevision: previous?.createRevision ?? revision, modRevision: revision,
            version: (previous?.version ?? 0) + 1, value: request.ignoreValue ? previous?.value ?? Data() : request.value,
            lease: lease)
        try connection.statement("""
            INSERT INTO kv(key, create_revision, mod_revision, version, lease, value) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(key) DO UPDATE SET create_revision = excluded.create_revision,
              mod_revision = excluded.mod_revision, version = excluded.version, lease = excluded.lease,
              value = excluded.value
            """).bind(kv.key, kv.createRevision, kv.modRevision, kv.version, kv.lease, kv.value).run()
        try appendHistory(kv, deleted: false)
        events.append(WatchEvent(type: .put, kv: kv, prevKv: previous))
        return PutResponse(header: subHeader(), prevKv: request.prevKv ? previous : nil)
    }

    /// Deletes the live keys in `range`, leaving tombstones; returns them as they were.
    func delete(_ range: KeyRange) throws -> [KeyValue] {
        let doomed = try reader.keyValues(in: range, at: nil, limit: 0, keysOnly: false)
        guard !doomed.isEmpty else { return [] }
        let revision = writeRevision()
        let remove = try connection.statement("DELETE FROM kv WHERE key = ?")
        for kv in doomed {
            remove.reset()
            try remove.bind(kv.key).run()
            let tombstone = KeyValue(key: kv.key, createRevision: 0, modRevision: revision, version: 0)
            try appendHistory(tombstone, deleted: true)
            events.append(WatchEvent(type: .delete, kv: tombstone, prevKv: kv))
        }
        remove.reset()
        return doomed
    }

    private func appendHistory(_ kv: KeyValue, deleted: Bool) throws {
        try connection.statement("""
            INSERT INTO history(key, mod_revision, create_revision, version, lease, value, deleted)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """).bind(kv.key, kv.modRevision, kv.createRevision, kv.version, kv.lease, kv.value, deleted ? 1 : 0).run()
    }

    // MARK: - Leases

    func insertLease(id: Int64, ttl: Int64, expiresAt: Date) throws {
        if try reader.leaseExists(id) { throw EtcdError.leaseExists }
        try connection.statement("INSERT INTO leases(id, ttl, expires_at) VALUES (?, ?, ?)")
            .bind(id, ttl, expiresAt.timeIntervalSince1970).run()
    }

    /// Moves a lease's expiry; writes no revision.
    func renewLease(id: Int64, expiresAt: Date) throws {
        guard try reader.leaseExists(id) else { throw EtcdError.leaseNotFound }
        try connection.statement("UPDATE leases SET expires_at = ? WHERE id = ?").bind(expiresAt.timeIntervalSince1970, id).run()
    }

    /// Deletes a lease and, at one revision, the keys attached to it.
    func revokeLease(id: Int64) throws {
        guard try reader.leaseExists(id) else { throw EtcdError.leaseNotFound }
        for key in try reader.keys(attachedTo: id) { _ = try delete(.single(key)) }
        try connection.statement("DELETE FROM leases WHERE id = ?").bind(id).run()
    }

    // MARK: - Compaction

    /// Records a compaction at `target`: reads below it fail from now on; history goes in `compactStep`s.
    func scheduleCompaction(_ target: Revision) throws {
        if target <= compactRevision { throw EtcdError.alreadyCompacted }
        if target > revision { throw EtcdError.futureRevision }
        try setMeta(StoreSchema.Meta.compactRevision, target)
        compactRevision = target
    }

    /// Removes the history compaction made unreachable, at most `batch` revisions of it; returns whether
    /// history up to the compaction revision is now clean.
    ///
    /// A row goes when it is a tombstone at or below the compaction revision, or when a newer row of its key
    /// is at or below it: what remains is each key's last state as of the compaction revision.
    func compactStep(batch: Int64) throws -> Bool {
        let target = compactRevision
        let done = try reader.meta(StoreSchema.Meta.physicalCompactRevision)
        guard done < target else { return true }
        let upper = min(done + batch, target)
        try connection.statement("""
            DELETE FROM history WHERE mod_revision > ?1 AND mod_revision <= ?2 AND (deleted = 1 OR EXISTS (
              SELECT 1 FROM history n WHERE n.key = history.key AND n.mod_revision > history.mod_revision
                AND n.mod_revision <= ?3))
            """).bind(done, upper, target).run()
        try setMeta(StoreSchema.Meta.physicalCompactRevision, upper)
        return upper == target
    }

    /// Starts the next compaction's sweep over all history again: rows kept by an earlier compaction may now
    /// be superseded.
    func restartCompactionSweep() throws {
        let oldest = try connection.scalar("SELECT coalesce(min(mod_revision), 1) FROM history")
        try setMeta(StoreSchema.Meta.physicalCompactRevision, oldest - 1)
    }

    private func setMeta(_ name: String, _ value: Int64) throws {
        try connection.statement("UPDATE meta SET value = ? WHERE name = ?").bind(value, name).run()
    }
}

extension Compare {
    /// Whether `kv` satisfies the comparison (etcd's `compareKV`).
    func holds(for kv: KeyValue) -> Bool {
        let order: Int
        switch target {
        case .version(let operand): order = kv.version < operand ? -1 : kv.version > operand ? 1 : 0
        case .createRevision(let operand):
            order = kv.createRevision < operand ? -1 : kv.createRevision > operand ? 1 : 0
        case .modRevision(let operand): order = kv.modRevision < operand ? -1 : kv.modRevision > operand ? 1 : 0
        case .lease(let operand): order = kv.lease < operand ? -1 : kv.lease > operand ? 1 : 0
        case .value(let operand):
            order =
                kv.value.lexicographicallyPrecedes(operand) ? -1 : operand.lexicographicallyPrecedes(kv.value) ? 1 : 0
        }
        switch result {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .greater: return order > 0
        case .less: return order < 0
        }
    }
}
