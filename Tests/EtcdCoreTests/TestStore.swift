import EtcdCore
import Foundation

/// A store in a fresh temporary directory, removed when the test is done with it.
struct TestStore {
    let directory: URL
    let store: SQLiteStore
    let clock: ManualLeaseClock

    init(configure: (inout SQLiteStore.Configuration) -> Void = { _ in }) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-test-\(UUID().uuidString)")
        clock = ManualLeaseClock()
        var configuration = SQLiteStore.Configuration()
        configuration.clock = clock
        configuration.leaseCheckInterval = nil
        // Hundreds of stores are open at once while the suite runs in one process; idle readers hold descriptors.
        configuration.maxIdleReaders = 1
        configure(&configuration)
        store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
    }

    /// The SQLite file.
    var path: String { store.path }

    /// Closes the store and deletes its directory.
    func finish() async {
        await store.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Reopens the same file (after `store` was closed), as a member that starts (leases promoted) or not.
    func reopen(promotingLeases: Bool = true) throws -> SQLiteStore {
        var configuration = SQLiteStore.Configuration()
        configuration.clock = clock
        configuration.leaseCheckInterval = nil
        if !promotingLeases { configuration.leasePromotion = nil }
        return try SQLiteStore(path: path, configuration: configuration)
    }
}

extension Data {
    /// The UTF-8 bytes of a string literal, for keys and values.
    init(_ string: String) { self = Data(string.utf8) }

    var string: String { String(decoding: self, as: UTF8.self) }
}

extension KeyValueStore {
    /// Puts a string value; returns the revision it created.
    @discardableResult
    func put(_ key: String, _ value: String, lease: Int64 = 0) async throws -> Revision {
        try await put(PutRequest(key: Data(key), value: Data(value), lease: lease)).header.revision
    }

    /// Keys of a range, as strings.
    func keys(_ request: RangeRequest) async throws -> [String] {
        try await range(request).kvs.map(\.key.string)
    }
}
