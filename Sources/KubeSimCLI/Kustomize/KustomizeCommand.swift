import ArgumentParser
import Foundation

/// `kubesim kustomize DIR`: prints what `kubectl kustomize DIR` prints, the kustomization built as YAML
/// documents; a kustomization that cannot be built prints its error, naming the file and field, and exits 1.
struct KustomizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kustomize", abstract: "Build a kustomization target from a directory.")

    @Argument(help: "The kustomization directory (default: the current directory).")
    var directory: String = "."

    func run() throws {
        let console = Console.standard
        do {
            let builder = KustomizeBuilder(warn: { console.err.line($0) })
            console.out.write(try builder.render(directory))
            console.out.flush()
        } catch {
            console.err.line("error: \(error.description)")
            console.err.flush()
            throw ExitCode(1)
        }
    }
}
