/// A value of a structured log line's key/value pair, as klog and zap print it: strings quoted, numbers and
/// booleans bare.
public enum LogValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral {
    case string(String)
    case int(Int64)
    case bool(Bool)
    /// A list of strings (zap's `zap.Strings`, klog's `[a b]`).
    case strings([String])

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

/// A key and its value, in the order a line prints them.
public typealias LogField = (key: String, value: LogValue)
