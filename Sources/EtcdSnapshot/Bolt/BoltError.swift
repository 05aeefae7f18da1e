/// Why a file is not a bbolt database this reader accepts.
public enum BoltError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Neither meta page is valid (magic, version, checksum).
    case invalidMeta(String)
    /// A page or element points outside the file, or a structure is inconsistent.
    case corrupt(String)

    public var description: String {
        switch self {
        case .invalidMeta(let why): "invalid database: \(why)"
        case .corrupt(let why): "corrupt database: \(why)"
        }
    }
}
