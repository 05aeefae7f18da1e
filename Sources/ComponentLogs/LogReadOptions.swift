import Foundation

/// What of a log to send and how, as the kubelet reads a container's log for `GET .../pods/<name>/log`
/// (`pkg/kubelet/kuberuntime/logs`): the last `tailLines` lines, then only those written at or after `since`,
/// each prefixed with its time when `timestamps`, and no more than `limitBytes` bytes in all (the last line
/// cut short), after which the read ends, following or not.
public struct LogReadOptions: Sendable, Equatable {
    public var tailLines: Int?
    public var since: Date?
    public var limitBytes: Int?
    public var timestamps: Bool

    public init(tailLines: Int? = nil, since: Date? = nil, limitBytes: Int? = nil, timestamps: Bool = false) {
        self.tailLines = tailLines
        self.since = since
        self.limitBytes = limitBytes
        self.timestamps = timestamps
    }

    /// The lines of `backlog` to send: the tail first, then the time filter.
    public func selecting(_ backlog: [LogLine]) -> [LogLine] {
        var lines = backlog[...]
        if let tailLines { lines = lines.suffix(max(0, tailLines)) }
        if let since { lines = lines.filter { $0.time >= since }[...] }
        return Array(lines)
    }

    /// Whether a line written after the backlog is sent (`since` only; the tail applies to the backlog).
    public func admits(_ line: LogLine) -> Bool {
        since.map { line.time >= $0 } ?? true
    }
}

/// Renders lines as the response body's bytes, counting down `limitBytes`.
public struct LogRenderer: Sendable {
    private let timestamps: Bool
    private var remaining: Int?

    public init(_ options: LogReadOptions) {
        timestamps = options.timestamps
        remaining = options.limitBytes
    }

    /// True once `limitBytes` have been rendered: the read is over.
    public var isExhausted: Bool { remaining.map { $0 <= 0 } ?? false }

    /// The bytes of `line` (with its newline), cut to what is left of the limit; empty once exhausted.
    public mutating func render(_ line: LogLine) -> [UInt8] {
        var bytes = Array(((timestamps ? line.timestampPrefix + " " : "") + line.text + "\n").utf8)
        if let left = remaining {
            if bytes.count > left { bytes = Array(bytes.prefix(max(0, left))) }
            remaining = left - bytes.count
        }
        return bytes
    }
}
