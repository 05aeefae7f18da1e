import CSQLite
import Foundation
import Synchronization

/// Keeps the WAL bounded (kine's users saw 240 GB WAL files when checkpoints never completed) while stalling
/// commits as little as possible. The commit thread reports the WAL's size through SQLite's WAL hook:
/// - past `passivePages`, a passive checkpoint runs on this object's own connection and thread while commits go
///   on; it copies what readers allow and never waits, and the WAL restarts from its beginning at the next
///   commit after a checkpoint that caught up;
/// - past `truncatePages` (commits kept outrunning the passive checkpoints), the commit thread itself runs a
///   truncating checkpoint, which waits for readers and empties the WAL file: the bound.
///
/// Installing the hook replaces SQLite's automatic checkpoints.
final class WALCheckpointer: @unchecked Sendable {
    private let connection: SQLiteConnection
    private let passivePages: Int32
    private let truncatePages: Int32
    private let queue = DispatchQueue(label: "kubesim-checkpoint")
    /// Whether a checkpoint is queued or running.
    private let busy = Mutex(false)

    /// - Parameters:
    ///   - writer: the commit thread's connection, whose WAL hook reports the size.
    init(writer: SQLiteConnection, passivePages: Int32, truncatePages: Int32) throws {
        connection = try SQLiteConnection(path: writer.path, create: false)
        self.passivePages = passivePages
        self.truncatePages = truncatePages
        sqlite3_wal_hook(
            writer.handle,
            { context, database, _, pages in
                Unmanaged<WALCheckpointer>.fromOpaque(context!).takeUnretainedValue().walGrew(to: pages, writer: database)
                return SQLITE_OK
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Called on the commit thread after each commit with the pages now in the WAL.
    private func walGrew(to pages: Int32, writer: OpaquePointer?) {
        if pages >= truncatePages {
            _ = sqlite3_wal_checkpoint_v2(writer, nil, SQLITE_CHECKPOINT_TRUNCATE, nil, nil)
            return
        }
        guard pages >= passivePages else { return }
        let start = busy.withLock { busy in
            defer { busy = true }
            return !busy
        }
        guard start else { return }
        queue.async { [self] in
            _ = sqlite3_wal_checkpoint_v2(connection.handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            busy.withLock { $0 = false }
        }
    }

    /// Waits for a running checkpoint and closes the connection.
    func close() {
        queue.sync { connection.close() }
    }
}
