import Foundation
import Testing

/// `kubesim kustomize DIR` prints byte for byte what the real `kubectl kustomize DIR` (kustomize v5.5, built into
/// kubectl 1.32, offline) prints, and `kubesim apply -k` makes the objects `kubectl apply -k` makes.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct KustomizeInteropTests {
    static func kubesim(_ arguments: [String]) async throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: KubeSimBinary.path) else { throw KubeSimBinary.NotBuilt(path: KubeSimBinary.path) }
        return try await CommandRunner.run(KubeSimBinary.path, arguments)
    }

    static func kubectl(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.run(ServedCluster.kubectlPath, arguments)
    }

    /// Each case: its files and the directory to build among them.
    static let cases: [String: (files: [String: String], subdirectory: String)] = [
        "generators": (KustomizeFixtures.generators, ""), "references": (KustomizeFixtures.references, ""),
        "patches": (KustomizeFixtures.patches, ""), "overlay": (KustomizeFixtures.overlay, "overlay"),
        "base": (KustomizeFixtures.overlay, "base"), "clusterAndCustom": (KustomizeFixtures.clusterAndCustom, "ov"),
        "scalars": (KustomizeFixtures.scalars, ""), "namespaceMoves": (KustomizeFixtures.namespaceMoves, ""),
        "fifoOrder": (KustomizeFixtures.fifoOrder, ""), "customLegacyOrder": (KustomizeFixtures.customLegacyOrder, ""), "component": (KustomizeFixtures.component, ""),
        "replacements": (KustomizeFixtures.replacements, ""), "labelFields": (KustomizeFixtures.labelFields, ""),
    ]

    @Test(arguments: [
        "generators", "references", "patches", "overlay", "base", "clusterAndCustom", "scalars", "namespaceMoves", "fifoOrder",
        "customLegacyOrder", "component", "replacements", "labelFields",
    ])
    func buildMatchesKubectlKustomizeByteForByte(name: String) async throws {
        let (files, subdirectory) = Self.cases[name]!
        let root = try KustomizeFixtures.write(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let directory = subdirectory.isEmpty ? root.path : root.appendingPathComponent(subdirectory).path
        let expected = try await Self.kubectl(["kustomize", directory])
        #expect(expected.status == 0, "\(name): kubectl kustomize failed: \(expected.stderr)")
        let actual = try await Self.kubesim(["kustomize", directory])
        #expect(actual.status == 0, "\(name): \(actual.stderr)")
        #expect(actual.stdout == expected.stdout, "\(name)\n--- kubectl\n\(expected.stdout)\n--- kubesim\n\(actual.stdout)")
        // The deprecation warnings too (`commonLabels`, `patchesStrategicMerge`, ...).
        #expect(actual.stderr == expected.stderr, "\(name)")
    }

    /// The objects of the overlay, as both clusters hold them: name, labels, annotations (the last-applied
    /// configuration among them) and content, without what each server stamps on its own.
    static func objects(_ get: ([String]) async throws -> CommandResult) async throws -> [String] {
        let result = try await get(["get", "deployments,services,configmaps", "-n", "prod", "-o", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let list = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        let items = (list?["items"] as? [[String: Any]]) ?? []
        return items.compactMap { item -> String? in
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            let name = metadata["name"] as? String ?? ""
            if name == "kube-root-ca.crt" { return nil }
            var kept: [String: Any] = ["kind": item["kind"] ?? "", "name": name]
            kept["labels"] = metadata["labels"]
            kept["annotations"] = (metadata["annotations"] as? [String: Any])?.filter { !$0.key.hasPrefix("deployment.kubernetes.io") }
            kept["data"] = item["data"]
            if let spec = item["spec"] as? [String: Any] {
                kept["replicas"] = spec["replicas"]
                kept["template"] = spec["template"]
                kept["selector"] = spec["selector"]
            }
            let data = try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])
            return data.map { String(decoding: $0, as: UTF8.self) }
        }.sorted()
    }

    @Test func applyKMakesTheObjectsKubectlApplyKMakesOnServe() async throws {
        var files = KustomizeFixtures.overlay
        files["overlay/namespace.yaml"] = "apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n"
        files["overlay/kustomization.yaml"] = files["overlay/kustomization.yaml"]!.replacing("- ../base", with: "- ../base\n- namespace.yaml")
        let root = try KustomizeFixtures.write(files)
        defer { try? FileManager.default.removeItem(at: root) }
        let overlay = root.appendingPathComponent("overlay").path
        try await ServedCluster.with { cluster in
            let served = try await cluster.kubectl(["apply", "-k", overlay])
            #expect(served.status == 0, "\(served.stderr)")
            let workspace = try KubectlWorkspace()
            defer { workspace.remove() }
            let embedded = try await workspace.kubesim(["apply", "-k", overlay])
            #expect(embedded.status == 0, "\(embedded.stderr)")
            #expect(embedded.stdout == served.stdout)
            // kustomize's deprecation warning for the base's commonLabels, on standard error in both.
            #expect(embedded.stderr == served.stderr)
            let expected = try await Self.objects { try await cluster.kubectl($0) }
            let actual = try await Self.objects { try await workspace.kubesim($0) }
            #expect(!expected.isEmpty)
            #expect(actual == expected)
            // A second apply changes nothing, in both.
            #expect(try await cluster.kubectl(["apply", "-k", overlay]).stdout.contains("unchanged"))
            #expect(try await workspace.kubesim(["apply", "-k", overlay]).stdout == (try await cluster.kubectl(["apply", "-k", overlay])).stdout)
            // get -k, diff -k (nothing to change, then a changed replica count) and replace -k print what kubectl prints.
            for line in [["get", "-k", overlay, "-o", "name"], ["get", "-k", overlay, "-o", "jsonpath={.items[*].metadata.name}"]] {
                let expected = try await cluster.kubectl(line)
                let actual = try await workspace.kubesim(line)
                #expect(actual.stdout == expected.stdout, "\(line)")
                #expect(actual.status == expected.status, "\(line)")
            }
            let unchanged = try await workspace.kubesim(["diff", "-k", overlay])
            #expect(unchanged.status == 0, "\(unchanged.stdout)\(unchanged.stderr)")
            #expect(try await cluster.kubectl(["diff", "-k", overlay]).status == 0)
            let kustomization = root.appendingPathComponent("overlay/kustomization.yaml")
            let text = try String(contentsOf: kustomization, encoding: .utf8)
            try Data(text.replacing("count: 5", with: "count: 7").utf8).write(to: kustomization)
            let expectedDiff = try await cluster.kubectl(["diff", "-k", overlay])
            let actualDiff = try await workspace.kubesim(["diff", "-k", overlay])
            #expect(expectedDiff.status == 1)
            #expect(actualDiff.status == expectedDiff.status)
            #expect(actualDiff.stdout.contains("-  replicas: 5") && actualDiff.stdout.contains("+  replicas: 7"), "\(actualDiff.stdout)")
            let expectedReplace = try await cluster.kubectl(["replace", "-k", overlay])
            let actualReplace = try await workspace.kubesim(["replace", "-k", overlay])
            #expect(actualReplace.stdout == expectedReplace.stdout)
            #expect(actualReplace.status == expectedReplace.status, "\(actualReplace.stderr)")
            // delete -k removes them in both.
            let servedDelete = try await cluster.kubectl(["delete", "-k", overlay])
            let embeddedDelete = try await workspace.kubesim(["delete", "-k", overlay])
            #expect(embeddedDelete.stdout == servedDelete.stdout)
            #expect(embeddedDelete.status == servedDelete.status)
        }
    }
}
