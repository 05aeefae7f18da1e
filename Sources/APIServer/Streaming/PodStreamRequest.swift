import KubeAPI

/// A `pods/exec`, `pods/attach` or `pods/portforward` request, checked as kube-apiserver checks it before it
/// reaches the kubelet (`pkg/registry/core/pod/strategy.go` `streamLocation`): the pod, its node, and the
/// container, which may be left out only when the pod has one.
struct PodStreamRequest: Sendable {
    /// The subresources that stream to a container.
    static let subresources: Set<String> = ["exec", "attach", "portforward"]

    let subresource: String
    let pod: KubeObject
    /// The process an exec or attach reaches; nil for portforward.
    let process: ContainerProcessRequest?
    let stdout: Bool
    let stderr: Bool

    static func resolve(
        registry: Registry, namespace: String, name: String, subresource: String, query: QueryParameters
    ) async throws -> PodStreamRequest {
        let pod = try await registry.get(BuiltinResources.pods, namespace: namespace, name: name)
        let spec = pod.json["spec"] ?? .emptyObject
        func names(_ field: String) -> [String] { (spec[field]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue } }
        let (containers, initContainers, ephemeral) = (names("containers"), names("initContainers"), names("ephemeralContainers"))
        guard subresource != "portforward" else {
            return PodStreamRequest(subresource: subresource, pod: pod, process: nil, stdout: false, stderr: false)
        }
        var container = query["container"] ?? ""
        if container.isEmpty {
            guard containers.count == 1 else {
                var message = "a container name must be specified for pod \(name), choose one of: [\(containers.joined(separator: " "))]"
                if !initContainers.isEmpty { message += " or one of the init containers: [\(initContainers.joined(separator: " "))]" }
                throw StatusError.badRequest(message)
            }
            container = containers[0]
        } else if !(containers + initContainers + ephemeral).contains(container) {
            throw StatusError.badRequest("container \(container) is not valid for pod \(name)")
        }
        if (spec["nodeName"]?.stringValue ?? "").isEmpty {
            throw StatusError.badRequest("pod \(name) does not have a host assigned")
        }
        let (stdin, stdout, stderr) = (query.flag("stdin"), query.flag("stdout"), query.flag("stderr"))
        guard stdin || stdout || stderr else {
            throw StatusError.badRequest("you must specify at least 1 of stdin, stdout, stderr")
        }
        let command = query.all("command")
        if subresource == "exec" && command.isEmpty { throw StatusError.badRequest("you must specify at least 1 command") }
        // The kubelet's `findContainer`: only a container the runtime runs can be reached.
        let statuses = ["containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"].flatMap {
            pod.json[["status", $0]]?.arrayValue ?? []
        }
        guard statuses.first(where: { $0["name"]?.stringValue == container })?[["state", "running"]] != nil else {
            throw ContainerNotFound(container: container)
        }
        let process = ContainerProcessRequest(
            pod: pod, container: container, kind: subresource == "exec" ? .exec(command) : .attach, tty: query.flag("tty"),
            stdin: stdin)
        return PodStreamRequest(subresource: subresource, pod: pod, process: process, stdout: stdout, stderr: stderr)
    }

    /// The answer to a request that did not upgrade its connection.
    func plainHTTPFailure() -> StatusError {
        guard process != nil else {
            return StatusError.badRequest(
                "kubesim simulates containers: pod \"\(pod.name)\" runs no process and listens on no port, so there is nothing to forward to")
        }
        return StatusError.badRequest("Upgrade request required")
    }
}

/// The kubelet's answer to an exec or attach into a container its runtime does not run (not started yet, or
/// exited): `container not found ("web")`, sent as a plain-text 500 that kube-apiserver passes on, which
/// kubectl reports as `unable to upgrade connection: container not found ("web")`.
public struct ContainerNotFound: Error, Sendable {
    public let container: String

    public var message: String { "container not found (\"\(container)\")" }
}
