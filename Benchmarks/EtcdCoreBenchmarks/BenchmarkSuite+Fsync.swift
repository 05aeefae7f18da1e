import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension BenchmarkSuite {
    /// The raw sync rate of the scratch directory's disk: append 2 KiB to a file and `fdatasync` it, in a
    /// loop. No durable commit that waits for its own sync can be faster; it is the bound the write
    /// figures are compared with.
    func rawFsync() async throws -> Figure {
        let block = [UInt8](repeating: UInt8(ascii: "x"), count: 2048)
        let runs = try await repeated {
            try await scratch.withDirectory { directory in
                let path = directory + "/fsync-probe"
                let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
                guard descriptor >= 0 else { throw ProbeError(path: path, call: "open") }
                defer { close(descriptor) }
                return try await Run.timed(counts.syncs) { _ in
                    guard write(descriptor, block, block.count) == block.count else {
                        throw ProbeError(path: path, call: "write")
                    }
                    guard dataSync(descriptor) == 0 else { throw ProbeError(path: path, call: "fdatasync") }
                }
            }
        }
        return Figure(
            name: "raw fsync (2 KiB append + fdatasync)", kind: .throughput(unit: "syncs/s"), boundByFsync: true,
            runs: runs)
    }

    /// `fdatasync` where the system has it (Linux), else `fsync`, which is what SQLite calls there.
    private func dataSync(_ descriptor: Int32) -> Int32 {
        #if os(Linux)
        fdatasync(descriptor)
        #else
        fsync(descriptor)
        #endif
    }
}

/// A system call of the fsync probe failed.
struct ProbeError: Error, CustomStringConvertible {
    var path: String
    var call: String
    let code = errno

    var description: String { "\(path): \(call) failed: \(String(cString: strerror(code)))" }
}
