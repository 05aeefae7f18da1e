import Foundation
import RobustnessKit
import Testing

@testable import KubeSimCLI

/// A seeded mutation-fuzzing pass over the manifest reader `kubesim apply -f` uses (documents split at `---`,
/// each parsed as YAML or JSON, `List`s expanded), with issue 12's hostile files in the corpus: every file is
/// read or refused with errors naming it, fast.
struct ManifestFuzzTests {
    static let manifest = """
        apiVersion: v1
        kind: Namespace
        metadata: {name: demo}
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: demo, labels: &l {app: web}}
        spec:
          replicas: 2
          selector: {matchLabels: *l}
          template:
            metadata: {labels: *l}
            spec: {containers: [{name: web, image: nginx}]}
        ---
        {"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}]}
        """
    static let billionLaughs: String = {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = ["apiVersion: v1", "kind: ConfigMap", #"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n")
    }()
    static let deep = "apiVersion: v1\nkind: ConfigMap\ndata: " + String(repeating: "{a: ", count: 6_000) + "1" + String(repeating: "}", count: 6_000)

    @Test func mutatedManifestsAreReadOrRefusedWithTheirFileNamed() async {
        let fuzzer = MutationFuzzer(
            seed: robustnessSeed(), corpus: [Self.manifest, Self.billionLaughs, Self.deep].map { Array($0.utf8) },
            dictionary: ["---\n", "&a ", "*a", "- ", "{", "[", "kind: List\nitems:\n- ", "\t"].map { Array($0.utf8) })
        let unnamed = MutationFuzzer.Findings()
        let summary = await fuzzer.run("manifests", iterations: 800) { bytes in
            let (_, errors) = ManifestReader.documents(in: Data(bytes), source: "fuzz.yaml")
            for error in errors where error.source != "fuzz.yaml" || (error.index ?? 0) < 1 { unnamed.append("\(error)") }
            if !errors.isEmpty { throw CancellationError() }
        }
        #expect(unnamed.all.isEmpty, "\(unnamed.all.prefix(3))")
        // A hang detector, not a speed target (the 2-core CI machine runs other suites beside this one).
        #expect(summary.slowest < .seconds(20), "\(summary): \(String(decoding: summary.slowestInput.prefix(200), as: UTF8.self))")
        #expect(summary.memoryGrowthBytes < 512 << 20, "\(summary)")
    }
}
