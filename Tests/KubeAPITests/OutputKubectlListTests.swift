import Foundation
import Testing

@testable import KubeAPI

@Suite struct OutputKubectlListTests {
    static let pod = KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web"]])

    @Test func wrapsZeroOrSeveralObjectsInAListWithAnEmptyResourceVersion() {
        let empty = KubectlList.printable([], singleItemImplied: false)
        #expect(empty.yamlString() == "apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: \"\"\n")
        #expect(
            empty.prettyJSONString()
                == "{\n    \"apiVersion\": \"v1\",\n    \"items\": [],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}"
        )
        #expect(KubectlList.printable([Self.pod, Self.pod], singleItemImplied: true)["items"]?.arrayValue?.count == 2)
        #expect(KubectlList.printable([Self.pod], singleItemImplied: false)["kind"] == "List")
    }

    @Test func printsASingleNamedObjectItself() {
        #expect(KubectlList.printable([Self.pod], singleItemImplied: true) == Self.pod.json)
    }
}
