@testable import KubeAPI
import Foundation
import Testing

/// Raw JSON is copied as it is only when parsing and writing it would give the same bytes; every other form is
/// left to the parser.
@Suite struct CanonicalJSONTests {
    private static let canonical = [
        #"{}"#,
        #"{"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{}}}}}"#,
        #"{"a":"x","b":{"c":"\\ and \" and /"}}"#,
    ]

    private static let other = [
        #"{ "a":{}}"#, #"{"a":{}}\n"#, #"{"b":{},"a":{}}"#, #"{"a":{},"a":{}}"#, #"{"a":1}"#, #"{"a":[]}"#,
        #"{"a":true}"#, #"{"a":null}"#, #"{"\u0061":{}}"#, #"{"a<b":{}}"#, #"{"a&b":{}}"#, #"{"é":{}}"#,
        #"{"a":"\n"}"#, #"[]"#, #""a""#, #"{"a":{}"#, #"{"a":{}}}"#, #"{"a"}"#, "",
    ]

    @Test func canonicalBytesAreWhatParsingAndWritingGives() throws {
        for text in Self.canonical {
            let bytes = Array(text.utf8)
            #expect(CanonicalJSON.isCompactSortedObject(bytes[...], maxDepth: 10), "\(text)")
            #expect(try JSONValue.parse(json: Data(bytes)).jsonBytes() == bytes, "\(text)")
        }
    }

    @Test func everyOtherFormIsLeftToTheParser() {
        for text in Self.other {
            #expect(!CanonicalJSON.isCompactSortedObject(Array(text.utf8)[...], maxDepth: 10), "\(text)")
        }
    }

    @Test func nestingBeyondTheLimitIsLeftToTheParser() {
        let deep = Array(#"{"a":{"b":{"c":{}}}}"#.utf8)[...]
        #expect(CanonicalJSON.isCompactSortedObject(deep, maxDepth: 4))
        #expect(!CanonicalJSON.isCompactSortedObject(deep, maxDepth: 3))
    }
}
