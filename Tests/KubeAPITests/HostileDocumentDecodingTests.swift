import Foundation
import KubeAPI
import Testing

/// Issue 12's documents at the decoders: aliases and nesting are bounded before any work is done.
@Suite("Hostile document decoding")
struct HostileDocumentDecodingTests {
    /// Nine levels of nine aliases: 9^9 strings once expanded.
    static let billionLaughs: String = {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n")
    }()

    @Test func billionLaughsIsRefusedWithoutExpanding() throws {
        let start = ContinuousClock.now
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parseYAMLDocuments(Self.billionLaughs) }
        do { _ = try JSONValue.parseYAMLDocuments(Self.billionLaughs) } catch {
            #expect("\(error)" == "yaml: document contains excessive aliasing")
        }
        #expect(ContinuousClock.now - start < .seconds(1))
    }

    @Test func excessiveAliasingIsNamedInALaterDocument() {
        #expect(throws: JSONValue.ParseError.self) {
            try JSONValue.parseYAMLDocuments("a: 1\n---\n" + Self.billionLaughs)
        }
    }

    @Test func ordinaryAnchorsStillExpand() throws {
        let text = """
            defaults: &defaults {cpu: 100m, memory: 64Mi}
            containers:
            - {name: a, resources: {requests: *defaults}}
            - {name: b, resources: {requests: *defaults}}
            """
        let value = try #require(try JSONValue.parseYAMLDocuments(text).first)
        #expect(value[["containers"]]?.arrayValue?[1][["resources", "requests", "memory"]] == "64Mi")
    }

    /// A document with a thousand aliases of a small anchor, among as many plain nodes, is within go-yaml's ratio.
    @Test func manyAliasesOfASmallAnchorAreAllowed() throws {
        var lines = ["anchor: &x [1, 2]"]
        for index in 0..<1_000 { lines.append("k\(index): {plain: \(index), alias: *x}") }
        let value = try #require(try JSONValue.parseYAMLDocuments(lines.joined(separator: "\n")).first)
        #expect(value["k999"]?["alias"] == [1, 2])
    }

    @Test(arguments: [NestingLimit.request, NestingLimit.request + 1])
    func jsonNestingIsBoundedAtTheRequestLimit(depth: Int) throws {
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        if depth <= NestingLimit.request {
            #expect(try JSONValue.parse(json: Data(text.utf8)).nestingDepth == depth)
        } else {
            #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(json: Data(text.utf8)) }
            #expect(try JSONValue.parse(json: Data(text.utf8), maxDepth: NestingLimit.stored).nestingDepth == depth)
        }
    }

    @Test func yamlNestingIsBounded() {
        let text = "a: " + String(repeating: "[", count: 6_000) + String(repeating: "]", count: 6_000)
        #expect(throws: (any Error).self) { try JSONValue.parseYAMLDocuments(text) }
    }

    @Test func storedValuesFarTooDeepAreRefusedNotCrashed() {
        let text = String(repeating: #"{"a":"#, count: 200_000) + "1" + String(repeating: "}", count: 200_000)
        #expect(throws: JSONValue.ParseError.self) { try JSONValue.parse(json: Data(text.utf8), maxDepth: NestingLimit.stored) }
    }

    @Test func repeatedKeysAreNamedByTheirPathAndTheLastWins() throws {
        let text = #"{"metadata":{"name":"a","name":"b"},"spec":{"containers":[{"name":"x","image":"i","image":"j"}]}}"#
        let (value, duplicates) = try JSONValue.parseNotingDuplicates(json: Data(text.utf8))
        #expect(duplicates == ["metadata.name", "spec.containers[0].image"])
        #expect(value[["metadata", "name"]] == "b")
    }
}
