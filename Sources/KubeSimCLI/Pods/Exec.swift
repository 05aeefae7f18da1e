import APIServer
import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim exec`: kubectl 1.32's `exec POD | TYPE/NAME [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`, run in
/// the embedded cluster's simulated container runtime (the one `kubesim serve` runs `pods/exec` in), or through
/// a server's `pods/exec` over WebSocket. The command's exit code is kubesim's, as it is kubectl's.
struct Exec: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Execute a command in a container.",
        discussion: """
            Containers are simulated: the etcd container of the kube-system/etcd-<node> static pod answers \
            sh -c "...", etcdctl on the cluster's store, etcd --version, ls, cat, env, hostname and an \
            interactive sh; any other container runs nothing, and exec says so.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.") var namespace: String?
    @Option(name: [.customShort("c"), .customLong("container")], help: "Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation, else the first container.")
    var container: String?
    @Flag(name: [.customShort("i"), .customLong("stdin")], help: "Pass stdin to the container.") var stdin = false
    @Flag(name: [.customShort("t"), .customLong("tty")], help: "Stdin is a TTY.") var tty = false
    @Flag(name: [.customShort("q"), .customLong("quiet")], help: "Only print output from the remote session.") var quiet = false
    @Argument(help: "POD or TYPE/NAME.") var target: String?
    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.") var command: [String] = []

    func run() async throws {
        let console = Console.standard
        guard let target else { throw CommandError("pod, type/name or --filename must be specified") }
        guard !command.isEmpty else { throw CommandError("you must specify at least one command for the container") }
        let namespace = namespace ?? "default"
        let status = try await serverOptions.withPods(store: store, runningLoops: false, etcdPKI: true) { client, sessions, _ in
            let pod = try await self.pod(target, namespace: namespace, client: client)
            let phase = pod.json[["status", "phase"]]?.stringValue ?? ""
            if phase == "Succeeded" || phase == "Failed" {
                throw CommandError("cannot exec into a container in a completed pod; current phase is \(phase)")
            }
            let container = try self.container ?? PodTargets.defaultContainer(pod, quiet: quiet) { message in
                console.err.line(message)
                console.err.flush()
            }
            var terminal = stdin && tty
            if terminal && isatty(STDIN_FILENO) == 0 {
                terminal = false
                if !quiet { console.err.line("Unable to use a TTY - input is not a terminal or the right kind of file") }
                console.err.flush()
            }
            let raw = terminal ? RawTerminal() : nil
            defer { raw?.restore() }
            return try await sessions.exec(
                namespace: pod.namespace ?? namespace, pod: pod.name, container: container, command: command, tty: terminal,
                stdin: stdin ? Self.standardInput() : nil,
                stdout: { bytes in
                    console.out.write(bytes)
                    console.out.flush()
                },
                stderr: { bytes in
                    console.err.write(bytes)
                    console.err.flush()
                })
        }
        try Self.conclude(status)
    }

    /// The pod `target` names: itself, or the first pod of a workload (`AttachablePodForObjectFn`).
    private func pod(_ target: String, namespace: String, client: any KubeClient) async throws -> KubeObject {
        let (type, object) = try await PodTargets.object(target, namespace: namespace, client: client)
        guard type != BuiltinResources.pods else { return object }
        return try await PodTargets.firstPod(of: object, type: type, client: client, ranking: .exec, verb: "attach to").pod
    }

    /// client-go's reading of the error stream's `Status` (`errorDecoderV4`): success returns; a non-zero exit
    /// becomes kubectl's `command terminated with exit code N` and that exit status; any other failure its message.
    static func conclude(_ status: JSONValue) throws {
        switch status["status"]?.stringValue {
        case "Success":
            return
        case "Failure":
            guard status["reason"]?.stringValue == "NonZeroExitCode" else {
                throw CommandError(status["message"]?.stringValue ?? "")
            }
            let causes = status[["details", "causes"]]?.arrayValue ?? []
            guard let cause = causes.first(where: { $0["reason"]?.stringValue == "ExitCode" }) else {
                throw CommandError("error stream protocol error: no ExitCode cause given")
            }
            guard let code = UInt8(cause["message"]?.stringValue ?? "") else {
                throw CommandError("error stream protocol error: invalid exit code value \"\(cause["message"]?.stringValue ?? "")\"")
            }
            let console = Console.standard
            console.out.flush()
            console.err.line("command terminated with exit code \(code)")
            console.err.flush()
            throw ExitCode(Int32(code))
        default:
            throw CommandError("error stream protocol error: unknown error")
        }
    }

    /// Standard input as a stream of chunks, ending at its end.
    static func standardInput() -> AsyncStream<[UInt8]> {
        let (stream, continuation) = AsyncStream.makeStream(of: [UInt8].self)
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                continuation.yield(Array(buffer.prefix(count)))
            }
            continuation.finish()
        }
        thread.start()
        return stream
    }
}

/// The local terminal in raw mode for `exec -it` (the container's terminal echoes and edits), restored after.
final class RawTerminal {
    private var original = termios()
    private let saved: Bool

    init() {
        saved = tcgetattr(STDIN_FILENO, &original) == 0
        guard saved else { return }
        var raw = original
        cfmakeraw(&raw)
        tcsetattr(STDIN_FILENO, TCSANOW, &raw)
    }

    func restore() {
        if saved { tcsetattr(STDIN_FILENO, TCSANOW, &original) }
    }
}
