import ArgumentParser

/// `kubesim completion bash|zsh|fish`: the shell completion script swift-argument-parser generates for every
/// subcommand and option.
struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Output shell completion code for the specified shell (bash, zsh or fish).")

    @Argument(help: "bash, zsh or fish")
    var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell), [.bash, .zsh, .fish].contains(kind) else {
            throw CommandError("Unsupported shell type \"\(shell)\".\nSee 'kubesim completion -h' for help and examples")
        }
        Console.standard.out.write(KubeSimCommand.completionScript(for: kind))
    }
}
