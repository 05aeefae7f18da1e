import Foundation
import KubeAPI
import Testing

@Suite("JSON values")
struct JSONValueTests {
    @Test(arguments: [
        (#"{"b":[1,2.5,-3e2,true,false,null],"a":"x"}"#, ["a": "x", "b": [1, 2.5, -300.0, true, false, .null]] as JSONValue),
        (#""tab\tquote\" slash\/ \u00e9 \ud83d\ude00""#, .string("tab\tquote\" slash/ é 😀")),
        (" 9223372036854775807 ", .int(Int64.max)),
        ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("0", .int(0)),
        (#"{}"#, .emptyObject),
        (#"[]"#, .array([])),
    ])
    func parsesJSON(text: String, value: JSONValue) throws {
        #expect(try JSONValue.parse(json: Data(text.utf8)) == value)
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "[1,]", "01", "tru", #""unterminated"#, #"{"a":1}x"#, "\"ctrl\u{01}\"", "1."])
    func rejectsMalformedJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(json: Data(text.utf8)) }
    }

    @Test func writesSortedKeysWithGoEscapes() throws {
        let value: JSONValue = ["b": "<a&b>", "a": 1, "c": ["x": 2.5]]
        #expect(value.jsonString() == #"{"a":1,"b":"\u003ca\u0026b\u003e","c":{"x":2.5}}"#)
        #expect(try JSONValue.parse(json: value.jsonData()) == value)
    }

    @Test func yamlScalarsResolveAsKubernetesReadsThem() throws {
        let documents = try JSONValue.parseYAMLDocuments("""
            port: 80
            ratio: 0.5
            enabled: true
            version: "1.27"
            empty:
            name: web
            ---
            # a comment-only document is skipped
            ---
            kind: Second
            """)
        #expect(documents.count == 2)
        #expect(documents[0] == ["port": 80, "ratio": 0.5, "enabled": true, "version": "1.27", "empty": .null, "name": "web"])
    }

    @Test func yamlSyntaxErrorsAreReported() {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parseYAMLDocuments("a: {b: c\n") }
    }
}
