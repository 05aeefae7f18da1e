import EtcdCore
import Foundation
import Testing

/// The store's test-only failpoints (`KUBESIM_FAILPOINTS`, gofail's notation): each injects its fault where it
/// says, the store stays usable, and nothing a failed commit wrote is visible.
@Suite(.serialized) struct FailpointTests {
    private func withStore(_ body: (SQLiteStore, Failpoints) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-fp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let failpoints = try Failpoints("")
        var configuration = SQLiteStore.Configuration()
        configuration.maxIdleReaders = 1
        configuration.leaseCheckInterval = nil
        configuration.failpoints = failpoints
        let store = try SQLiteStore.open(dataDirectory: directory, configuration: configuration)
        try await body(store, failpoints)
        await store.close()
    }

    private func put(_ store: SQLiteStore, _ key: String) async throws -> Int64 {
        try await store.put(PutRequest(key: Data(key.utf8), value: Data("v".utf8))).header.revision
    }

    @Test(arguments: ["walBeforeSync", "walBeforeWrite", "beforeCommit"])
    func aFailedCommitLeavesNoTraceAndTheStoreGoesOn(point: String) async throws {
        try await withStore { store, failpoints in
            #expect(try await put(store, "/a") == 2)
            try failpoints.set("\(point)=1*return")
            await #expect(throws: StorageError.self) { _ = try await put(store, "/b") }
            #expect(failpoints.firedCount(Failpoints.Name(rawValue: point)!) == 1)
            #expect(try await store.get(Data("/b".utf8)) == nil)
            // The next commit takes the revision the failed one did not.
            #expect(try await put(store, "/c") == 3)
            #expect(try await store.get(Data("/c".utf8))?.modRevision == 3)
        }
    }

    @Test func aFullDiskIsReportedAsFull() async throws {
        try await withStore { store, failpoints in
            try failpoints.set("walBeforeWrite=return")
            let error = await #expect(throws: StorageError.self) { _ = try await put(store, "/a") }
            #expect(error?.message.contains("full") == true, "\(String(describing: error))")
        }
    }

    @Test func termsParseAsGofailWritesThem() throws {
        _ = try Failpoints("walBeforeSync=50%return;afterCommit=3*panic;beforeCommit=sleep(10);walBeforeWrite=off")
        _ = try Failpoints("walBeforeSync=12.5%2*return()")
        #expect(throws: StorageError.self) { try Failpoints("nosuchpoint=return") }
        #expect(throws: StorageError.self) { try Failpoints("walBeforeSync=explode") }
    }
}
