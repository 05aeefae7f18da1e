import Foundation

/// Where the benchmark makes its temporary data directories, one per repetition, each deleted afterwards.
struct ScratchArea {
    /// The directory the data directories are made in.
    let base: URL
    /// Its filesystem's name, when known.
    let filesystem: String?
    /// Why this base was chosen, for the report header.
    let reason: String

    /// The directory used when the system temp directory is in memory: on the real disk, under the
    /// working directory (git ignores it).
    static let onDisk = ".bench-data"

    /// Uses `requested` when given; otherwise the system temp directory, unless it is in memory (tmpfs),
    /// where fsync is free and durable-write figures would mean nothing; then `./.bench-data`.
    static func choose(requested: String?) throws -> ScratchArea {
        if let requested {
            return try ScratchArea(base: URL(fileURLWithPath: requested), reason: "--dir")
        }
        let temporary = URL(fileURLWithPath: NSTemporaryDirectory())
        guard isInMemory(filesystem: filesystemType(of: temporary.path)) else {
            return try ScratchArea(base: temporary, reason: "system temp directory")
        }
        let onDisk = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(onDisk)
        return try ScratchArea(base: onDisk, reason: "the system temp directory \(temporary.path) is in memory")
    }

    private init(base: URL, reason: String) throws {
        try FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        self.base = base.standardizedFileURL
        self.filesystem = filesystemType(of: base.path)
        self.reason = reason
    }

    /// Makes a fresh empty directory, runs `body` with its path, and deletes it.
    func withDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
        let directory = base.appendingPathComponent("etcd-core-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        do {
            let result = try await body(directory.path)
            try FileManager.default.removeItem(at: directory)
            return result
        } catch {
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }
}
