import Foundation
import KubeAPI

/// `pods/exec` without a connection: the same checks as the API server makes (``PodStreamRequest``) and the
/// same session (``RemoteCommandSession``), with the streams carried in process. The embedded `kubesim exec`
/// runs its commands through it, so its answers are those `kubesim serve` sends kubectl.
public enum InProcessExec {
    /// The process `pods/exec` would run: the pod read, the container chosen (or refused, as kube-apiserver
    /// does), the pod's node and the command checked.
    /// - Throws: `StatusError` as kube-apiserver answers (404 for the pod, 400 for the rest).
    public static func resolve(
        registry: Registry, namespace: String, pod: String, container: String?, command: [String], stdin: Bool, tty: Bool
    ) async throws -> ContainerProcessRequest {
        var pairs: [(String, String)] = [("stdout", "true"), ("stderr", "true")]
        if let container { pairs.append(("container", container)) }
        if stdin { pairs.append(("stdin", "true")) }
        if tty { pairs.append(("tty", "true")) }
        pairs += command.map { ("command", $0) }
        let resolved = try await PodStreamRequest.resolve(
            registry: registry, namespace: namespace, name: pod, subresource: "exec", query: QueryParameters(pairs: pairs))
        guard let process = resolved.process else { throw StatusError.badRequest("you must specify at least 1 command") }
        return process
    }

    /// Runs `request` in `runtime` with the given streams and returns the `Status` the API server would send on
    /// the error stream of a WebSocket session when it ends (`Success`, `NonZeroExitCode` or `InternalError`).
    /// With a terminal, the container's stderr goes to stdout and newlines become CR LF, as through a terminal.
    public static func run(
        _ request: ContainerProcessRequest, runtime: any ContainerRuntime, stdin: AsyncStream<[UInt8]>,
        stdout: @escaping @Sendable ([UInt8]) async -> Void, stderr: @escaping @Sendable ([UInt8]) async -> Void
    ) async -> JSONValue {
        let input = RemoteCommandInput()
        let feeder = Task {
            for await bytes in stdin { input.receiveStdin(bytes) }
            input.endStdin()
        }
        defer { feeder.cancel() }
        let transport = Transport(stdout: stdout, stderr: stderr)
        let session = RemoteCommandSession(request: request, runtime: runtime, input: input, stdout: true, stderr: true)
        await session.run(over: transport, protocol: .webSocket)
        return (try? JSONValue.parse(json: Data(await transport.status.value))) ?? ["status": "Failure"]
    }

    /// Delivers the session's output to the caller's streams and keeps its final status.
    private final class Transport: RemoteCommandTransport {
        let stdout: @Sendable ([UInt8]) async -> Void
        let stderr: @Sendable ([UInt8]) async -> Void
        let status = StatusBox()

        init(stdout: @escaping @Sendable ([UInt8]) async -> Void, stderr: @escaping @Sendable ([UInt8]) async -> Void) {
            self.stdout = stdout
            self.stderr = stderr
        }

        func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) async {
            switch stream {
            case .stdout: await stdout(bytes)
            case .stderr: await stderr(bytes)
            default: break
            }
        }

        func finish(status: [UInt8]) async { await self.status.set(status) }
    }

    private actor StatusBox {
        var value: [UInt8] = []
        func set(_ bytes: [UInt8]) { value = bytes }
    }
}
