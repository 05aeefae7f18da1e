import Foundation
import Testing

@testable import KubeAPI

@Suite struct OutputNamePrinterTests {
    @Test(
        arguments: [
            ("v1", "Pod", "web", nil, "pod/web"),
            ("apps/v1", "Deployment", "web", nil, "deployment.apps/web"),
            ("apps/v1", "Deployment", "web", "created", "deployment.apps/web created"),
            ("example.com/v1", "Widget", "w1", "configured", "widget.example.com/w1 configured"),
            ("v1", "Pod", "", nil, "pod/<unknown>"),
        ] as [(String, String, String, String?, String)])
    func namesObjectsAsKindDotGroupSlashName(
        apiVersion: String, kind: String, name: String, operation: String?, line: String
    ) {
        let object = KubeObject([
            "apiVersion": .string(apiVersion), "kind": .string(kind), "metadata": ["name": .string(name)],
        ])
        #expect(NamePrinter.line(for: object, operation: operation) == line)
    }

    @Test func printsOneLinePerObject() {
        let pods = ["a", "b"].map {
            KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string($0)]])
        }
        #expect(NamePrinter.print(pods) == "pod/a\npod/b\n")
    }
}
