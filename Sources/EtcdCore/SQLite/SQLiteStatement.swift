import CSQLite
import Foundation

/// A prepared statement: bind parameters, step through rows, read columns.
final class SQLiteStatement {
    private let raw: OpaquePointer
    private unowned let connection: SQLiteConnection

    init(_ raw: OpaquePointer, connection: SQLiteConnection) {
        self.raw = raw
        self.connection = connection
    }

    deinit { sqlite3_finalize(raw) }

    func reset() {
        sqlite3_reset(raw)
        sqlite3_clear_bindings(raw)
    }

    /// Binds values to parameters 1, 2, ... in order.
    @discardableResult
    func bind(_ values: any SQLiteBindable...) -> SQLiteStatement {
        for (index, value) in values.enumerated() { value.bind(to: raw, at: Int32(index + 1)) }
        return self
    }

    /// Binds one value to parameter `index` (1-based).
    @discardableResult
    func bind(_ value: any SQLiteBindable, at index: Int32) -> SQLiteStatement {
        value.bind(to: raw, at: index)
        return self
    }

    /// Advances to the next row; false when done.
    func step() throws -> Bool {
        let rc = sqlite3_step(raw)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw connection.error(rc)
        }
    }

    /// Runs a statement that returns no rows.
    func run() throws {
        while try step() {}
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(raw, column) }

    func double(_ column: Int32) -> Double { sqlite3_column_double(raw, column) }

    func text(_ column: Int32) -> String? {
        sqlite3_column_text(raw, column).map { String(cString: $0) }
    }

    func data(_ column: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(raw, column))
        guard count > 0, let bytes = sqlite3_column_blob(raw, column) else { return Data() }
        return Data(bytes: bytes, count: count)
    }
}

/// A value that can be bound to a statement parameter.
protocol SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32)
}

extension Int64: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) { sqlite3_bind_int64(statement, index, self) }
}

extension Int: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) { sqlite3_bind_int64(statement, index, Int64(self)) }
}

extension Data: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) {
        // An empty blob must still be a blob, not NULL: bind a zero-length blob explicitly.
        guard !isEmpty else {
            sqlite3_bind_zeroblob(statement, index, 0)
            return
        }
        withUnsafeBytes { bytes in
            _ = sqlite3_bind_blob(statement, index, bytes.baseAddress, Int32(bytes.count), sqliteTransient)
        }
    }
}

extension Double: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) { sqlite3_bind_double(statement, index, self) }
}

extension String: SQLiteBindable {
    func bind(to statement: OpaquePointer, at index: Int32) {
        sqlite3_bind_text(statement, index, self, -1, sqliteTransient)
    }
}
