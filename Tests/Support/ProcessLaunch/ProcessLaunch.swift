import Foundation
import Synchronization

/// Starts the tests' child processes one at a time across the whole test process.
///
/// Every test target runs in one process, in parallel, and many tests start children (kubesim, kubectl, etcd,
/// etcdctl). swift-corelibs-foundation's `Process.run()` crashed once under that load (a bad `memcpy` inside it
/// while other tests launched children at the same moment); a launch takes milliseconds, so they are serialised.
public enum ProcessLaunch {
    private static let launching = Mutex(())

    /// `process.run()`, never at the same time as another launch through here.
    public static func run(_ process: Process) throws {
        try launching.withLock { _ in try process.run() }
    }
}

extension ProcessLaunch {
    /// Everything a child writes to a pipe, read until end of file. Unlike Foundation's
    /// `readDataToEndOfFile()`, which stops the whole test process when a read is interrupted by a signal (the
    /// SIGCHLD of another test's child), an interrupted read is retried.
    public static func readToEnd(_ handle: FileHandle) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                data.append(contentsOf: buffer[0..<count])
            } else if count == 0 || errno != EINTR {
                return data
            }
        }
    }
}
