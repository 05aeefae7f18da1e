import Foundation
import KubeAPI
import Testing

/// Documents and resource types the patch tests share.
enum PatchFixture {
    /// A JSON document written in a test, parsed or the test fails.
    static func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue {
        do {
            return try JSONValue.parse(json: Data(text.utf8))
        } catch {
            Issue.record("not JSON: \(error)\n\(text)", sourceLocation: sourceLocation)
            return .null
        }
    }

    static let pod = BuiltinResources.all.first { $0.kind == "Pod" }!
    static let deployment = BuiltinResources.all.first { $0.kind == "Deployment" }!
    static let widget = ResourceType(group: "example.com", version: "v1", kind: "Widget", plural: "widgets", namespaced: true)
}

/// One row of a patch table: a name for the test report and its documents as JSON text.
struct PatchCase: CustomTestStringConvertible, Sendable {
    var name: String
    var documents: [String]

    init(_ name: String, _ documents: String...) {
        self.name = name
        self.documents = documents
    }

    var testDescription: String { name }

    subscript(index: Int) -> JSONValue { PatchFixture.json(documents[index]) }
}
