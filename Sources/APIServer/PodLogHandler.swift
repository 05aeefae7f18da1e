import ComponentLogs
import Foundation
import HTTPTypes
import Hummingbird
import KubeAPI
import Synchronization

/// `GET /api/v1/namespaces/<ns>/pods/<name>/log`, as kube-apiserver (`pkg/registry/core/pod/rest/log.go`,
/// `LogLocation`) and the kubelet it forwards to (`GetKubeletContainerLogs`) answer it together:
/// - the options are validated (422 `PodLogOptions "<pod>" is invalid`), the pod read (404), the container
///   chosen (400 `a container name must be specified for pod <pod>, choose one of: [a b]`);
/// - a pod not bound to a node has an empty log;
/// - the kubelet picks the container instance from the pod's status, or answers 400 with its reason
///   (`container "x" in pod "y" is waiting to start: ContainerCreating`,
///   `previous terminated container "x" in pod "y" not found`);
/// - the body is `text/plain`, the lines chosen by `tailLines`, `sinceSeconds`/`sinceTime` and `limitBytes`,
///   prefixed with their time when `timestamps`; with `follow` the response stays open and sends each new line,
///   until the client leaves, the pod is deleted, the container's log ends or the server stops.
///
/// What the logs hold: a control-plane static pod's container (`etcd`, `kube-apiserver`,
/// `kube-controller-manager`, `kube-scheduler` of `kube-system`) shows the log KubeSim writes in that role; any
/// other container shows the lines its simulated kubelet wrote for that container instance.
final class PodLogHandler: Sendable {
    private let registry: Registry
    private let logs: ClusterLogs
    /// The follows in progress, ended together on shutdown.
    private let open = Mutex<(closed: Bool, streams: [UUID: @Sendable () -> Void])>((false, [:]))

    init(registry: Registry, logs: ClusterLogs) {
        self.registry = registry
        self.logs = logs
    }

    /// Ends every follow and refuses to follow from now on.
    func closeAll() {
        let streams = open.withLock { state in
            state.closed = true
            defer { state.streams = [:] }
            return Array(state.streams.values)
        }
        for stop in streams { stop() }
    }

    func respond(namespace: String, name: String, query: QueryParameters, departure: ClientDeparture) async throws -> Response {
        let reader = PodLogReader(registry: registry, logs: logs)
        let selection = try await reader.select(namespace: namespace, name: name, options: try PodLogOptions(query, pod: name))
        guard selection.follow else { return Self.text([selection.bytes()]) }
        return try await follow(selection, reader: reader, departure: departure)
    }

    // MARK: - Choosing the log

    /// `validateContainer`: the named container must be one of the pod's; without a name, the only one.
    static func container(_ requested: String?, of pod: KubeObject) throws -> String {
        let spec = pod.spec ?? .emptyObject
        let names = { (field: String) in (spec[field]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }
        let all = names("initContainers") + names("containers") + names("ephemeralContainers")
        if let requested {
            guard all.contains(requested) else {
                throw StatusError.badRequest("container \(requested) is not valid for pod \(pod.name)")
            }
            return requested
        }
        let containers = names("containers")
        switch containers.count {
        case 1: return containers[0]
        case 0: throw StatusError.badRequest("a container name must be specified for pod \(pod.name)")
        default:
            throw StatusError.badRequest(
                "a container name must be specified for pod \(pod.name), choose one of: [\(all.joined(separator: " "))]")
        }
    }

    /// The component whose log a kubeadm static pod's container shows, if it is one.
    static func controlPlaneComponent(_ pod: KubeObject, container: String) -> ClusterLogs.Component? {
        guard pod.namespace == "kube-system", pod.annotations["kubernetes.io/config.mirror"] != nil,
            let component = ClusterLogs.Component(rawValue: container), pod.labels["component"] == container
        else { return nil }
        return component
    }

    /// Whether the container's status says it runs.
    static func isRunning(_ container: String, of pod: KubeObject) -> Bool {
        let status = pod.json["status"] ?? .emptyObject
        let statuses = ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"].flatMap {
            status[$0]?.arrayValue ?? []
        }
        return statuses.first { $0["name"]?.stringValue == container }?[["state", "running"]] != nil
    }

    /// The kubelet's `validateContainerLogStatus`: the runtime ID of the container instance whose log to read,
    /// from the pod's status, or the kubelet's refusal (400).
    static func containerID(_ container: String, of pod: KubeObject, previous: Bool) throws -> String {
        let status = pod.json["status"] ?? .emptyObject
        let statuses =
            (status["containerStatuses"]?.arrayValue ?? []) + (status["initContainerStatuses"]?.arrayValue ?? [])
            + (status["ephemeralContainerStatuses"]?.arrayValue ?? [])
        let quotedContainer = FieldError.quoted(container)
        let quotedPod = FieldError.quoted(pod.name)
        guard let found = statuses.first(where: { $0["name"]?.stringValue == container }) else {
            throw StatusError.badRequest("container \(quotedContainer) in pod \(quotedPod) is not available")
        }
        let lastTerminatedID = found[["lastState", "terminated", "containerID"]]?.stringValue ?? ""
        let state = found["state"] ?? .emptyObject
        let terminatedMessage = "container \(quotedContainer) in pod \(quotedPod) is terminated"
        let id: String
        if previous {
            guard !lastTerminatedID.isEmpty else {
                throw StatusError.badRequest("previous terminated container \(quotedContainer) in pod \(quotedPod) not found")
            }
            id = lastTerminatedID
        } else if state["running"] != nil {
            id = found["containerID"]?.stringValue ?? ""
        } else if let terminated = state["terminated"] {
            let own = terminated["containerID"]?.stringValue ?? ""
            guard !own.isEmpty || !lastTerminatedID.isEmpty else { throw StatusError.badRequest(terminatedMessage) }
            id = own.isEmpty ? lastTerminatedID : own
        } else if found[["lastState", "terminated"]] != nil {
            guard !lastTerminatedID.isEmpty else { throw StatusError.badRequest(terminatedMessage) }
            id = lastTerminatedID
        } else if let waiting = state["waiting"] {
            let reason = waiting["reason"]?.stringValue ?? ""
            let why =
                switch reason {
                case "ErrImagePull": "image can't be pulled"
                case "ImagePullBackOff": "trying and failing to pull image"
                default: reason
                }
            throw StatusError.badRequest("container \(quotedContainer) in pod \(quotedPod) is waiting to start: \(why)")
        } else {
            throw StatusError.badRequest("container \(quotedContainer) in pod \(quotedPod) is waiting to start - no logs yet")
        }
        return String(id.split(separator: "/").last ?? "")
    }

    // MARK: - Answering

    private static let headers: HTTPFields = [.contentType: "text/plain", .cacheControl: "no-cache, private"]

    private static func text(_ chunks: [[UInt8]]) -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: chunks.flatMap { $0 })))
    }

    /// The backlog, then each new line as it is written, until the client leaves, the pod is deleted, the log
    /// ends (its container exited) or the server stops.
    private func follow(_ selection: PodLogReader.Selection, reader: PodLogReader, departure: ClientDeparture) async throws -> Response {
        let follow = try await reader.follow(selection)
        let id = UUID()
        let registered = open.withLock { state in
            if !state.closed { state.streams[id] = follow.stop }
            return !state.closed
        }
        if !registered { follow.stop() }
        departure.onDeparture(id) { [weak self] in
            follow.stop()
            _ = self?.open.withLock { $0.streams.removeValue(forKey: id) }
        }
        let read = selection.read
        return Response(
            status: .ok, headers: Self.headers,
            body: ResponseBody { [weak self] writer in
                defer {
                    follow.stop()
                    departure.remove(id)
                    _ = self?.open.withLock { $0.streams.removeValue(forKey: id) }
                }
                var renderer = LogRenderer(read)
                for line in follow.backlog where !renderer.isExhausted {
                    try await writer.write(ByteBuffer(bytes: renderer.render(line)))
                }
                if !renderer.isExhausted {
                    for await line in follow.lines {
                        try await writer.write(ByteBuffer(bytes: renderer.render(line)))
                        if renderer.isExhausted { break }
                    }
                }
                try await writer.finish(nil)
            })
    }
}
