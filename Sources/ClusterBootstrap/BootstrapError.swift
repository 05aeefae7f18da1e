/// A cluster that cannot be made as asked: a bad parameter, or an object the catalog does not know.
public struct BootstrapError: Error, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
