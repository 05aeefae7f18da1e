import KubeAPI

/// The container runtime behind `pods/exec` and `pods/attach`: what runs when a client reaches into a
/// container. KubeSim's containers are simulated, so the runtime decides what a container answers; the
/// API server only carries the streams (the kubelet's and CRI's part in a real cluster).
public protocol ContainerRuntime: Sendable {
    /// Runs `request` in its container with `streams`, returning when the process ends.
    func run(_ request: ContainerProcessRequest, streams: ContainerStreams) async -> ContainerExit
}

/// One exec or attach into a container of a pod.
public struct ContainerProcessRequest: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `pods/exec` with its command.
        case exec([String])
        /// `pods/attach`: the container's own process.
        case attach
    }

    public var pod: KubeObject
    public var container: String
    public var kind: Kind
    /// Whether the client asked for a terminal (`-t`): stderr is then merged into stdout.
    public var tty: Bool
    /// Whether the client sends standard input (`-i`).
    public var stdin: Bool

    public init(pod: KubeObject, container: String, kind: Kind, tty: Bool, stdin: Bool) {
        self.pod = pod
        self.container = container
        self.kind = kind
        self.tty = tty
        self.stdin = stdin
    }
}

/// A terminal's size, as the client's resize stream sends it.
public struct TerminalSize: Sendable, Equatable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

/// The process's standard streams. `stdin` finishes at the client's end of input (at once without `-i`);
/// `stdout` and `stderr` deliver bytes to the client in order.
public struct ContainerStreams: Sendable {
    public var stdin: AsyncStream<[UInt8]>
    public var resizes: AsyncStream<TerminalSize>
    public var stdout: @Sendable ([UInt8]) async -> Void
    public var stderr: @Sendable ([UInt8]) async -> Void

    public init(
        stdin: AsyncStream<[UInt8]>, resizes: AsyncStream<TerminalSize>, stdout: @escaping @Sendable ([UInt8]) async -> Void,
        stderr: @escaping @Sendable ([UInt8]) async -> Void
    ) {
        self.stdin = stdin
        self.resizes = resizes
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// How a process ended.
public enum ContainerExit: Sendable, Equatable {
    /// It ran and exited with this code.
    case exited(Int32)
    /// The runtime could not run it; the client is told `error executing command in container: <reason>`.
    case failed(String)
}

/// The runtime when none is given: every container is simulated and runs nothing.
public struct UnsimulatedContainerRuntime: ContainerRuntime {
    public init() {}

    public func run(_ request: ContainerProcessRequest, streams: ContainerStreams) async -> ContainerExit {
        .failed(Self.message(request))
    }

    /// The honest answer for a container that runs no process.
    public static func message(_ request: ContainerProcessRequest) -> String {
        "kubesim simulates containers: container \"\(request.container)\" of pod \"\(request.pod.name)\" runs no process, "
            + "so there is nothing to \(request.kind == .attach ? "attach to" : "execute a command in")"
    }
}
