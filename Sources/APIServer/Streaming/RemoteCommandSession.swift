import NIOCore
import Foundation
import KubeAPI
import Synchronization

/// The streams of kubelet's remote-command protocols (`k8s.io/apimachinery/pkg/util/remotecommand`): the
/// WebSocket channel numbers, and the `streamType` names SPDY streams carry.
enum RemoteCommandStream: UInt8, CaseIterable, Sendable {
    case stdin = 0, stdout = 1, stderr = 2, error = 3, resize = 4

    /// The SPDY `streamType` header value.
    var name: String {
        switch self {
        case .stdin: "stdin"
        case .stdout: "stdout"
        case .stderr: "stderr"
        case .error: "error"
        case .resize: "resize"
        }
    }
}

/// How the session's output reaches the client: the WebSocket or the SPDY connection.
protocol RemoteCommandTransport: Sendable {
    /// Sends bytes on an output stream (stdout, stderr).
    func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) async
    /// Writes the error stream's `Status` and ends the session.
    func finish(status: [UInt8]) async
}

/// A connection handler (WebSocket or SPDY) as the session's transport sees it: both calls run on the handler's
/// event loop.
protocol RemoteCommandConnection: AnyObject {
    /// Writes bytes on an output stream; the future completes once written (nil when the stream is not open).
    func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) -> EventLoopFuture<Void>?
    /// Writes the error stream's `Status` and closes the connection.
    func finish(status: [UInt8])
}

/// The session's transport to a connection handler: each call hops onto the handler's event loop.
struct LoopBoundTransport<Connection: RemoteCommandConnection>: RemoteCommandTransport {
    let handler: NIOLoopBound<Connection>
    let eventLoop: any EventLoop

    init(_ connection: Connection, eventLoop: any EventLoop) {
        handler = NIOLoopBound(connection, eventLoop: eventLoop)
        self.eventLoop = eventLoop
    }

    func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) async {
        let handler = self.handler
        try? await eventLoop.flatSubmit { handler.value.send(stream, bytes) ?? eventLoop.makeSucceededVoidFuture() }.get()
    }

    func finish(status: [UInt8]) async {
        let handler = self.handler
        try? await eventLoop.submit { handler.value.finish(status: status) }.get()
    }
}

/// What the client sends: standard input until its end, and terminal sizes (JSON objects on the resize
/// stream, as `remotecommand.TerminalSize` encodes them: `{"Width":80,"Height":24}`).
final class RemoteCommandInput: Sendable {
    let stdin: AsyncStream<[UInt8]>
    let resizes: AsyncStream<TerminalSize>
    private let stdinSink: AsyncStream<[UInt8]>.Continuation
    private let resizeSink: AsyncStream<TerminalSize>.Continuation
    private let pendingResize = Mutex<[UInt8]>([])

    init() {
        (stdin, stdinSink) = AsyncStream.makeStream(of: [UInt8].self)
        (resizes, resizeSink) = AsyncStream.makeStream(of: TerminalSize.self)
    }

    func receiveStdin(_ bytes: [UInt8]) {
        if !bytes.isEmpty { stdinSink.yield(bytes) }
    }

    func endStdin() { stdinSink.finish() }

    /// Takes resize bytes, which may split or join JSON objects; yields each complete one.
    func receiveResize(_ bytes: [UInt8]) {
        let objects: [[UInt8]] = pendingResize.withLock { pending in
            pending.append(contentsOf: bytes)
            var complete: [[UInt8]] = []
            while let end = pending.firstIndex(of: UInt8(ascii: "}")) {
                complete.append(Array(pending[...end]))
                pending.removeSubrange(...end)
            }
            return complete
        }
        for object in objects {
            guard let value = try? JSONValue.parse(json: Data(object)),
                let width = value["Width"]?.intValue, let height = value["Height"]?.intValue
            else { continue }
            resizeSink.yield(TerminalSize(width: Int(width), height: Int(height)))
        }
    }

    /// Ends both input streams (the session is over or the client went).
    func close() {
        stdinSink.finish()
        resizeSink.finish()
    }
}

/// Which transport carries the session: the error stream's message for an exit code differs.
enum RemoteCommandProtocol: Sendable {
    /// kube-apiserver's stream translator (WebSocket, `v5.channel.k8s.io`): the exit code comes back through
    /// client-go's `CodeExitError`, "command terminated with exit code N".
    case webSocket
    /// The kubelet's SPDY server over containerd: "error executing command [cmd], exit code N".
    case spdy
}

/// One exec or attach session over either transport: runs the process and reports its end as the kubelet
/// does (`kubelet/cri/streaming/remotecommand`), as a `metav1.Status` on the error stream.
struct RemoteCommandSession: Sendable {
    let request: ContainerProcessRequest
    let runtime: any ContainerRuntime
    let input: RemoteCommandInput
    /// Whether the client opened stdout and stderr.
    let stdout: Bool
    let stderr: Bool

    func run(over transport: any RemoteCommandTransport, protocol kind: RemoteCommandProtocol) async {
        let tty = request.tty
        let (stdout, stderr) = (self.stdout, self.stderr)
        let writeOut: @Sendable ([UInt8]) async -> Void = { bytes in
            guard stdout, !bytes.isEmpty else { return }
            await transport.send(.stdout, tty ? Self.terminalNewlines(bytes) : bytes)
        }
        let streams = ContainerStreams(
            stdin: request.stdin ? input.stdin : AsyncStream { $0.finish() }, resizes: input.resizes,
            stdout: writeOut,
            stderr: { bytes in
                // A terminal has one output: the container's stderr goes to it.
                if tty { return await writeOut(bytes) }
                guard stderr, !bytes.isEmpty else { return }
                await transport.send(.stderr, bytes)
            })
        let exit = await runtime.run(request, streams: streams)
        input.close()
        await transport.finish(status: Array(Self.status(exit, request: request, protocol: kind).jsonData()))
    }

    /// The error stream's `Status`, as `json.Marshal(metav1.Status)` writes it (no kind or apiVersion).
    static func status(_ exit: ContainerExit, request: ContainerProcessRequest, protocol kind: RemoteCommandProtocol) -> JSONValue {
        switch exit {
        case .exited(0):
            return ["metadata": .emptyObject, "status": "Success"]
        case .exited(let code):
            let cause: String =
                switch (kind, request.kind) {
                case (.webSocket, _), (.spdy, .attach): "command terminated with exit code \(code)"
                case (.spdy, .exec(let command)): "error executing command [\(command.joined(separator: " "))], exit code \(code)"
                }
            return [
                "metadata": .emptyObject, "status": "Failure",
                "message": .string("command terminated with non-zero exit code: \(cause)"), "reason": "NonZeroExitCode",
                "details": ["causes": [["reason": "ExitCode", "message": .string(String(code))]]],
            ]
        case .failed(let reason):
            // kubelet: NewInternalError(fmt.Errorf("error executing command in container: %v", err)).
            let error = request.kind == .attach ? reason : "error executing command in container: \(reason)"
            return [
                "metadata": .emptyObject, "status": "Failure", "message": .string("Internal error occurred: \(error)"),
                "reason": "InternalError", "details": ["causes": [["message": .string(error)]]], "code": 500,
            ]
        }
    }

    /// A terminal's output processing (`onlcr`): each newline reaches the client as CR LF.
    static func terminalNewlines(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 8)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            out.append(byte)
            previous = byte
        }
        return out
    }
}
