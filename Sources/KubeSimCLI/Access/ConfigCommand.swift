import ArgumentParser
import Foundation

/// `kubesim config`: kubectl's `config` subcommands on kubeconfig files. The file is `--kubeconfig`, else the
/// files `$KUBECONFIG` lists (merged), else the data directory's `admin.conf` (written by `kubesim serve`).
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Modify kubeconfig files.",
        subcommands: [
            ConfigView.self, ConfigCurrentContext.self, ConfigGetContexts.self, ConfigGetClusters.self, ConfigGetUsers.self,
            ConfigUseContext.self, ConfigSetContext.self, ConfigSetCluster.self, ConfigSetCredentials.self,
            ConfigDeleteContext.self, ConfigDeleteCluster.self, ConfigDeleteUser.self, ConfigRenameContext.self,
            ConfigSet.self, ConfigUnset.self,
        ])

    /// pflag's optional-value booleans (`--embed-certs` alone means `--embed-certs=true`), given their value so
    /// the argument parser reads them as options.
    static let optionalValueFlags: Set<String> = ["--embed-certs", "--insecure-skip-tls-verify", "--set-raw-bytes"]

    /// `arguments` with each bare optional-value flag of a `config` command given `=true`, and the file options
    /// given before the subcommand (`config --kubeconfig FILE view`, a persistent flag in kubectl) moved after it.
    static func normalisingArguments(_ arguments: [String]) -> [String] {
        guard arguments.first == "config" else { return arguments }
        var rest = Array(arguments.dropFirst())
        var moved: [String] = []
        while let first = rest.first, let name = first.split(separator: "=", maxSplits: 1).first,
            ["--kubeconfig", "--data-dir"].contains(String(name))
        {
            let count = first.contains("=") ? 1 : min(2, rest.count)
            moved += rest.prefix(count)
            rest.removeFirst(count)
        }
        let terminator = rest.firstIndex(of: "--") ?? rest.endIndex
        let options = rest[..<terminator].map { optionalValueFlags.contains($0) ? $0 + "=true" : $0 }
        return ["config"] + options + moved + rest[terminator...]
    }
}

/// The options every `config` subcommand shares: which kubeconfig file.
struct KubeconfigFileOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Option(help: ArgumentHelp("Use a particular kubeconfig file.", valueName: "path")) var kubeconfig: String?

    /// The files, by kubectl's rule with the data directory's `admin.conf` as the default file.
    func files(environment: [String: String] = ProcessInfo.processInfo.environment) -> KubeconfigFiles {
        let global = URL(fileURLWithPath: store.resolvedDataDirectory(environment: environment)).appendingPathComponent("admin.conf").path
        return KubeconfigFiles(explicitFile: kubeconfig, environment: environment, globalFile: global)
    }
}

/// kubectl's report of several errors at once (an aggregate): one alone as `error: MESSAGE`, several as one
/// line each, without the prefix; exit 1.
enum AggregateError {
    static func fail(_ messages: [String]) throws -> Never {
        if messages.count == 1 { throw CommandError(messages[0]) }
        Console.standard.out.flush()
        Console.standard.err.write(messages.map { $0 + "\n" }.joined())
        throw ExitCode(1)
    }
}

/// Go's `strconv.ParseBool`, for pflag's boolean values.
enum GoBool {
    struct Invalid: Error {}

    static func parse(_ text: String) throws(Invalid) -> Bool {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: throw Invalid()
        }
    }

    /// A flag's value; an invalid one fails as cobra's flag errors do (`Error: invalid argument ...` and where
    /// to find usage, on standard error, exit 1).
    static func flag(_ text: String, _ flag: String, command: String) throws -> Bool {
        do {
            return try parse(text)
        } catch {
            let quoted = GoStringLiteral.quote(text)
            Console.standard.err.write(
                "Error: invalid argument \(quoted) for \"--\(flag)\" flag: strconv.ParseBool: parsing \(quoted): invalid syntax\n"
                    + "See 'kubesim \(command) --help' for usage.\n")
            throw ExitCode(1)
        }
    }
}

/// What kubectl's config commands do when given the wrong number of arguments: show the command's help on
/// standard output, then fail with `message` (cobra's `helpErrorf`); with no message, only the help, and
/// success.
struct ConfigUsage {
    static func fail<Command: ParsableCommand>(_ command: Command.Type, _ message: String?) throws -> Never {
        Console.standard.out.write(KubeSimCommand.helpMessage(for: command) + "\n")
        guard let message else { throw ExitCode.success }
        throw CommandError(message)
    }

    /// Go's `%v` of a string slice: `[a b]`.
    static func list(_ items: [String]) -> String { "[" + items.joined(separator: " ") + "]" }
}
