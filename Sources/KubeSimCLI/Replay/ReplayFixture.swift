import Foundation

/// A fixture folder as `kubesim replay` reads it: its manifests grouped in steps, and its golden files under
/// `expected/`. Files at the top level form one step; each subfolder (but `expected`) is a further step, in name
/// order. Within a step, files are applied in name order, except `delete.yaml`, whose objects are deleted.
struct ReplayFixture {
    /// One step: its name (the subfolder, or `.`) and its files, relative to the fixture folder.
    struct Step {
        var name: String
        var files: [String]
    }

    static let deleteFile = "delete.yaml"

    var directory: URL
    var steps: [Step]

    var expectedRegistry: URL { directory.appendingPathComponent("expected/registry.yaml") }
    var expectedErrors: URL { directory.appendingPathComponent("expected/errors.txt") }
    /// Where the golden dumps after each step live, for a fixture that pins its steps: `expected/steps/`.
    var expectedSteps: URL { directory.appendingPathComponent("expected/steps") }
    /// Whether the fixture pins the registry after each step too (it has `expected/steps/`).
    var pinsSteps: Bool { Self.isDirectory(expectedSteps) }

    /// The golden dump after `step`.
    func expectedRegistry(after step: Step) -> URL {
        expectedSteps.appendingPathComponent("\(step.name == "." ? "top-level" : step.name).yaml")
    }
    /// How many files the steps hold.
    var fileCount: Int { steps.reduce(0) { $0 + $1.files.count } }

    /// Reads the folder's layout.
    /// - Throws: `CommandError` when the folder does not exist or holds no manifests.
    init(directory path: String) throws {
        directory = URL(fileURLWithPath: path).standardizedFileURL
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CommandError("the fixture \(path) is not a directory")
        }
        var topLevel: [String] = []
        var subfolders: [Step] = []
        for entry in Self.entries(directory) {
            if Self.isDirectory(directory.appendingPathComponent(entry)) {
                guard entry != "expected" else { continue }
                let files = Self.entries(directory.appendingPathComponent(entry))
                    .filter(Self.isManifest).map { "\(entry)/\($0)" }
                subfolders.append(Step(name: entry, files: files))
            } else if Self.isManifest(entry) {
                topLevel.append(entry)
            }
        }
        steps = (topLevel.isEmpty ? [] : [Step(name: ".", files: topLevel)]) + subfolders
        guard fileCount > 0 else { throw CommandError("the fixture \(path) holds no manifests") }
    }

    private static func entries(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    private static func isDirectory(_ url: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    private static func isManifest(_ name: String) -> Bool {
        ManifestReader.extensions.contains((name as NSString).pathExtension.lowercased())
    }
}
