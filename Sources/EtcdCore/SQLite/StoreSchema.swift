import Foundation

/// The embedded store's tables, and the checks that a data file is one of ours.
///
/// - `kv`: the head state, one row per live key (head reads never touch history). A rowid table with a unique
///   key index: values of a kilobyte would overflow a WITHOUT ROWID leaf, and counts walk the small index.
/// - `history`: every change, one row per key and revision, in event order by rowid; deletes are tombstones.
///   Reads at old revisions and watch replays come from here; compaction trims it.
/// - `leases`: granted leases, their TTLs and when they expire (wall-clock seconds), so a lease keeps counting
///   down between the processes that open the store.
/// - `meta`: the revision, compaction state and the store's cluster and member ids.
enum StoreSchema {
    /// `PRAGMA application_id` of a KubeSim store: "KSIM".
    static let applicationID: Int64 = 0x4B53_494D
    /// `PRAGMA user_version`: the layout version.
    static let version: Int64 = 1

    static let createSQL = """
        CREATE TABLE meta(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE kv(
            id INTEGER PRIMARY KEY, key BLOB NOT NULL UNIQUE, create_revision INTEGER NOT NULL,
            mod_revision INTEGER NOT NULL, version INTEGER NOT NULL, lease INTEGER NOT NULL, value BLOB NOT NULL);
        CREATE INDEX kv_lease ON kv(lease) WHERE lease != 0;
        CREATE TABLE history(
            id INTEGER PRIMARY KEY, key BLOB NOT NULL, mod_revision INTEGER NOT NULL,
            create_revision INTEGER NOT NULL, version INTEGER NOT NULL, lease INTEGER NOT NULL,
            value BLOB NOT NULL, deleted INTEGER NOT NULL);
        CREATE UNIQUE INDEX history_key_revision ON history(key, mod_revision);
        CREATE INDEX history_revision ON history(mod_revision);
        CREATE TABLE leases(id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL, expires_at REAL NOT NULL);
        """

    /// Names of the `meta` rows.
    enum Meta {
        static let revision = "revision"
        static let compactRevision = "compact_revision"
        static let physicalCompactRevision = "physical_compact_revision"
        static let clusterID = "cluster_id"
        static let memberID = "member_id"
    }

    /// Creates the tables in an empty database, or checks that an existing one is a KubeSim store.
    static func prepare(_ connection: SQLiteConnection) throws {
        let applicationID = try connection.scalar("PRAGMA application_id")
        let objectCount = try connection.scalar("SELECT count(*) FROM sqlite_schema")
        if applicationID == 0 && objectCount == 0 {
            try create(connection)
            return
        }
        guard applicationID == Self.applicationID else {
            throw StorageError(
                path: connection.path,
                message: "not a KubeSim store (a SQLite database of another application); refusing to touch it")
        }
        let version = try connection.scalar("PRAGMA user_version")
        guard version == Self.version else {
            throw StorageError(
                path: connection.path,
                message: "store layout version \(version) is not supported (this kubesim reads version \(Self.version))")
        }
    }

    private static func create(_ connection: SQLiteConnection) throws {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            try connection.execute(createSQL)
            let insert = try connection.statement("INSERT INTO meta(name, value) VALUES (?, ?)")
            // An empty etcd is at revision 1.
            for (name, value) in [
                (Meta.revision, Int64(1)), (Meta.compactRevision, 0), (Meta.physicalCompactRevision, 0),
                (Meta.clusterID, randomID()), (Meta.memberID, randomID()),
            ] {
                try insert.bind(name, value).run()
                insert.reset()
            }
            try connection.execute("PRAGMA application_id = \(applicationID); PRAGMA user_version = \(version); COMMIT")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// A random positive 63-bit id, as etcd's ids are.
    static func randomID() -> Int64 { Int64.random(in: 1...Int64.max) }
}
