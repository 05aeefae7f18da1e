import Foundation

/// Defragmentation and alarms of the embedded store.
extension SQLiteStore: StoreMaintenance {
    /// Finishes the pending compaction sweep (so the history it frees is free), then VACUUMs the file on the
    /// commit thread between batches: SQLite rewrites the database without its free pages, durably, in one
    /// transaction; writes queued meanwhile wait and then go on. A truncating checkpoint then gives the WAL's
    /// space back too.
    public func defragment() async throws {
        try await waitForCompactionSweep()
        try await commits.exclusive { connection in
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
