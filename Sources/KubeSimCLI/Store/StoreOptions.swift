import ArgumentParser
import EtcdCore
import Foundation

/// Where the embedded store lives: `--data-dir`, else `$KUBESIM_DATA_DIR`, else `~/.kubesim`.
public struct StoreOptions: ParsableArguments {
    @Option(
        name: .customLong("data-dir"),
        help: ArgumentHelp(
            "The data directory of the embedded store (default: $KUBESIM_DATA_DIR, else ~/.kubesim).",
            valueName: "directory"))
    public var dataDirectory: String?

    public init() {}

    /// The data directory to use, as an absolute path.
    public func resolvedDataDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let path =
            dataDirectory
            ?? environment["KUBESIM_DATA_DIR"].flatMap { $0.isEmpty ? nil : $0 }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".kubesim").path
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// Opens the store (creating it if missing), runs `body` with it, and closes it, also when `body` throws.
    public func withStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        let store = try SQLiteStore.open(dataDirectory: resolvedDataDirectory())
        do {
            // Leases that ran out while no process had the store open go before anything is read.
            try await store.revokeExpiredLeases()
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}
