import EtcdCore
import Foundation
import Synchronization

/// Whether this process runs the control loops (kube-scheduler's and kube-controller-manager's work), which the
/// `componentstatuses` of the scheduler and the controller manager report. Whoever starts or stops the loops says so.
public final class ControlPlaneHealth: Sendable {
    private let loopsRunning = Atomic<Bool>(false)

    public init() {}

    public var controlLoopsRunning: Bool { loopsRunning.load(ordering: .acquiring) }

    public func setControlLoopsRunning(_ running: Bool) { loopsRunning.store(running, ordering: .releasing) }
}

/// kube-apiserver's `componentstatuses` (kubernetes `pkg/registry/core/componentstatus`): nothing is stored; each
/// read probes the components and answers a `ComponentStatus` with one `Healthy` condition. KubeSim's scheduler and
/// controller manager are the control loops of this process, healthy while they run; with them off the probe fails
/// as kube-apiserver's HTTPS probe of an unreachable port does. `etcd-0` is a read through the registry's store.
extension Registry {
    /// The components in the order a listing shows them.
    public static let componentNames = ["scheduler", "controller-manager", "etcd-0"]

    /// The warning kube-apiserver sends with every request for the deprecated resource.
    public static let componentStatusWarning = "v1 ComponentStatus is deprecated in v1.19+"

    /// Every component's status.
    public func componentStatuses() async -> [KubeObject] {
        var statuses: [KubeObject] = []
        for name in Self.componentNames { statuses.append(await probe(name)) }
        return statuses
    }

    /// One component's status.
    /// - Throws: a 500 `Component not found: <name>` for any other name, as kube-apiserver answers.
    public func componentStatus(_ name: String) async throws -> KubeObject {
        guard Self.componentNames.contains(name) else {
            throw StatusError(code: 500, reason: "", message: "Component not found: \(name)")
        }
        return await probe(name)
    }

    private func probe(_ name: String) async -> KubeObject {
        switch name {
        case "etcd-0":
            do {
                let prefix = Data("/registry/".utf8)
                _ = try await store.range(RangeRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), limit: 1, keysOnly: true))
                return Self.componentStatus(name, healthy: true, message: "ok")
            } catch {
                return Self.componentStatus(name, healthy: false, error: String(describing: error))
            }
        default:
            if health.controlLoopsRunning { return Self.componentStatus(name, healthy: true, message: "ok") }
            let port = name == "scheduler" ? 10259 : 10257
            return Self.componentStatus(
                name, healthy: false,
                error: "Get \"https://127.0.0.1:\(port)/healthz\": dial tcp 127.0.0.1:\(port): connect: connection refused")
        }
    }

    private static func componentStatus(_ name: String, healthy: Bool, message: String = "", error: String = "") -> KubeObject {
        var condition: JSONValue = ["type": "Healthy", "status": healthy ? "True" : "False"]
        if !message.isEmpty { condition["message"] = .string(message) }
        if !error.isEmpty { condition["error"] = .string(error) }
        return KubeObject([
            "kind": "ComponentStatus", "apiVersion": "v1", "metadata": ["name": .string(name), "creationTimestamp": .null],
            "conditions": [condition],
        ])
    }
}
