import ComponentLogs
import Foundation
import KubeAPI

/// A pod container's log as kube-apiserver and the kubelet choose it for `GET .../pods/<name>/log`, without the
/// HTTP: the options validated, the pod read, the container and its instance chosen, the lines selected. The
/// API server answers with it (``PodLogHandler``) and so does the embedded `kubesim logs`.
public struct PodLogReader: Sendable {
    let registry: Registry
    let logs: ClusterLogs

    public init(registry: Registry, logs: ClusterLogs) {
        self.registry = registry
        self.logs = logs
    }

    /// The log to send: the pod, the buffer (nil for an empty log) and what of it to read.
    public struct Selection: Sendable {
        public let pod: KubeObject
        public let buffer: LogBuffer?
        public let read: LogReadOptions
        public let follow: Bool

        /// The rendered bytes of the lines held now.
        public func bytes() -> [UInt8] {
            guard let buffer else { return [] }
            var renderer = LogRenderer(read)
            return read.selecting(buffer.lines).flatMap { renderer.render($0) }
        }
    }

    /// Chooses the log as the API server does.
    /// - Throws: `StatusError` as kube-apiserver and the kubelet answer (400, 404, 422).
    public func select(namespace: String, name: String, options: PodLogOptions, now: Date = Date()) async throws -> Selection {
        try options.validate(pod: name)
        let pod = try await registry.get(BuiltinResources.pods, namespace: namespace, name: name)
        let container = try PodLogHandler.container(options.container, of: pod)
        let read = options.readOptions(now: now)
        guard let node = pod.spec?["nodeName"]?.stringValue, !node.isEmpty else {
            return Selection(pod: pod, buffer: nil, read: read, follow: false)
        }
        let id = try PodLogHandler.containerID(container, of: pod, previous: options.previous)
        // Only a running container's log grows: the kubelet ends a follow of any other at its end.
        let running = !options.previous && PodLogHandler.isRunning(container, of: pod)
        let buffer: LogBuffer?
        if !options.previous, let component = PodLogHandler.controlPlaneComponent(pod, container: container) {
            buffer = logs.log(of: component)
        } else {
            buffer = options.follow && running ? logs.containerLog(id) : logs.container(id)
        }
        return Selection(pod: pod, buffer: buffer, read: read, follow: options.follow && running && buffer != nil)
    }

    /// A followed log: the backlog's lines, then each new line until the buffer closes (its container exited),
    /// the pod is deleted or `stop` is called.
    public struct Follow: Sendable {
        public let backlog: [LogLine]
        public let lines: AsyncStream<LogLine>
        /// Ends `lines`.
        public let stop: @Sendable () -> Void
    }

    /// Follows a selection's buffer (which must not be nil).
    public func follow(_ selection: Selection) async throws -> Follow {
        guard let buffer = selection.buffer else {
            return Follow(backlog: [], lines: AsyncStream { $0.finish() }, stop: {})
        }
        let pod = selection.pod
        let read = selection.read
        let (backlog, updates) = buffer.follow()
        let deletions = try await registry.watch(
            BuiltinResources.pods, namespace: pod.namespace, resourceVersion: pod.resourceVersion,
            fieldSelector: try FieldSelector(parsing: "metadata.name=\(pod.name)", for: BuiltinResources.pods))
        let (output, continuation) = AsyncStream<LogLine>.makeStream()
        let producers = Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await line in updates where read.admits(line) { continuation.yield(line) }
                }
                group.addTask {
                    // Ends when the pod is deleted (or the watch ends for any reason).
                    do {
                        for try await event in deletions where event.type == .deleted { return }
                    } catch {}
                }
                await group.next()
                group.cancelAll()
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in producers.cancel() }
        return Follow(backlog: read.selecting(backlog), lines: output, stop: { continuation.finish() })
    }
}
