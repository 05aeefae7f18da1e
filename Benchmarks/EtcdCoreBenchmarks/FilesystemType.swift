import Foundation

#if os(Linux)
/// The type of the filesystem holding `path` ("ext4", "tmpfs", ...), from the mount table: the mount with
/// the longest mount point containing the path, the last one where mounts are stacked.
func filesystemType(of path: String) -> String? {
    guard let mounts = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
    let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    var best: (mountPoint: String, type: String)?
    for line in mounts.split(separator: "\n") {
        let fields = line.split(separator: " ")
        guard fields.count > 2 else { continue }
        let mountPoint = fields[1].replacingOccurrences(of: "\\040", with: " ")
        let contains = mountPoint == "/" || resolved == mountPoint || resolved.hasPrefix(mountPoint + "/")
        if contains && mountPoint.count >= best?.mountPoint.count ?? 0 {
            best = (mountPoint, String(fields[2]))
        }
    }
    return best?.type
}
#else
/// The type of the filesystem holding `path` ("apfs", ...), from `statfs`.
func filesystemType(of path: String) -> String? {
    var info = statfs()
    guard statfs(path, &info) == 0 else { return nil }
    return withUnsafeBytes(of: info.f_fstypename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}
#endif

/// Whether a filesystem keeps its files in memory, so an fsync there costs nothing.
func isInMemory(filesystem: String?) -> Bool {
    filesystem == "tmpfs" || filesystem == "ramfs"
}
