import Foundation
import Synchronization

/// Read connections, borrowed one at a time. In WAL mode readers never block the writer or each other, and
/// each read runs in its own transaction, so it sees one consistent revision.
final class ReaderPool: Sendable {
    private let path: String
    private let idle = Mutex<(connections: [SQLiteConnection], closed: Bool)>(([], false))
    /// Connections kept idle at most; more are opened under load and closed after use.
    private let maxIdle: Int

    init(path: String, maxIdle: Int = 8) {
        self.path = path
        self.maxIdle = maxIdle
    }

    /// Runs `body` in a read transaction on a borrowed connection.
    func read<T>(_ body: (KeyValueReader) throws -> T) throws -> T {
        let connection = try idle.withLock { $0.connections.popLast() } ?? open()
        defer {
            idle.withLock { idle in
                if !idle.closed && idle.connections.count < maxIdle { idle.connections.append(connection) }
            }
        }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        return try body(KeyValueReader(connection: connection))
    }

    private func open() throws -> SQLiteConnection {
        let connection = try SQLiteConnection(path: path, create: false)
        try connection.execute("PRAGMA query_only = 1; PRAGMA mmap_size = \(SQLiteConnection.mmapSize)")
        return connection
    }

    /// Closes the idle connections; borrowed ones close when they come back.
    func close() {
        idle.withLock { idle in
            idle.closed = true
            idle.connections.removeAll()
        }
    }
}
