import KubeAPI
import Testing

@Suite("JSON patch applies as kube-apiserver's evanphx/json-patch v4 does")
struct PatchJSONPatchTests {
    /// Document, patch, result.
    @Test(arguments: [
        PatchCase(
            "add creates a member", #"{"metadata":{"name":"web"}}"#,
            #"[{"op":"add","path":"/metadata/labels","value":{"app":"web"}}]"#,
            #"{"metadata":{"labels":{"app":"web"},"name":"web"}}"#),
        PatchCase("add inserts before an index", #"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/1","value":9}]"#, #"{"a":[1,9,2]}"#),
        PatchCase("add at - appends", #"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/-","value":9}]"#, #"{"a":[1,2,9]}"#),
        PatchCase("add at -1 appends (negative indices)", #"{"a":[1,2]}"#, #"[{"op":"add","path":"/a/-1","value":9}]"#, #"{"a":[1,2,9]}"#),
        PatchCase(
            "replace changes a value", #"{"spec":{"replicas":2}}"#, #"[{"op":"replace","path":"/spec/replicas","value":3}]"#,
            #"{"spec":{"replicas":3}}"#),
        PatchCase("replace of a missing member adds it", #"{"a":1}"#, #"[{"op":"replace","path":"/b","value":2}]"#, #"{"a":1,"b":2}"#),
        PatchCase("replace of the root replaces the document", #"{"a":1}"#, #"[{"op":"replace","path":"","value":{"b":2}}]"#, #"{"b":2}"#),
        PatchCase(
            "remove deletes a member", #"{"metadata":{"labels":{"app":"web","tier":"fe"}}}"#,
            #"[{"op":"remove","path":"/metadata/labels/tier"}]"#, #"{"metadata":{"labels":{"app":"web"}}}"#),
        PatchCase("remove at -1 deletes the last item", #"{"a":[1,2,3]}"#, #"[{"op":"remove","path":"/a/-1"}]"#, #"{"a":[1,2]}"#),
        PatchCase(
            "move takes a value to another path", #"{"a":{"x":1},"b":{}}"#, #"[{"op":"move","from":"/a/x","path":"/b/y"}]"#,
            #"{"a":{},"b":{"y":1}}"#),
        PatchCase(
            "copy duplicates a value", #"{"a":{"x":[1]}}"#, #"[{"op":"copy","from":"/a/x","path":"/a/y"}]"#,
            #"{"a":{"x":[1],"y":[1]}}"#),
        PatchCase(
            "test guards a replace", #"{"metadata":{"labels":{"A":"true"}}}"#,
            #"[{"op":"test","path":"/metadata/labels/A","value":"true"},{"op":"replace","path":"/metadata/labels/A","value":"false"}]"#,
            #"{"metadata":{"labels":{"A":"false"}}}"#),
        PatchCase("test of a missing member against null passes", #"{"a":1}"#, #"[{"op":"test","path":"/b","value":null}]"#, #"{"a":1}"#),
        PatchCase(
            "~1 and ~0 escape / and ~", #"{"metadata":{"annotations":{"a/b":"x","c~d":"y"}}}"#,
            #"[{"op":"remove","path":"/metadata/annotations/a~1b"},{"op":"replace","path":"/metadata/annotations/c~0d","value":"z"}]"#,
            #"{"metadata":{"annotations":{"c~d":"z"}}}"#),
        PatchCase(
            "escapes are read left to right", #"{"a":{"~1":1,"~/":2,"b":3}}"#,
            #"[{"op":"remove","path":"/a/~01"},{"op":"remove","path":"/a/~~1"}]"#, #"{"a":{"b":3}}"#),
    ])
    func applies(_ row: PatchCase) throws {
        let patch = try JSONPatch(document: row[1])
        #expect(try patch.apply(to: row[0]) == row[2])
    }

    /// Document, patch, v4's message.
    @Test(arguments: [
        PatchCase(
            "a failed test", #"{"metadata":{"labels":{"A":"false"}}}"#,
            #"[{"op":"test","path":"/metadata/labels/A","value":"true"},{"op":"replace","path":"/metadata/labels/A","value":"x"}]"#,
            #""testing value /metadata/labels/A failed: test failed""#),
        PatchCase(
            "removing a missing member", #"{"metadata":{"labels":{}}}"#, #"[{"op":"remove","path":"/metadata/labels/x"}]"#,
            #""error in remove for path: '/metadata/labels/x': Unable to remove nonexistent key: x: missing value""#),
        PatchCase(
            "adding under a missing parent", #"{"spec":{}}"#, #"[{"op":"add","path":"/spec/nope/x","value":1}]"#,
            #""add operation does not apply: doc is missing path: \"/spec/nope/x\": missing value""#),
        PatchCase(
            "a path without a slash", #"{"a":1}"#, #"[{"op":"add","path":"invalid","value":123}]"#,
            #""add operation does not apply: doc is missing path: \"invalid\": missing value""#),
        PatchCase(
            "replacing past the end of a list", #"{"a":[1]}"#, #"[{"op":"replace","path":"/a/5","value":2}]"#,
            #""replace operation does not apply: doc is missing key: /a/5: missing value""#),
        PatchCase(
            "adding past the end of a list", #"{"a":[1]}"#, #"[{"op":"add","path":"/a/3","value":2}]"#,
            #""error in add for path: '/a/3': Unable to access invalid index: 3: invalid index referenced""#),
        PatchCase(
            "moving a missing member", #"{"a":{}}"#, #"[{"op":"move","from":"/a/x","path":"/b"}]"#,
            #""error in move for path: 'x': Unable to remove nonexistent key: x: missing value""#),
        PatchCase("an operation without a path", #"{"a":1}"#, #"[{"op":"add","value":1}]"#, #""add operation failed to decode path: missing value""#),
        PatchCase("an unknown operation", #"{"a":1}"#, #"[{"op":"frob","path":"/a"}]"#, #""Unexpected kind: frob""#),
    ])
    func failsWithTheLibraryMessageAndAGeneric422(_ row: PatchCase) throws {
        let patch = try JSONPatch(document: row[1])
        let error = try #require(throws: PatchError.self) { try patch.apply(to: row[0]) }
        #expect(error.message == row[2].stringValue)
        #expect(error.status.code == 422)
        #expect(error.status.reason == "Invalid")
        #expect(error.status.message == "the server rejected our request due to an error in our request")
    }

    @Test(arguments: [
        (#"{"op":"add","path":"/a","value":1}"#, "json: cannot unmarshal object into Go value of type jsonpatch.Patch"),
        (#"["add"]"#, "json: cannot unmarshal string into Go value of type jsonpatch.Operation"),
    ])
    func aDocumentThatIsNotAListOfOperationsIsABadRequest(document: String, message: String) {
        let error = #expect(throws: PatchError.self) { try JSONPatch(document: PatchFixture.json(document)) }
        #expect(error?.status.code == 400)
        #expect(error?.status.message == message)
    }

    @Test func moreThanTenThousandOperationsIsTooLarge() {
        let operations = JSONValue.array(Array(repeating: ["op": "test", "path": "/a", "value": 1], count: 10_001))
        let error = #expect(throws: PatchError.self) { try JSONPatch(document: operations) }
        #expect(error?.status.code == 413)
        #expect(
            error?.status.message
                == "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001")
    }
}
