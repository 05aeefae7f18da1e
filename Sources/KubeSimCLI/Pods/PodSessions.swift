import APIServer
import ComponentLogs
import Foundation
import KubeAPI

/// How `kubesim logs` and `kubesim exec` reach a pod's containers: in process on the embedded cluster (the API
/// server's own log reader and container runtime), or through a server's `pods/log` and `pods/exec`.
protocol PodSessions: Sendable {
    /// Hands the log's bytes to `write` as they come; a follow lasts until the log ends.
    /// - Throws: `StatusError` as the API server answers.
    func log(namespace: String, pod: String, options: PodLogOptions, write: @escaping @Sendable ([UInt8]) async throws -> Void)
        async throws

    /// Runs `command` in the container and returns the error stream's `Status` when it ends.
    /// - Throws: `StatusError` for a request the API server refuses, `CommandError` for a refused upgrade.
    func exec(
        namespace: String, pod: String, container: String, command: [String], tty: Bool, stdin: AsyncStream<[UInt8]>?,
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> JSONValue
}

/// The embedded cluster's containers: the log reader `kubesim serve` answers `pods/log` with, over the logs
/// this command's control loops write, and the simulated container runtime its `pods/exec` runs.
struct EmbeddedPodSessions: PodSessions {
    let registry: Registry
    let logs: ClusterLogs
    let runtime: any ContainerRuntime

    func log(namespace: String, pod: String, options: PodLogOptions, write: @escaping @Sendable ([UInt8]) async throws -> Void)
        async throws
    {
        let reader = PodLogReader(registry: registry, logs: logs)
        let selection = try await reader.select(namespace: namespace, name: pod, options: options)
        guard selection.follow else { return try await write(selection.bytes()) }
        let follow = try await reader.follow(selection)
        defer { follow.stop() }
        let trap = SignalTrap { follow.stop() }
        defer { trap.release() }
        var renderer = LogRenderer(selection.read)
        for line in follow.backlog where !renderer.isExhausted { try await write(renderer.render(line)) }
        guard !renderer.isExhausted else { return }
        if selection.buffer?.isClosed == false {
            let console = Console.standard
            console.out.flush()
            console.err.line(
                "kubesim: following pod \(pod) in the embedded cluster: nothing more is written to this log while the command "
                    + "waits (the embedded control loops act only when a command writes, and its simulated clock stands still "
                    + "between commands); Ctrl-C stops. "
                    + "A kubesim serve streams new lines: follow it with --kubeconfig or --server")
            console.err.flush()
        }
        for await line in follow.lines {
            try await write(renderer.render(line))
            if renderer.isExhausted { break }
        }
        if let signal = trap.caughtSignal { throw TerminatedBySignal(signal: signal) }
    }

    func exec(
        namespace: String, pod: String, container: String, command: [String], tty: Bool, stdin: AsyncStream<[UInt8]>?,
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> JSONValue {
        let request: ContainerProcessRequest
        do {
            request = try await InProcessExec.resolve(
                registry: registry, namespace: namespace, pod: pod, container: container, command: command, stdin: stdin != nil,
                tty: tty)
        } catch let notFound as ContainerNotFound {
            // What kubectl makes of the kubelet's plain-text refusal (client-go's SPDY upgrade).
            throw CommandError("unable to upgrade connection: \(notFound.message)")
        }
        return await InProcessExec.run(
            request, runtime: runtime, stdin: stdin ?? AsyncStream { $0.finish() }, stdout: { stdout($0) }, stderr: { stderr($0) })
    }
}

/// A server's containers, through `pods/log` (a streamed GET) and `pods/exec` (WebSocket, `v5.channel.k8s.io`).
struct RemotePodSessions: PodSessions {
    let cluster: RemoteCluster
    let config: Kubeconfig

    func log(namespace: String, pod: String, options: PodLogOptions, write: @escaping @Sendable ([UInt8]) async throws -> Void)
        async throws
    {
        try await cluster.streamLog(namespace: namespace, pod: pod, options: options, write: write)
    }

    func exec(
        namespace: String, pod: String, container: String, command: [String], tty: Bool, stdin: AsyncStream<[UInt8]>?,
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> JSONValue {
        // kubectl's PodExecOptions: stderr is not asked for with a terminal, which carries it on stdout.
        var query = [("command", command[0])]
        query += command.dropFirst().map { ("command", $0) }
        query += [("container", container)]
        if stdin != nil { query.append(("stdin", "true")) }
        query.append(("stdout", "true"))
        if !tty { query.append(("stderr", "true")) }
        if tty { query.append(("tty", "true")) }
        let path = "/api/v1/namespaces/\(RemoteCluster.escape(namespace))/pods/\(RemoteCluster.escape(pod))/exec"
        switch try await WebSocketExecClient(config: config).run(path: path, query: query, stdin: stdin, stdout: stdout, stderr: stderr) {
        case .status(let status):
            return status
        case .refused(let code, let body):
            // client-go's SPDY fallback: a Status body is the API error; any other is the upgrade's failure.
            if let json = try? JSONValue.parse(json: body), json["kind"]?.stringValue == "Status" {
                throw StatusError(status: json, code: code)
            }
            let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandError("unable to upgrade connection: \(text)")
        }
    }
}
