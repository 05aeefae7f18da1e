import Foundation

/// The embedded store's status, defragmentation and alarms.
extension SQLiteStore: StoreMaintenance {
    /// Sizes as etcd reports bbolt's: `dbSize` counts every page of the file, free ones included (what the
    /// space quota charges), `dbSizeInUse` leaves the free pages out.
    public func status() async throws -> StoreStatus {
        try readers.read { reader in
            let pageSize = try reader.connection.scalar("PRAGMA page_size")
            let pages = try reader.connection.scalar("PRAGMA page_count")
            let free = try reader.connection.scalar("PRAGMA freelist_count")
            return StoreStatus(
                header: header(try reader.meta(StoreSchema.Meta.revision)), version: EtcdVersion.api,
                dbSize: try reader.backendSize(), dbSizeInUse: max(pages - free, 1) * pageSize,
                compactRevision: try reader.meta(StoreSchema.Meta.compactRevision))
        }
    }

    /// Finishes the pending compaction sweep (so the history it frees is free), then VACUUMs the file on the
    /// commit thread between batches: SQLite rewrites the database without its free pages, durably, in one
    /// transaction; writes queued meanwhile wait and then go on. A truncating checkpoint then gives the WAL's
    /// space back too.
    public func defragment() async throws {
        try await waitForCompactionSweep()
        try await commits.exclusive { connection in
            connection.resetStatements()
            try connection.execute("VACUUM")
            // Readers in the middle of a read can keep the WAL from being truncated now; a later checkpoint will.
            _ = try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        }
    }

    public func alarms() async throws -> [AlarmMember] {
        try readers.read { try $0.alarms() }
    }

    public func activate(_ alarm: AlarmMember) async throws -> AlarmMember {
        try await commits.submit { try $0.raise(alarm) }
    }

    public func deactivate(_ alarm: AlarmMember) async throws -> AlarmMember? {
        try await commits.submit { try $0.clear(alarm) }
    }
}
