import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim replay DIR`: applies a fixture's manifests step by step into a fresh store, dumps the registry in a
/// normalised form and compares it with the golden `DIR/expected/registry.yaml`.
///
/// Exits 0 when the dump matches, 1 with a unified diff and a line per differing key when it does not, and 2 with
/// `apply`'s error lines when a manifest is invalid or rejected. `--update` rewrites the golden file instead
/// (`expected/errors.txt` for a fixture that fails). The store is a throwaway one unless `--data-dir` is given;
/// a new store starts empty (the system namespaces only), not seeded as other commands seed one.
struct Replay: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay a fixture's manifests and compare the registry with its golden dump.")

    @Argument(help: "The fixture folder.")
    var directory: String

    @Option(name: .customLong("data-dir"), help: "Replay into this data directory instead of a throwaway store.")
    var dataDirectory: String?

    @Flag(name: .customLong("update"), help: "Rewrite the golden files with this run's output.")
    var update = false

    @Option(name: .customLong("junit"), help: "Write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .customLong("no-controllers"), help: "Only store the manifests' objects: do not run the control loops after each step.")
    var noControllers = false

    /// Where a replay's simulated clock starts: 2025-01-01T00:00:00Z.
    static let simulatedStart = Date(timeIntervalSince1970: 1_735_689_600)

    /// What a replay ended with.
    private enum Outcome {
        case match, difference(String), invalid([String])
    }

    func run() async throws {
        let console = Console.standard
        let fixture = try ReplayFixture(directory: directory)
        let started = Date()
        let outcome = try await replay(fixture, console: console)
        if let junit {
            let failure: (String, String)? =
                switch outcome {
                case .match: nil
                case .difference(let diff): ("the registry differs from expected/registry.yaml", diff)
                case .invalid(let errors): ("invalid manifests", errors.joined(separator: "\n"))
                }
            let report = JUnitReport(
                suite: "kubesim replay",
                cases: [.init(name: fixture.directory.lastPathComponent, seconds: Date().timeIntervalSince(started), failure: failure)])
            try Data(report.xml.utf8).write(to: URL(fileURLWithPath: junit))
        }
        switch outcome {
        case .match:
            return
        case .difference(let diff):
            console.out.write(diff)
            throw ExitCode(1)
        case .invalid(let errors):
            for line in errors { console.err.line(line) }
            throw ExitCode(2)
        }
    }

    private func replay(_ fixture: ReplayFixture, console: Console) async throws -> Outcome {
        var store = StoreOptions()
        let throwaway = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-replay-\(UUID().uuidString)")
        store.dataDirectory = dataDirectory ?? throwaway.path
        // The media type the data directory recorded (JSON for a throwaway store).
        store.storageMediaType = nil
        // A new store starts empty, so the golden dump holds only the fixture's objects. To replay onto a
        // kubeadm-like cluster, `kubesim init --data-dir DIR` first and replay with `--data-dir DIR`.
        store.bare = true
        defer { try? FileManager.default.removeItem(at: throwaway) }

        let progress = ReplayProgress(total: fixture.fileCount, console: console)
        var stepDifferences = ""
        let (errors, dump) = try await store.withStore { kv -> ([String], [String: JSONValue]) in
            // A fixed start and seed: the same fixture settles into the same registry, names and all.
            let controlPlane = try await EmbeddedControlPlane.open(
                kv, dataDirectory: store.resolvedDataDirectory(), runningLoops: !noControllers, start: Self.simulatedStart,
                seed: 0, transformers: IdentityTransformer(), storageMediaType: store.resolvedStorageMediaType())
            var errors: [String] = []
            var offset = 0
            for step in fixture.steps {
                for file in step.files {
                    offset += 1
                    let number = offset
                    errors += await apply(file, in: fixture, controlPlane: controlPlane) { progress.show(number, file, document: $0) }
                }
                // Each step is one `kubesim apply`: the control loops settle after it.
                if errors.isEmpty { try await controlPlane.settle() }
                if errors.isEmpty && fixture.pinsSteps {
                    let golden = fixture.expectedRegistry(after: step)
                    stepDifferences += try compare(try await RegistryDump.read(kv), with: golden, console: console) ?? ""
                }
            }
            progress.finish()
            return (errors, errors.isEmpty ? try await RegistryDump.read(kv) : [:])
        }
        if !errors.isEmpty {
            if update { try write(errors.map { $0 + "\n" }.joined(), to: fixture.expectedErrors, console: console) }
            return .invalid(errors)
        }
        let difference = (try compare(dump, with: fixture.expectedRegistry, console: console) ?? "") + stepDifferences
        return difference.isEmpty ? .match : .difference(difference)
    }

    /// Compares a dump, normalised, with a golden file (or rewrites the file with `--update`); returns the
    /// unified diff and a line per differing key, or nil when they match.
    private func compare(_ dump: [String: JSONValue], with golden: URL, console: Console) throws -> String? {
        let actual = DumpNormaliser.normalise(dump)
        let actualText = JSONValue.object(actual).yamlString()
        if update {
            try write(actualText, to: golden, console: console)
            return nil
        }
        let expectedText = (try? String(contentsOf: golden, encoding: .utf8)) ?? ""
        if expectedText == actualText { return nil }
        let expected = (try? JSONValue.parseYAMLDocuments(expectedText).first?.objectValue) ?? nil
        let summary = DumpComparison.summary(expected: expected ?? [:], actual: actual)
        let name = golden.pathComponents.suffix(golden.pathComponents.contains("steps") ? 3 : 2).joined(separator: "/")
        let diff = UnifiedDiff.diff(expectedText, actualText, oldName: name, newName: "actual")
        return diff + summary.map { $0 + "\n" }.joined()
    }

    /// Applies, or for `delete.yaml` deletes, the objects of one file, telling `progress` the number of each;
    /// returns apply's error lines.
    private func apply(
        _ file: String, in fixture: ReplayFixture, controlPlane: EmbeddedControlPlane, progress: (Int) -> Void
    ) async -> [String] {
        let client = controlPlane.registry
        let data: Data
        do {
            data = try Data(contentsOf: fixture.directory.appendingPathComponent(file))
        } catch {
            return ["error: error reading \(FieldError.quoted(file)): \(error.localizedDescription)"]
        }
        let (documents, readErrors) = ManifestReader.documents(in: data, source: file)
        // Replay is kubesim's own: each line names the file and document, then says what kubectl would.
        var errors = readErrors.map { "\($0.location): \(KubectlErrors.message($0))" }
        let deleting = (file as NSString).lastPathComponent == ReplayFixture.deleteFile
        for (offset, document) in documents.enumerated() {
            progress(offset + 1)
            do {
                if deleting {
                    try await delete(document, client: client)
                } else {
                    _ = try await ManifestApplier().apply(document, client: client)
                }
                try await controlPlane.catchUp()
            } catch {
                let sourced = deleting && error is StatusError ? KubectlErrors.sourced(error, verb: "deleting", source: document.source) : error
                errors.append("\(document.location): \(KubectlErrors.message(sourced))")
            }
        }
        return errors
    }

    private func delete(_ document: ManifestDocument, client: any KubeClient) async throws {
        let object = KubeObject(document.object)
        guard let type = client.catalog.type(apiVersion: object.apiVersion, kind: object.kind) else {
            throw CommandError("resource mapping not found for name: \(FieldError.quoted(object.name)) namespace: \(FieldError.quoted(object.namespace ?? "")) from \(FieldError.quoted(document.source)): no matches for kind \(FieldError.quoted(object.kind)) in version \(FieldError.quoted(object.apiVersion))")
        }
        _ = try await client.delete(
            type, namespace: type.namespaced ? object.namespace ?? "default" : nil, name: object.name,
            options: DeleteOptions(propagationPolicy: .background, dryRun: false))
    }

    private func write(_ text: String, to url: URL, console: Console) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
        console.err.line("updated \(url.path)")
    }
}
