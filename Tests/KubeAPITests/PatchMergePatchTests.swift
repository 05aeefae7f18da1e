import KubeAPI
import Testing

@Suite("JSON merge patch follows RFC 7386 as evanphx/json-patch v4 applies and creates it")
struct PatchMergePatchTests {
    /// Document, patch, result: RFC 7386's examples, and v4's null pruning.
    @Test(arguments: [
        PatchCase("a member changes", #"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        PatchCase("a member is added", #"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
        PatchCase("null deletes a member", #"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
        PatchCase("a scalar replaces a list", #"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
        PatchCase("a list replaces a scalar", #"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
        PatchCase("objects merge recursively", #"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
        PatchCase("lists are replaced whole", #"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
        PatchCase("a patch that is a list replaces the document", #"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
        PatchCase("nulls already in the document stay", #"{"e":null}"#, #"{"a":1}"#, #"{"a":1,"e":null}"#),
        PatchCase("an object patch replaces a list document", #"[1,2]"#, #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
        PatchCase("nulls inside new objects are dropped", #"{}"#, #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
        PatchCase(
            "labels are set and removed", #"{"metadata":{"labels":{"app":"web","tier":"fe"},"name":"web"}}"#,
            #"{"metadata":{"labels":{"tier":null,"v":"2"}}}"#, #"{"metadata":{"labels":{"app":"web","v":"2"},"name":"web"}}"#),
    ])
    func applies(_ row: PatchCase) throws {
        #expect(try MergePatch.apply(row[1], to: row[0]) == row[2])
    }

    @Test(arguments: [#"null"#, #""bar""#, #"5"#])
    func aPatchThatIsNotAnObjectOrAListIsABadRequest(patch: String) {
        let error = #expect(throws: PatchError.self) { try MergePatch.apply(PatchFixture.json(patch), to: ["a": "foo"]) }
        #expect(error?.status.code == 400)
        #expect(error?.message == "Invalid JSON Patch")
    }

    /// Original, modified, patch.
    @Test(arguments: [
        PatchCase("equal documents need no patch", #"{"a":1,"b":[1,2]}"#, #"{"a":1,"b":[1,2]}"#, #"{}"#),
        PatchCase("changed and added members", #"{"a":1}"#, #"{"a":2,"b":"x"}"#, #"{"a":2,"b":"x"}"#),
        PatchCase("removed members become null", #"{"a":1,"b":2}"#, #"{"a":1}"#, #"{"b":null}"#),
        PatchCase("nested objects become nested patches", #"{"s":{"a":1,"b":2}}"#, #"{"s":{"a":1,"c":3}}"#, #"{"s":{"b":null,"c":3}}"#),
        PatchCase("a changed list is sent whole", #"{"l":[1,2,3]}"#, #"{"l":[1,3]}"#, #"{"l":[1,3]}"#),
        PatchCase("numbers compare by value", #"{"n":1}"#, #"{"n":1.0}"#, #"{}"#),
        PatchCase("an object emptied keeps its key with nulls", #"{"s":{"a":1}}"#, #"{"s":{}}"#, #"{"s":{"a":null}}"#),
        PatchCase("a changed type is replaced", #"{"s":{"a":1}}"#, #"{"s":"x"}"#, #"{"s":"x"}"#),
    ])
    func createsThePatchBetweenTwoDocuments(_ row: PatchCase) throws {
        let patch = MergePatch.create(from: row[0], to: row[1])
        #expect(patch == row[2])
        #expect(MergePatch.create(from: try MergePatch.apply(patch, to: row[0]), to: row[1]) == .emptyObject)
    }
}
