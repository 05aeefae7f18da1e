import Foundation
import Testing

/// Bad kustomizations and bad flag combinations: an error that names the file and field, a non-zero exit, and
/// nothing written.
@Suite struct KustomizeErrorTests {
    static func build(_ files: [String: String], _ subdirectory: String = "") async throws -> (CommandResult, URL) {
        let root = try KustomizeFixtures.write(files)
        let directory = subdirectory.isEmpty ? root.path : root.appendingPathComponent(subdirectory).path
        return (try await KustomizeInteropTests.kubesim(["kustomize", directory]), root)
    }

    @Test func anUnknownFieldIsRefusedNamingFileAndField() async throws {
        let (result, root) = try await Self.build(["kustomization.yaml": "resources: []\nbogusField: 1\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("kustomization.yaml: bogusField: invalid Kustomization: json: unknown field \"bogusField\""), "\(result.stderr)")
    }

    @Test func aKustomizeFieldTheSimulatorDoesNotBuildIsRefusedNotIgnored() async throws {
        let (result, root) = try await Self.build(["kustomization.yaml": "helmCharts:\n- name: nginx\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("kustomization.yaml: helmCharts: is not supported by the simulator's kustomize"), "\(result.stderr)")
    }

    @Test func aReplacementTargetFieldThatIsMissingIsAnErrorUnlessCreated() async throws {
        var files = KustomizeFixtures.replacements
        files["kustomization.yaml"] = files["kustomization.yaml"]!.replacing(
            "- spec.template.spec.containers.0.args.1", with: "- spec.template.spec.containers.0.args.1\n    - metadata.annotations.missing")
        let (result, root) = try await Self.build(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("replacements[0].targets[0].fieldPaths: unable to find field \"metadata.annotations.missing\" in replacement target"), "\(result.stderr)")
    }

    @Test func aRemoteResourceIsRefusedWithoutFetching() async throws {
        let (result, root) = try await Self.build(["kustomization.yaml": "resources:\n- https://github.com/example/repo//deploy?ref=v1\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("resources[0]: remote resource"), "\(result.stderr)")
        #expect(result.stderr.contains("the simulator does not fetch"))
    }

    @Test func aBadGeneratorEntryNamesItsField() async throws {
        let (result, root) = try await Self.build(["kustomization.yaml": "configMapGenerator:\n- name: c\n  literals:\n  - ok=1\n  - novalue\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("configMapGenerator[0].literals[1]: invalid literal source novalue, expected key=value"), "\(result.stderr)")
    }

    @Test func aNumberWhereKustomizeWantsAStringAndAnEmptyFileAreErrors() async throws {
        let (number, root) = try await Self.build(["kustomization.yaml": "images:\n- name: nginx\n  newTag: 2\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(number.status == 1)
        #expect(number.stderr.contains("kustomization.yaml: images[0].newTag: must be a string, not a number"), "\(number.stderr)")
        let (boolean, third) = try await Self.build(["kustomization.yaml": "commonLabels: {a: yes}\n"])
        defer { try? FileManager.default.removeItem(at: third) }
        #expect(boolean.stderr.contains("commonLabels.a: must be a string, not a bool"), "\(boolean.stderr)")
        let (empty, other) = try await Self.build(["kustomization.yaml": "\n"])
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("kustomization.yaml is empty"), "\(empty.stderr)")
    }

    @Test func aMissingResourceFileAndAMissingKustomizationAreNamed() async throws {
        let (missing, root) = try await Self.build(["kustomization.yaml": "resources:\n- gone.yaml\n"])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("kustomization.yaml: resources[0]: accumulating resources from 'gone.yaml'"), "\(missing.stderr)")
        let (empty, other) = try await Self.build(["README": "no kustomization here\n"])
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory"))
    }

    @Test func aStrategicMergePatchThatMatchesNothingIsAnError() async throws {
        var files = KustomizeFixtures.patches
        files["more-replicas.yaml"] = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: nothing}\nspec: {replicas: 2}\n"
        let (result, root) = try await Self.build(files)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(result.status == 1)
        #expect(result.stderr.contains("patches[0]: no resource matches strategic merge patch"), "\(result.stderr)")
    }

    @Test func fAndKTogetherAndNeitherAreRefusedInKubectlsWords() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let both = try await workspace.kubesim(["apply", "-f", "x.yaml", "-k", "."])
        #expect(both.status == 1)
        #expect(both.stderr == "error: only one of -f or -k can be specified\n")
        let recursive = try await workspace.kubesim(["delete", "-k", ".", "-R"])
        #expect(recursive.stderr == "error: the -k flag can't be used with -f or -R\n")
        let neither = try await workspace.kubesim(["replace"])
        #expect(neither.stderr == "error: must specify one of -f and -k\n")
    }

    @Test func applyDeleteOrReplaceKOfABrokenKustomizationWritesNothing() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let directory = try KustomizeFixtures.write([
            "kustomization.yaml": "resources:\n- cm.yaml\nconfigMapGenerator:\n- name: g\n  files:\n  - absent.txt\n",
            "cm.yaml": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\ndata: {a: b}\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = try await workspace.revision()
        let result = try await workspace.kubesim(["apply", "-k", directory.path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("configMapGenerator[0].files[0]"), "\(result.stderr)")
        #expect(try await workspace.revision() == before)
        for verb in ["delete", "replace"] {
            let other = try await workspace.kubesim([verb, "-k", directory.path])
            #expect(other.status == 1, "\(verb)")
            #expect(other.stderr.contains("configMapGenerator[0].files[0]"), "\(verb): \(other.stderr)")
        }
        #expect(try await workspace.revision() == before)
    }
}
