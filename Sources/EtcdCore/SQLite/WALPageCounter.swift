import CSQLite

/// Counts the pages in the writer's WAL (through SQLite's WAL hook) and checkpoints when it grows, so the
/// WAL cannot grow without bound (kine's users saw 240 GB WAL files when checkpoints never completed).
///
/// Installing the hook replaces SQLite's automatic checkpoints; `checkpointIfNeeded` takes their place.
final class WALPageCounter: @unchecked Sendable {
    /// Pages in the WAL after the last commit; written by SQLite's hook on the commit thread only.
    fileprivate var pages: Int32 = 0

    init(_ connection: SQLiteConnection) {
        sqlite3_wal_hook(
            connection.handle,
            { context, _, _, pages in
                Unmanaged<WALPageCounter>.fromOpaque(context!).takeUnretainedValue().pages = pages
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// After a commit: a passive checkpoint (never waits for readers) past `passive` pages; past `truncate`
    /// pages a truncating one, which waits for readers and shrinks the WAL file to nothing.
    func checkpointIfNeeded(_ connection: SQLiteConnection, passive: Int32, truncate: Int32) {
        guard pages >= passive else { return }
        let mode = pages >= truncate ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE
        var logFrames: Int32 = 0
        var checkpointed: Int32 = 0
        if sqlite3_wal_checkpoint_v2(connection.handle, nil, mode, &logFrames, &checkpointed) == SQLITE_OK,
            logFrames == checkpointed
        {
            pages = 0
        }
    }
}
