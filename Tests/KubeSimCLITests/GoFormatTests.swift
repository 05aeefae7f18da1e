import Foundation
import KubeAPI
import Testing

@testable import KubeSimCLI

/// The Go formatting helpers against values printed by Go 1.19 itself.
struct GoFormatTests {
    @Test(arguments: [
        (Array("line1\nline2\t\"q\"\u{01}é".utf8), #""line1\nline2\t\"q\"\x01é""#),
        ([0x00, 0x7f, 0xff] + Array("\u{a0}\u{200b}😀\\".utf8), #""\x00\x7f\xff\u00a0\u200b😀\\""#),
        ([0xef, 0xbf, 0xbd, 0xed, 0xa0, 0x80], #""�\xed\xa0\x80""#),
        (Array("a\u{2028}b".utf8), #""a\u2028b""#),
        ([], #""""#),
    ])
    func quoteMatchesStrconvQuote(bytes: [UInt8], expected: String) {
        #expect(GoStringLiteral.quote(bytes) == expected)
    }

    @Test(arguments: [
        (#""b""#, Array("b".utf8)),
        (#""a\x41\n\t\"\\""#, Array("aA\n\t\"\\".utf8)),
        (#""\u00e9\U0001F600\101""#, Array("é😀A".utf8)),
        ("`raw\\n`", Array("raw\\n".utf8)),
    ])
    func unquoteDecodesGoLiterals(literal: String, expected: [UInt8]) throws {
        #expect(try GoStringLiteral.unquote(literal) == expected)
    }

    @Test(arguments: [#""unterminated"#, #""bad \q escape""#, #""\xZZ""#, #""\'""#, "'single'", #""\uD800""#, "x"])
    func unquoteRejectsMalformedLiterals(literal: String) {
        #expect(throws: GoStringLiteral.InvalidSyntax.self) { try GoStringLiteral.unquote(literal) }
    }

    @Test(arguments: [
        (Int64(0), "0s"), (1, "1ns"), (850, "850ns"), (1_500, "1.5µs"), (999_999, "999.999µs"),
        (4_444_818, "4.444818ms"), (1_000_000_000, "1s"), (1_500_000_000, "1.5s"), (61_000_000_000, "1m1s"),
        (3_600_000_000_000, "1h0m0s"), (7_384_000_000_005, "2h3m4.000000005s"), (-1_500, "-1.5µs"),
    ])
    func durationMatchesGoDurationString(nanoseconds: Int64, expected: String) {
        #expect(GoDuration.string(nanoseconds: nanoseconds) == expected)
    }

    @Test(arguments: [
        (UInt64(0), "0 B"), (9, "9 B"), (10, "10 B"), (999, "999 B"), (1_000, "1.0 kB"), (1_500, "1.5 kB"),
        (20_480, "20 kB"), (24_576, "25 kB"), (32_768, "33 kB"), (999_950, "1000 kB"), (70_000_000, "70 MB"),
        (1 << 40, "1.1 TB"),
    ])
    func bytesMatchHumanizeBytes(bytes: UInt64, expected: String) {
        #expect(HumanizeBytes.string(bytes) == expected)
    }

    @Test(arguments: [
        ("1f", 16, Int64(31)), ("+1f", 16, 31), ("-8000000000000000", 16, Int64.min),
        ("7fffffffffffffff", 16, Int64.max), ("42", 10, 42), ("-7", 10, -7),
    ])
    func parseIntAcceptsWhatGoAccepts(text: String, base: Int, expected: Int64) throws {
        #expect(try GoInteger.parseInt64(text, base: base) == expected)
    }

    @Test(arguments: [
        ("zz", #"strconv.ParseInt: parsing "zz": invalid syntax"#),
        ("", #"strconv.ParseInt: parsing "": invalid syntax"#),
        ("-", #"strconv.ParseInt: parsing "-": invalid syntax"#),
        ("0x1f", #"strconv.ParseInt: parsing "0x1f": invalid syntax"#),
        ("8000000000000000", #"strconv.ParseInt: parsing "8000000000000000": value out of range"#),
        ("99999999999999999999", #"strconv.ParseInt: parsing "99999999999999999999": value out of range"#),
    ])
    func parseIntFailsWithGoErrorText(text: String, expected: String) {
        #expect(throws: GoInteger.ParseError.self) { try GoInteger.parseInt64(text, base: 16) }
        do {
            _ = try GoInteger.parseInt64(text, base: 16)
        } catch {
            #expect(error.description == expected)
        }
    }

    @Test func hexMatchesGoPercentX() {
        #expect(GoInteger.hex16(0x694d_a211_f8ed_3c31) == "694da211f8ed3c31")
        #expect(GoInteger.hex16(0xabc) == "0000000000000abc")
        #expect(GoInteger.hex(UInt64(10_276_657_743_932_975_437)) == "8e9e05c52164694d")
    }

    @Test func jsonEscapesStringsAsGo119Does() {
        let value = GoJSON.object([("k", .string("<a&b>\u{2028}\u{01}\u{08}\u{0C}\n\"\\é"))])
        #expect(value.encoded == #"{"k":"\u003ca\u0026b\u003e\u2028\u0001\u0008\u000c\n\"\\é"}"#)
    }

    @Test func jsonWritesBytesAsBase64AndWideIntegersAsNumbers() {
        var fields = GoJSONFields()
        fields.add("cluster_id", .uint(14_841_639_068_965_178_418))
        fields.omitEmpty("revision", Int64(0))
        fields.omitEmpty("key", Data("/registry/pods/default/pod-a".utf8))
        fields.add("keys", .null)
        #expect(
            fields.object.encoded
                == #"{"cluster_id":14841639068965178418,"key":"L3JlZ2lzdHJ5L3BvZHMvZGVmYXVsdC9wb2QtYQ==","keys":null}"#)
    }
}
