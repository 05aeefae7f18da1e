import ArgumentParser
import Foundation
import KubeAPI

/// kubectl's FilenameOptions: where a command's objects come from, `-f FILE|DIR|-` (with `-R` for
/// subdirectories) or `-k DIR` (a kustomization, built as `kubesim kustomize DIR` builds it), never both.
struct FilenameOptions: ParsableArguments {
    @Option(name: [.customShort("f"), .customLong("filename")], help: "Files, directories or - for stdin.")
    var filenames: [String] = []

    @Option(name: [.customShort("k"), .customLong("kustomize")], help: "A kustomization directory to build and use.")
    var kustomize: String?

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Process directories recursively.")
    var recursive = false

    /// Whether any source was given.
    var isEmpty: Bool { filenames.isEmpty && kustomize == nil }

    /// kubectl's checks of the flags, in its words (printed after `error: `).
    func problem() -> String? {
        if !filenames.isEmpty && kustomize != nil { return "only one of -f or -k can be specified" }
        if kustomize != nil && recursive { return "the -k flag can't be used with -f or -R" }
        return nil
    }

    /// The documents of every source, and those that could not be read. A kustomization that cannot be built
    /// yields its error alone and no documents, so nothing of it is written.
    func read() -> (documents: [ManifestDocument], errors: [ManifestError]) {
        guard let kustomize else { return ManifestReader(recursive: recursive).read(filenames) }
        do {
            let objects = try KustomizeBuilder(warn: { Console.standard.err.line($0) }).build(kustomize)
            // As kubectl's builder, every object of a kustomization names the directory as its source.
            return (objects.enumerated().map { ManifestDocument(source: kustomize, index: $0.offset + 1, object: $0.element.object) }, [])
        } catch {
            return ([], [ManifestError(source: kustomize, message: error.description)])
        }
    }
}
