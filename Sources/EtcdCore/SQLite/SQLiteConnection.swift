import CSQLite
import CWALWriteBuffer
import Foundation

/// The destructor sentinel that tells SQLite to copy bound bytes.
let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection with a cache of prepared statements.
///
/// A connection is used by one thread at a time (the commit thread, or whoever borrowed it from the reader
/// pool); it may move between threads, hence `@unchecked Sendable`, but is never used by two at once.
final class SQLiteConnection: @unchecked Sendable {
    /// How much of the file connections map into memory: reads then take pages from the OS cache without a
    /// `pread` copy each.
    static let mmapSize = 256 << 20

    let path: String
    private(set) var handle: OpaquePointer?
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens the database at `path`.
    /// - Parameters:
    ///   - readOnly: open without write access (readers).
    ///   - create: create the file when missing.
    ///   - bufferedWAL: write each commit's WAL frames with one call at its sync (the writer's connection; see
    ///     `CWALWriteBuffer`), rather than two calls per page.
    init(path: String, readOnly: Bool = false, create: Bool = true, bufferedWAL: Bool = false) throws {
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX
        flags |= readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        var vfs: String?
        if bufferedWAL {
            let registered = kubesim_wal_write_buffer_register()
            guard registered == SQLITE_OK else {
                throw StorageError(
                    path: path, message: "cannot register the WAL write buffer: \(String(cString: sqlite3_errstr(registered)))")
            }
            vfs = KUBESIM_WAL_WRITE_BUFFER_VFS
        }
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, vfs)
        handle = db
        guard rc == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_close_v2(db)
            handle = nil
            throw StorageError(path: path, message: "cannot open: \(message)")
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 10_000)
    }

    deinit { close() }

    /// Closes the connection; later use fails. Closing twice is harmless.
    func close() {
        statements.removeAll()
        sqlite3_close_v2(handle)
        handle = nil
    }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw error(rc, message)
        }
    }

    /// The cached prepared statement for `sql`, reset and with its bindings cleared.
    func statement(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var raw: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &raw, nil)
        guard rc == SQLITE_OK, let raw else { throw error(rc) }
        let statement = SQLiteStatement(raw, connection: self)
        statements[sql] = statement
        return statement
    }

    /// Resets every cached statement, so none holds a read open (VACUUM refuses to run beside one).
    func resetStatements() {
        for statement in statements.values { statement.reset() }
    }

    /// The integer the single-row, single-column query `sql` returns.
    func scalar(_ sql: String) throws -> Int64 {
        let statement = try statement(sql)
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    /// The text the single-row, single-column query `sql` returns.
    func text(_ sql: String) throws -> String? {
        let statement = try statement(sql)
        defer { statement.reset() }
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// An error for result code `rc`, with SQLite's message.
    func error(_ rc: Int32, _ message: String? = nil) -> StorageError {
        let text = message ?? handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
        return StorageError(path: path, message: text)
    }
}
