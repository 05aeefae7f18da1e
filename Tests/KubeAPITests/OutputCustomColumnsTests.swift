import Foundation
import Testing

@testable import KubeAPI

@Suite struct OutputCustomColumnsTests {
    static var items: [JSONValue] { OutputJSONPathTests.pods["items"]?.arrayValue ?? [] }

    @Test func printsColumnsLikeKubectl() throws {
        let printer = try CustomColumnsPrinter(
            spec:
                "NAME:.metadata.name,IMG:.spec.containers[*].image,LBL:.metadata.labels,C:.status.conditions,N:.status.n,F:.status.big,MISS:.foo.bar,PH:{.status.phase}"
        )
        let expected = [
            "NAME   IMG                  LBL                    C                                                                 N        F               MISS     PH",
            "web    nginx:1.25,busybox   map[app:web tier:fe]   [map[status:True type:Ready] map[status:True type:Initialized]]   <none>   <none>          <none>   Running",
            "x      i                    <none>                 <none>                                                            <nil>    1.0000005e+06   <none>   Pending",
        ]
        #expect(try printer.print(Self.items) == expected.joined(separator: "\n") + "\n")
    }

    @Test func printsOnlyRowsWithoutHeadersAndOnlyTheHeaderWithoutObjects() throws {
        #expect(try CustomColumnsPrinter(spec: "NAME:metadata.name", noHeaders: true).print(Self.items) == "web\nx\n")
        #expect(try CustomColumnsPrinter(spec: "NAME:metadata.name").print([]) == "NAME\n")
    }

    @Test(arguments: [
        ("NAME", "unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>"),
        (
            "N:{{.x}}",
            "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'"
        ),
        ("N:.items[", "unterminated array"),
        ("", "custom-columns format specified but no custom columns given"),
    ])
    func rejectsBadSpecsWithKubectlsMessages(spec: String, message: String) {
        do {
            _ = try CustomColumnsPrinter(spec: spec)
            Issue.record("expected \(spec) to be rejected")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test(arguments: [
        ("metadata.name", "{.metadata.name}"), (".metadata.name", "{.metadata.name}"),
        ("{metadata.name}", "{.metadata.name}"),
        ("{.metadata.name}", "{.metadata.name}"), (".", "{..}"), ("", ""),
    ])
    func relaxesPathsAsKubectlDoes(path: String, normalized: String) throws {
        #expect(try CustomColumnsPrinter.relaxedPath(path) == normalized)
    }

    @Test func reportsPathsThatFailOnAnObject() throws {
        let printer = try CustomColumnsPrinter(spec: "C:.spec.containers[5].name")
        #expect(throws: CustomColumnsPrinter.SpecError(description: "array index out of bounds: index 5, length 2")) {
            try printer.print(Self.items)
        }
    }
}
