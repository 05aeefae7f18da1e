import Foundation

extension JSONValue {
    /// Parses a JSON document nested at most `maxDepth` deep: a client's by default, `NestingLimit.stored` for
    /// what the store holds.
    /// - Throws: `JSONValue.ParseError` saying what is wrong and where.
    public static func parse(json data: Data, maxDepth: Int = NestingLimit.request) throws(ParseError) -> JSONValue {
        var parser = JSONParser(data, maxDepth: maxDepth)
        return try parser.parseDocument()
    }

    /// Parses a client's JSON document as `parse(json:)` does, and names the fields its objects repeat
    /// (`metadata.labels.app`), for the warnings or errors kube-apiserver answers with.
    public static func parseNotingDuplicates(
        json data: Data
    ) throws(ParseError) -> (value: JSONValue, duplicateFields: [String]) {
        var parser = JSONParser(data, maxDepth: NestingLimit.request, notingDuplicates: true)
        let value = try parser.parseDocument()
        return (value, parser.duplicateFields ?? [])
    }

    /// Why a document could not be read.
    public struct ParseError: Error, Sendable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
