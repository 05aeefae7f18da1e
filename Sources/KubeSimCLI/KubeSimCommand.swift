import ArgumentParser
import ClusterBootstrap
import EtcdCore
import Foundation
import KubeAPI

/// `kubesim`: the command line of the Kubernetes control-plane simulator.
public struct KubeSimCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kubesim",
        abstract: "A Kubernetes control-plane simulator on an embedded etcd-compatible store.",
        subcommands: [
            InitCommand.self, Apply.self, Diff.self, Replace.self, Edit.self, Get.self, Describe.self, KustomizeCommand.self, Logs.self, Exec.self, Create.self, Delete.self, Scale.self, Autoscale.self, Label.self, Annotate.self, Cordon.self, Uncordon.self, Drain.self, Taint.self, Auth.self, CertificateCommand.self, Top.self, Rollout.self, Run.self, Expose.self, SetCommand.self, Wait.self, Events.self, Patch.self, APIVersions.self, APIResources.self, Explain.self, VersionCommand.self, ClusterInfo.self, ConfigCommand.self, Etcdctl.self, Serve.self, RegistryCommand.self, Replay.self,
            ClockCommand.self, NodeCommand.self, ClusterCommand.self, Completion.self,
        ])

    public init() {}

    /// Runs the process's command line and exits with its status.
    public static func main() async {
        let status = await run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
        Foundation.exit(status)
    }

    /// Runs one command line and returns the exit status. Output goes to the standard streams.
    ///
    /// Failures print `Error: <message>` on standard error. Usage errors exit 1, as kubectl's and etcdctl's do;
    /// `etcdctl` commands exit with etcdctl's codes. A command stopped by SIGINT or SIGTERM re-raises the signal.
    /// The options kubectl takes before its subcommand (`kubesim --kubeconfig admin.conf get pods`), moved after
    /// the subcommand's arguments, where the commands declare them.
    static func movingGlobalOptions(_ arguments: [String]) -> [String] {
        let global: Set<String> = ["--kubeconfig", "--server", "--data-dir", "--namespace", "-n"]
        var moved: [String] = []
        var rest = arguments[...]
        while let first = rest.first, first.hasPrefix("-") {
            let name = String(first.split(separator: "=", maxSplits: 1)[0])
            guard global.contains(name) else { break }
            if first.contains("=") {
                moved.append(first)
                rest = rest.dropFirst()
            } else {
                moved.append(contentsOf: rest.prefix(2))
                rest = rest.dropFirst(2)
            }
        }
        guard !rest.isEmpty, !moved.isEmpty else { return arguments }
        // After the subcommand's own arguments (a nested subcommand declares them too), before any `--`.
        let terminator = rest.firstIndex(of: "--") ?? rest.endIndex
        return Array(rest[..<terminator]) + moved + rest[terminator...]
    }

    public static func run(_ arguments: [String], environment: [String: String]) async -> Int32 {
        let console = Console.standard
        defer { console.flush() }
        if let rejection = EtcdctlV2.rejection(arguments: arguments, environment: environment) {
            console.err.line("Error: \(rejection)")
            return EtcdctlExitCode.error.rawValue
        }
        // pflag takes `--flag=` as an empty value (`api-resources --api-group=` lists the core group); the
        // argument parser takes an empty value only as an argument of its own.
        let terminator = arguments.firstIndex(of: "--") ?? arguments.endIndex
        let expanded = arguments[..<terminator].flatMap { argument in
            argument.hasPrefix("--") && argument.hasSuffix("=") && argument.filter({ $0 == "=" }).count == 1
                ? [String(argument.dropLast()), ""] : [argument]
        } + arguments[terminator...]
        let moved = ConfigCommand.normalisingArguments(Self.movingGlobalOptions(expanded))
        let known = configuration.subcommands.flatMap { [$0._commandName] + $0.configuration.aliases } + ["help"]
        if let unknown = UnknownCommand.error(moved, known: known) {
            console.err.line(unknown)
            return 1
        }
        do {
            var command = try await asyncParseAsRoot(moved)
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            return 0
        } catch let failure as EtcdctlFailure {
            console.out.flush()
            console.err.line("Error: \(failure.message)")
            return failure.code.rawValue
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let refused as ConnectionRefused {
            console.out.flush()
            console.err.line(refused.message)
            return 1
        } catch let failure as CommandError {
            console.out.flush()
            // kubectl's `fatal`: a message that ends its own line gets no second newline.
            console.err.write("error: \(failure.message)" + (failure.message.hasSuffix("\n") ? "" : "\n"))
            return 1
        } catch let failure as BootstrapError {
            console.out.flush()
            console.err.line("error: \(failure.message)")
            return 1
        } catch let failure as StatusError {
            console.out.flush()
            console.err.line(KubectlErrors.message(failure))
            return 1
        } catch let failure as StorageError {
            console.out.flush()
            console.err.line("error: \(failure)")
            return 1
        } catch let terminated as TerminatedBySignal {
            console.flush()
            signal(terminated.signal, SIG_DFL)
            raise(terminated.signal)
            return 128 + terminated.signal
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                console.out.line(fullMessage(for: error))
                return 0
            }
            console.err.line(fullMessage(for: error))
            return code == .validationFailure ? 1 : code.rawValue
        }
    }
}
