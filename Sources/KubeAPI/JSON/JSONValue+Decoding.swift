import Foundation

extension JSONValue {
    /// Parses a JSON document.
    /// - Throws: `JSONValue.ParseError` saying what is wrong and where.
    public static func parse(json data: Data) throws(ParseError) -> JSONValue {
        var parser = JSONParser(data)
        return try parser.parseDocument()
    }

    /// Why a document could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
