import Foundation

/// Reads keys, counts and history on one connection, inside a transaction the caller holds.
///
/// Used by readers (head and old revisions) and by the writer (compares and ranges inside a transaction,
/// which see the transaction's own earlier writes).
struct KeyValueReader {
    let connection: SQLiteConnection

    // MARK: - Meta

    func meta(_ name: String) throws -> Int64 {
        let statement = try connection.statement("SELECT value FROM meta WHERE name = ?")
        defer { statement.reset() }
        statement.bind(name)
        return try statement.step() ? statement.int64(0) : 0
    }

    // MARK: - Keys

    /// The live key-values in `range`, in key order, as of `revision` (nil: the head).
    func keyValues(in range: KeyRange, at revision: Revision?, limit: Int64, keysOnly: Bool) throws -> [KeyValue] {
        let value = keysOnly ? "x''" : "h.value"
        let sql: String
        if revision != nil {
            sql = """
                SELECT h.key, h.create_revision, h.mod_revision, h.version, h.lease, \(value) FROM history h
                WHERE \(condition(range, column: "h.key")) AND h.mod_revision <= ?3 AND h.deleted = 0
                  AND NOT EXISTS (SELECT 1 FROM history n
                                  WHERE n.key = h.key AND n.mod_revision > h.mod_revision AND n.mod_revision <= ?3)
                ORDER BY h.key LIMIT ?4
                """
        } else {
            sql = """
                SELECT h.key, h.create_revision, h.mod_revision, h.version, h.lease, \(value) FROM kv h
                WHERE \(condition(range, column: "h.key")) ORDER BY h.key LIMIT ?4
                """
        }
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        bind(range, revision: revision ?? 0, to: statement)
        statement.bind(limit > 0 ? limit : -1, at: 4)
        var result: [KeyValue] = []
        while try statement.step() {
            result.append(
                KeyValue(
                    key: statement.data(0), createRevision: statement.int64(1), modRevision: statement.int64(2),
                    version: statement.int64(3), value: statement.data(5), lease: statement.int64(4)))
        }
        return result
    }

    /// How many live keys `range` holds as of `revision` (nil: the head).
    func count(in range: KeyRange, at revision: Revision?) throws -> Int64 {
        let sql: String
        if revision != nil {
            sql = """
                SELECT count(*) FROM history h
                WHERE \(condition(range, column: "h.key")) AND h.mod_revision <= ?3 AND h.deleted = 0
                  AND NOT EXISTS (SELECT 1 FROM history n
                                  WHERE n.key = h.key AND n.mod_revision > h.mod_revision AND n.mod_revision <= ?3)
                """
        } else {
            sql = "SELECT count(*) FROM kv h WHERE \(condition(range, column: "h.key"))"
        }
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        bind(range, revision: revision ?? 0, to: statement)
        return try statement.step() ? statement.int64(0) : 0
    }

    /// The keys attached to `lease`, in key order.
    func keys(attachedTo lease: Int64) throws -> [Data] {
        let statement = try connection.statement("SELECT key FROM kv WHERE lease = ? ORDER BY key")
        defer { statement.reset() }
        statement.bind(lease)
        var keys: [Data] = []
        while try statement.step() { keys.append(statement.data(0)) }
        return keys
    }

    func leaseExists(_ id: Int64) throws -> Bool {
        let statement = try connection.statement("SELECT 1 FROM leases WHERE id = ?")
        defer { statement.reset() }
        statement.bind(id)
        return try statement.step()
    }

    // MARK: - History

    /// The changes to keys in `range` at revisions `first...last`, in event order.
    func events(in range: KeyRange, revisions: ClosedRange<Revision>) throws -> [WatchEvent] {
        let sql = """
            SELECT h.key, h.create_revision, h.mod_revision, h.version, h.lease, h.value, h.deleted FROM history h
            WHERE \(condition(range, column: "h.key")) AND h.mod_revision >= ?3 AND h.mod_revision <= ?4
            ORDER BY h.id
            """
        let statement = try connection.statement(sql)
        defer { statement.reset() }
        bind(range, revision: revisions.lowerBound, to: statement)
        statement.bind(revisions.upperBound, at: 4)
        var events: [WatchEvent] = []
        while try statement.step() {
            let kv = KeyValue(
                key: statement.data(0), createRevision: statement.int64(1), modRevision: statement.int64(2),
                version: statement.int64(3), value: statement.data(5), lease: statement.int64(4))
            events.append(WatchEvent(type: statement.int64(6) != 0 ? .delete : .put, kv: kv))
        }
        return events
    }

    /// The key as it was just before `revision`, or nil if it did not exist then.
    func previous(_ key: Data, before revision: Revision) throws -> KeyValue? {
        let statement = try connection.statement("""
            SELECT create_revision, mod_revision, version, lease, value, deleted FROM history
            WHERE key = ? AND mod_revision < ? ORDER BY mod_revision DESC LIMIT 1
            """)
        defer { statement.reset() }
        statement.bind(key, revision)
        guard try statement.step(), statement.int64(5) == 0 else { return nil }
        return KeyValue(
            key: key, createRevision: statement.int64(0), modRevision: statement.int64(1), version: statement.int64(2),
            value: statement.data(4), lease: statement.int64(3))
    }

    // MARK: - SQL for key ranges

    /// The WHERE clause for `range` on `column`, with the bounds as parameters ?1 and ?2.
    private func condition(_ range: KeyRange, column: String) -> String {
        switch range {
        case .single: "\(column) = ?1"
        case .from: "\(column) >= ?1"
        case .interval: "\(column) >= ?1 AND \(column) < ?2"
        }
    }

    /// Binds `range`'s bounds to ?1 and ?2 and `revision` to ?3.
    private func bind(_ range: KeyRange, revision: Revision, to statement: SQLiteStatement) {
        switch range {
        case .single(let key), .from(let key):
            statement.bind(key, Data(), revision)
        case .interval(let start, let end):
            statement.bind(start, end, revision)
        }
    }
}
