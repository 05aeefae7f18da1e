import EtcdCore
import Foundation
import Testing

@testable import KubeSimCLI

/// etcdctl's `txn` script syntax: what it reads, and how malformed input fails before anything is written.
struct TxnScriptTests {
    private func read(_ script: String, prompts: inout [String]) throws(EtcdctlFailure) -> TxnRequest {
        var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.last {
            // A script that does not end in a newline leaves a last line without one.
            lines[lines.count - 1] = String(last.dropLast())
            if lines[lines.count - 1].isEmpty { lines.removeLast() }
        }
        var collected: [String] = []
        var reader = TxnScript(
            nextLine: { lines.isEmpty ? nil : lines.removeFirst() }, prompt: { collected.append($0) })
        defer { prompts = collected }
        return try reader.read()
    }

    private func read(_ script: String) throws(EtcdctlFailure) -> TxnRequest {
        var prompts: [String] = []
        return try read(script, prompts: &prompts)
    }

    private func bytes(_ text: String) -> Data { Data(text.utf8) }

    @Test func readsComparesAndBothBranches() throws {
        var prompts: [String] = []
        let request = try read(
            """
              mod("/registry/svc") > "0"\t

            put /registry/txn-ok yes
            get /registry/ --prefix --keys-only --limit 2
            del "quoted key" --prev-kv

            put y 'two words'


            """, prompts: &prompts)
        #expect(prompts == TxnScript.prompts)
        #expect(request.compare == [Compare(key: bytes("/registry/svc"), target: .modRevision(0), result: .greater)])
        #expect(
            request.success == [
                .put(PutRequest(key: bytes("/registry/txn-ok"), value: bytes("yes"))),
                .range(RangeRequest(key: bytes("/registry/"), rangeEnd: bytes("/registry0"), limit: 2, keysOnly: true)),
                .deleteRange(DeleteRangeRequest(key: bytes("quoted key"), prevKv: true)),
            ])
        #expect(request.failure == [.put(PutRequest(key: bytes("y"), value: bytes("two words")))])
    }

    @Test func emptySectionsMakeAnEmptyTransaction() throws {
        #expect(try read("\n\n\n") == TxnRequest())
    }

    @Test(arguments: [
        (#"ver("k") = "3""#, Compare(key: Data("k".utf8), target: .version(3), result: .equal)),
        (#"version("k") < "-1""#, Compare(key: Data("k".utf8), target: .version(-1), result: .less)),
        (#"c("k") = "0""#, Compare(key: Data("k".utf8), target: .createRevision(0), result: .equal)),
        (#"create("k") != "12""#, Compare(key: Data("k".utf8), target: .createRevision(12), result: .notEqual)),
        (#"m("k") > "5""#, Compare(key: Data("k".utf8), target: .modRevision(5), result: .greater)),
        (#"val("a\x41") = "x y""#, Compare(key: Data("aA".utf8), target: .value(Data("x y".utf8)), result: .equal)),
        ("value(`raw`) = `v`", Compare(key: Data("raw".utf8), target: .value(Data("v".utf8)), result: .equal)),
        (
            #"lease("k") = "694da211f8ed3c31""#,
            Compare(key: Data("k".utf8), target: .lease(0x694d_a211_f8ed_3c31), result: .equal)
        ),
        (#"mod("k")   >    "0" trailing"#, Compare(key: Data("k".utf8), target: .modRevision(0), result: .greater)),
    ])
    func parsesCompares(line: String, expected: Compare) throws {
        #expect(try TxnCompare.parse(line) == expected)
    }

    /// The messages are etcdctl's (Go's `Sscanf` stopping where it does), except for operators etcdctl
    /// panics on.
    @Test(arguments: [
        ("mod(b) > 0", #"malformed comparison: mod(b) > 0; got mod("")  """#),
        (#"mod("b")>"0""#, #"malformed comparison: mod("b")>"0"; got mod("b")  """#),
        (#"mod("b") >"#, #"malformed comparison: mod("b") >; got mod("b") > """#),
        ("nothing here", "malformed comparison: nothing here"),
        (#"foo("b") > "0""#, #"malformed comparison: foo("b") > "0" (unknown target foo)"#),
        (#"mod("b") > "x""#, #"invalid txn compare request: mod("b") > "x""#),
        (#"mod("b") ~ "1""#, #"malformed comparison: mod("b") ~ "1" (unknown operator ~; use =, !=, < or >)"#),
        (#"mod("b") == "1""#, #"malformed comparison: mod("b") == "1" (unknown operator ==; use =, !=, < or >)"#),
    ])
    func rejectsMalformedCompares(line: String, message: String) {
        #expect(throws: EtcdctlFailure(.invalidInput, message)) { try TxnCompare.parse(line) }
    }

    @Test(arguments: [
        ("\nfrob x\n\n\n", EtcdctlFailure(.invalidInput, "invalid txn request: frob x")),
        ("\nput\n\n\n", EtcdctlFailure(.invalidInput, "invalid txn compare request: put")),
        ("\nput onlykey\n\n\n", EtcdctlFailure(.invalidInput, "invalid txn request: put onlykey")),
        ("\nget x --bogus\n\n\n", EtcdctlFailure(.invalidInput, "invalid txn request: get x --bogus")),
        ("\nget x -w json\n\n\n", EtcdctlFailure(.invalidInput, "invalid txn request: get x -w json")),
        (
            "\nput \"open x\n\n\n",
            EtcdctlFailure(.invalidInput, "invalid txn request: put \"open x (unterminated quote)")
        ),
        (
            "\nget a --prefix --from-key\n\n\n",
            EtcdctlFailure(.badArguments, "`--prefix` and `--from-key` cannot be set at the same time, choose one")
        ),
        (
            "\nput k v --lease zz\n\n\n",
            EtcdctlFailure(
                .badArguments, #"bad lease ID (strconv.ParseInt: parsing "zz": invalid syntax), expecting ID in Hex"#)
        ),
    ])
    func rejectsMalformedRequests(script: String, failure: EtcdctlFailure) {
        #expect(throws: failure) { try read(script) }
    }

    @Test(arguments: [
        ("", "compares", 1),
        ("mod(\"b\") > \"0\"\n", "compares", 2),
        ("mod(\"b\") > \"0\"\n\nput x 1\n", "success requests", 4),
        ("mod(\"b\") > \"0\"\n\nput x 1\n\n", "failure requests", 5),
        ("\n\nput y 2", "failure requests", 3),
    ])
    func missingBlankLineNamesTheSectionAndLine(script: String, section: String, line: Int) {
        let expected = EtcdctlFailure(
            .invalidInput,
            "unexpected end of input in the \(section) (line \(line)): end each of the three sections with a blank line"
        )
        #expect(throws: expected) { try read(script) }
    }

    @Test(arguments: [
        (#"put "x y" 'v w'"#, ["put", "x y", "v w"]),
        (#"  get   a\tb  "#, ["get", #"a\tb"#]),
        (#"put k "line\nbreak""#, ["put", "k", "line\nbreak"]),
        (#"put k'x y"#, ["put", "k'x", "y"]),
    ])
    func splitsRequestLinesIntoWords(line: String, words: [String]) throws {
        #expect(try TxnWords.split(line) == words)
    }
}
