import Foundation
import KubeAPI
import Testing

/// Found by `DecoderFuzzTests`: numbers past float64's range were accepted as infinity, and then written back as
/// `inf`, which no JSON reader (ours included) reads: a stored object that could never be read again.
struct NumberRangeDecodingTests {
    @Test(arguments: ["1e9992", "-1e400", "123456789e999"])
    func jsonNumbersPastFloat64AreRefusedAsGoRefusesThem(number: String) {
        let error = #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(json: Data("{\"a\":\(number)}".utf8)) }
        #expect(error?.message.contains("cannot unmarshal number \(number) into Go value of type float64") == true)
    }

    @Test func largeButFiniteNumbersStillDecodeAndRoundTrip() throws {
        let value = try JSONValue.parse(json: Data(#"{"a":1e308,"b":12345678901234567890,"c":-0.5e-320}"#.utf8))
        #expect(try JSONValue.parse(json: value.jsonData()) == value)
    }

    @Test func yamlNumbersPastFloat64StayStringsAsInSigsYAML() throws {
        let value = try #require(try JSONValue.parseYAMLDocuments("a: 1e9992\nb: 2.5\n").first)
        #expect(value["a"] == "1e9992")
        #expect(value["b"] == 2.5)
        #expect(try JSONValue.parse(json: value.jsonData()) == value)
    }

    @Test(arguments: [".inf", "-.Inf", ".NaN"])
    func yamlInfinityAndNaNAreRefusedForHavingNoJSON(text: String) {
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parseYAMLDocuments("a: \(text)\n") }
    }
}
