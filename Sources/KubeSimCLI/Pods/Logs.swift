import APIServer
import ArgumentParser
import Foundation
import KubeAPI
import Synchronization

/// `kubesim logs`: kubectl 1.32's `logs` (`POD | TYPE/NAME [CONTAINER]`, `-l`), on the embedded cluster with the
/// API server's own log reader, or through a server's `pods/log`.
struct Logs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Print the logs for a container in a pod or specified resource.",
        discussion: """
            Embedded, a workload container's log holds what this command's simulated kubelet wrote for it (it \
            says when the container started before); the control-plane pods show what this process did in \
            each role. A running `kubesim serve` keeps the logs since it started: read them with --kubeconfig \
            or --server.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions
    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace.") var namespace: String?
    @Option(name: [.customShort("c"), .customLong("container")], help: "Print the logs of this container.") var container: String?
    @Flag(name: .customLong("all-containers"), help: "Get all containers' logs in the pod(s).") var allContainers = false
    @Option(help: "Lines of recent log file to display (-1: all, or 10 with a selector).") var tail: Int64 = -1
    @Option(help: "Only return logs newer than a relative duration like 5s, 2m, or 3h.") var since: String?
    @Option(name: .customLong("since-time"), help: "Only return logs after a specific date (RFC3339).") var sinceTime: String?
    @Flag(help: "Include timestamps on each line in the log output.") var timestamps = false
    @Option(name: .customLong("limit-bytes"), help: "Maximum bytes of logs to return.") var limitBytes: Int64 = 0
    @Flag(help: "Prefix each log line with the log source (pod name and container name).") var prefix = false
    @Flag(name: [.customShort("f"), .customLong("follow")], help: "Specify if the logs should be streamed.") var follow = false
    @Flag(name: [.customShort("p"), .customLong("previous")], help: "Print the logs for the previous instance of the container.")
    var previous = false
    @Option(name: [.customShort("l"), .customLong("selector")], help: "Selector (label query) to filter on.") var selector: String?
    @Option(name: .customLong("max-log-requests"), help: "Maximum number of concurrent logs to follow with a selector.")
    var maxLogRequests = 5
    @Flag(name: .customLong("ignore-errors"), help: "If watching / following pod logs, allow for any errors that occur to be non-fatal.")
    var ignoreErrors = false
    @Argument(help: "POD or TYPE/NAME, and optionally a container.") var arguments: [String] = []

    static let usage = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples"

    /// One log to print: a pod's container.
    struct Request {
        var pod: KubeObject
        var container: String
    }

    func run() async throws {
        let console = Console.standard
        switch arguments.count {
        case 0 where selector == nil, 3...: throw CommandError(Self.usage)
        case 1 where selector != nil:
            throw CommandError("only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples")
        default: break
        }
        let options = try logOptions()
        let namespace = namespace ?? "default"
        try await serverOptions.withPods(store: store, runningLoops: true, etcdPKI: false) { client, sessions, embedded in
            let requests = try await self.requests(namespace: namespace, options: options, client: client)
            if let embedded, !embedded.loopsRan, !requests.isEmpty {
                console.err.line(
                    "kubesim: the control loops of \(embedded.dataDirectory) run elsewhere (a kubesim serve, or --no-controllers): "
                        + "this command's simulated kubelets wrote no log lines; a server's logs are read with --kubeconfig or --server")
                console.err.flush()
            }
            if follow && requests.count > 1 {
                guard requests.count <= maxLogRequests else {
                    throw CommandError(
                        "you are attempting to follow \(requests.count) log streams, but maximum allowed concurrency is \(maxLogRequests), use --max-log-requests to increase the limit")
                }
                let (prefixing, ignoring) = (prefix, ignoreErrors)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for request in requests {
                        group.addTask {
                            try await Self.print(
                                request, options: options, prefixing: prefixing, ignoringErrors: ignoring, sessions: sessions,
                                console: console)
                        }
                    }
                    try await group.waitForAll()
                }
            } else {
                for request in requests {
                    try await Self.print(
                        request, options: options, prefixing: prefix, ignoringErrors: false, sessions: sessions, console: console)
                }
            }
        }
    }

    /// kubectl's `ToLogOptions` and `Validate`.
    func logOptions() throws -> PodLogOptions {
        var options = PodLogOptions(follow: follow, previous: previous, timestamps: timestamps)
        options.container = container ?? (arguments.count == 2 ? arguments[1] : nil)
        if let since {
            guard let seconds = GoDuration.parse(since) else {
                throw CommandError("invalid argument \"\(since)\" for \"--since\" flag: time: invalid duration \"\(since)\"\nSee 'kubectl logs --help' for usage.")
            }
            if seconds != 0 { options.sinceSeconds = Int64(seconds.rounded()) }
        }
        if let sinceTime, !sinceTime.isEmpty {
            guard let date = RFC3339Timestamp.date(from: sinceTime) else {
                throw CommandError("parsing time \"\(sinceTime)\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \"\(sinceTime)\" as \"2006\"")
            }
            options.sinceTime = date
        }
        if limitBytes != 0 { options.limitBytes = limitBytes }
        if selector != nil && tail == -1 {
            options.tailLines = 10
        } else if tail != -1 {
            options.tailLines = tail
        }
        if sinceTime.map({ !$0.isEmpty }) == true && options.sinceSeconds != nil {
            throw CommandError("at most one of `sinceTime` or `sinceSeconds` may be specified")
        }
        if allContainers, let container = options.container {
            throw CommandError("--all-containers=true should not be specified with container name \(container)")
        }
        if container != nil && arguments.count == 2 { throw CommandError("only one of -c or an inline [CONTAINER] arg is allowed") }
        if limitBytes < 0 { throw CommandError("--limit-bytes must be greater than 0") }
        if let seconds = options.sinceSeconds, seconds < 0 { throw CommandError("--since must be greater than 0") }
        if let lines = options.tailLines, lines < -1 { throw CommandError("--tail must be greater than or equal to -1") }
        return options
    }

    /// The logs to print, as `LogsForObjectFn` lists them (in the pods' and containers' order; kubectl's map has none).
    func requests(namespace: String, options: PodLogOptions, client: any KubeClient) async throws -> [Request] {
        let console = Console.standard
        let warn: (String) -> Void = { message in
            console.err.line(message)
            console.err.flush()
        }
        if let selector {
            let pods = try await client.list(
                BuiltinResources.pods, namespace: namespace, labelSelector: try LabelSelector(parsing: selector),
                fieldSelector: .everything, limit: 0, continueToken: nil
            ).items
            if pods.isEmpty { warn("No resources found in \(namespace) namespace.") }
            return try pods.flatMap { try containers(of: $0, options: options, allPods: true, warn: warn) }
        }
        let type: ResourceType
        let object: KubeObject
        do {
            (type, object) = try await PodTargets.object(arguments[0], namespace: namespace, client: client)
        } catch let error as StatusError where error.code == 404 {
            // The resource builder's words for an object it could not get.
            throw CommandError("error from server (NotFound): \(error.message) in namespace \(FieldError.quoted(namespace))")
        }
        guard type == BuiltinResources.pods else {
            let (pod, count) = try await PodTargets.firstPod(
                of: object, type: type, client: client, ranking: .logging, verb: "get the logs from")
            if count > 1 { warn("Found \(count) pods, using pod/\(pod.name)") }
            return try containers(of: pod, options: options, allPods: false, warn: warn)
        }
        return try containers(of: object, options: options, allPods: false, warn: warn)
    }

    private func containers(of pod: KubeObject, options: PodLogOptions, allPods: Bool, warn: (String) -> Void) throws -> [Request] {
        if allContainers {
            return (PodTargets.names(pod, "initContainers") + PodTargets.names(pod, "containers")
                + PodTargets.names(pod, "ephemeralContainers")).map { Request(pod: pod, container: $0) }
        }
        if let name = options.container {
            guard PodTargets.hasContainer(pod, name) else { throw CommandError("container \(name) is not valid for pod \(pod.name)") }
            return [Request(pod: pod, container: name)]
        }
        return [Request(pod: pod, container: try PodTargets.defaultContainer(pod, quiet: allPods, warn: warn))]
    }

    /// Streams one log to standard output, each line prefixed with its source when `prefixing`; with
    /// `ignoringErrors` (`--ignore-errors` while following several), a failure is a line of output.
    private static func print(
        _ request: Request, options: PodLogOptions, prefixing: Bool, ignoringErrors: Bool, sessions: any PodSessions, console: Console
    ) async throws {
        var options = options
        options.container = request.container
        let prefix = Array((prefixing ? "[pod/\(request.pod.name)/\(request.container)] " : "").utf8)
        let pending = PendingBytes()
        do {
            try await sessions.log(namespace: request.pod.namespace ?? "default", pod: request.pod.name, options: options) { bytes in
                // Whole lines at a time, so that logs followed together do not interleave within a line.
                let lines: [UInt8] = pending.bytes.withLock { pending in
                    pending += bytes
                    guard let last = pending.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
                    defer { pending.removeSubrange(...last) }
                    return Self.prefixed(Array(pending[...last]), prefix)
                }
                guard !lines.isEmpty else { return }
                console.out.write(lines)
                console.out.flush()
            }
        } catch let error as StatusError where ignoringErrors {
            console.out.line("error: \(error.message)")
        }
        let rest = pending.bytes.withLock { $0 }
        if !rest.isEmpty { console.out.write(Self.prefixed(rest, prefix)) }
        console.out.flush()
    }

    /// `bytes` with `prefix` before each line.
    static func prefixed(_ bytes: [UInt8], _ prefix: [UInt8]) -> [UInt8] {
        guard !prefix.isEmpty else { return bytes }
        var out: [UInt8] = []
        var atStart = true
        for byte in bytes {
            if atStart { out += prefix }
            out.append(byte)
            atStart = byte == UInt8(ascii: "\n")
        }
        return out
    }
}

/// The bytes of a log not yet printed: the part of a line whose end has not come.
private final class PendingBytes: Sendable {
    let bytes = Mutex<[UInt8]>([])
}
