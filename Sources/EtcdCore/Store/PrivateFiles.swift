import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's files are its owner's alone, as etcd's are (`client/pkg/fileutil`: `PrivateDirMode` 0700,
/// `PrivateFileMode` 0600): the data directory, the database and the WAL and shared-memory files SQLite makes
/// beside it (it gives them the database's mode), and snapshots. Modes are set explicitly, whatever the umask.
public enum PrivateFiles {
    public static let directoryMode: mode_t = 0o700
    public static let fileMode: mode_t = 0o600

    /// Makes `path` a private directory: created 0700 (with its missing parents) when absent; when it exists
    /// with another mode, changed to 0700, and the warning etcd logs for it returned (etcd only warns).
    public static func directory(_ path: String) throws -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try change(path, to: directoryMode)
            return nil
        }
        let mode = info.st_mode & 0o7777
        guard mode != directoryMode else { return nil }
        try change(path, to: directoryMode)
        // etcd's words (fileutil.CheckDirPermission, logged as "check file permission"), then what was done.
        return "check file permission: directory \"\(path)\" exist, but the permission is \"\(describe(info.st_mode))\". "
            + "The recommended permission is \"-rwx------\" to prevent possible unprivileged access to the data; "
            + "changed it to \"drwx------\""
    }

    /// Makes `path` a private file: created empty with mode 0600 when absent, else changed to 0600.
    public static func file(_ path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw failure(path, "cannot create") }
        defer { close(descriptor) }
        guard fchmod(descriptor, fileMode) == 0 else { throw failure(path, "cannot change the mode of") }
    }

    /// Changes an existing file to 0600; a missing one is left missing.
    public static func tighten(_ path: String) throws {
        guard chmod(path, fileMode) == 0 || errno == ENOENT else { throw failure(path, "cannot change the mode of") }
    }

    private static func change(_ path: String, to mode: mode_t) throws {
        guard chmod(path, mode) == 0 else { throw failure(path, "cannot change the mode of") }
    }

    private static func failure(_ path: String, _ action: String) -> StorageError {
        StorageError(path: path, message: "\(action) it: \(String(cString: strerror(errno)))")
    }

    /// A mode as Go's `os.FileMode.String` prints it: `d` for a directory, then `rwx` for owner, group, others.
    static func describe(_ mode: mode_t) -> String {
        let kind = (mode & S_IFMT) == S_IFDIR ? "d" : "-"
        let letters = Array("rwxrwxrwx")
        return kind + String((0..<9).map { mode & (1 << (8 - mode_t($0))) != 0 ? letters[$0] : "-" })
    }
}
