import Foundation

/// The disk's own durable-write time, the floor under a sequential durable put: 2 KiB appended to a file and
/// `fdatasync`ed, `count` times, in the directory the servers' data directories are in.
func measureDiskSync(directory: String, count: Int) throws -> [Figure] {
    let path = directory + "/fsync-probe"
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { throw BenchmarkError("cannot open \(path)") }
    defer {
        close(fd)
        unlink(path)
    }
    let block = [UInt8](repeating: 0x78, count: 2048)
    var latencies: [Double] = []
    for _ in 0..<count {
        let begin = ContinuousClock.now
        guard block.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == block.count, fdatasync(fd) == 0 else {
            throw BenchmarkError("write or fdatasync of \(path) failed: errno \(errno)")
        }
        latencies.append((ContinuousClock.now - begin).milliseconds)
    }
    return [Figure(name: "disk: 2 KiB append + fdatasync p50", kind: .latency, value: latencies.median, unit: "ms")]
}
