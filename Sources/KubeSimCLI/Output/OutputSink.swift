import Foundation
import Synchronization

/// Where command output goes: a standard stream, or memory in tests. Keys and values are bytes, so a sink
/// takes bytes; text is written as UTF-8.
public protocol OutputSink: Sendable {
    func write(_ bytes: some Sequence<UInt8>)
    /// Pushes buffered output to its destination.
    func flush()
}

extension OutputSink {
    public func write(_ text: String) { write(text.utf8) }

    /// Writes `text` and a newline (Go's `fmt.Println` of one string).
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes bytes and a newline.
    public func line(bytes: some Sequence<UInt8>) {
        write(bytes)
        write("\n")
    }
}

/// A file descriptor's sink, buffered until `flush()` or until 64 KiB pile up.
public final class FileSink: OutputSink {
    public static let standardOutput = FileSink(FileHandle.standardOutput)
    public static let standardError = FileSink(FileHandle.standardError)

    private let handle: FileHandle
    private let buffer = Mutex<[UInt8]>([])

    public init(_ handle: FileHandle) { self.handle = handle }

    public func write(_ bytes: some Sequence<UInt8>) {
        let full = buffer.withLock { buffer in
            buffer.append(contentsOf: bytes)
            return buffer.count >= 1 << 16
        }
        if full { flush() }
    }

    public func flush() {
        let pending = buffer.withLock { buffer in
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer
        }
        if !pending.isEmpty { try? handle.write(contentsOf: pending) }
    }
}

/// A sink that keeps what it is given, for tests.
public final class MemorySink: OutputSink {
    private let storage = Mutex<[UInt8]>([])

    public init() {}

    public func write(_ bytes: some Sequence<UInt8>) { storage.withLock { $0.append(contentsOf: bytes) } }
    public func flush() {}

    /// Everything written so far.
    public var bytes: [UInt8] { storage.withLock { $0 } }
    /// Everything written so far, as UTF-8 text.
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// The two streams a command writes to.
public struct Console: Sendable {
    public var out: any OutputSink
    public var err: any OutputSink

    public init(out: any OutputSink, err: any OutputSink) {
        self.out = out
        self.err = err
    }

    /// The process's standard output and standard error.
    public static let standard = Console(out: FileSink.standardOutput, err: FileSink.standardError)

    public func flush() {
        out.flush()
        err.flush()
    }
}
