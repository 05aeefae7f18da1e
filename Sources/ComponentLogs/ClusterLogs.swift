import Synchronization

/// The logs KubeSim keeps in memory while it serves, in place of the files a real node keeps: one per
/// control-plane component, written as KubeSim acts in that role (the etcd endpoint, the API server, the
/// controller manager, the scheduler), and one per simulated container, written by its kubelet.
///
/// They live in the process: they start empty when `kubesim serve` starts and are gone when it stops.
public final class ClusterLogs: Sendable {
    /// The control-plane components whose static pods' logs these are (`etcd-<node>`, `kube-apiserver-<node>`, ...).
    public enum Component: String, CaseIterable, Sendable {
        case etcd
        case kubeAPIServer = "kube-apiserver"
        case kubeControllerManager = "kube-controller-manager"
        case kubeScheduler = "kube-scheduler"
    }

    private struct Containers {
        var byID: [String: LogBuffer] = [:]
        /// IDs in the order their logs were made, the oldest dropped first past the limit.
        var order: [String] = []
    }

    private let components: [Component: LogBuffer]
    private let containers = Mutex(Containers())
    private let containerCapacity: Int
    private let maxContainers: Int

    /// - Parameters:
    ///   - componentCapacity: lines kept per component.
    ///   - containerCapacity: lines kept per container.
    ///   - maxContainers: containers whose logs are kept; past it the oldest log goes.
    public init(componentCapacity: Int = 10_000, containerCapacity: Int = 1_000, maxContainers: Int = 10_000) {
        var components: [Component: LogBuffer] = [:]
        for component in Component.allCases { components[component] = LogBuffer(capacity: componentCapacity) }
        self.components = components
        self.containerCapacity = containerCapacity
        self.maxContainers = maxContainers
    }

    /// A component's log.
    public func log(of component: Component) -> LogBuffer {
        components[component]!
    }

    /// A component's log as klog lines.
    public func klog(_ component: Component) -> KlogWriter {
        KlogWriter(buffer: log(of: component))
    }

    /// The log of the container with this runtime ID (the hexadecimal part of `containerd://<id>`), if one
    /// was written.
    public func container(_ id: String) -> LogBuffer? {
        containers.withLock { $0.byID[id] }
    }

    /// The log of the container with this runtime ID, made empty if it has none yet.
    public func containerLog(_ id: String) -> LogBuffer {
        let (buffer, evicted) = containers.withLock { containers -> (LogBuffer, LogBuffer?) in
            if let buffer = containers.byID[id] { return (buffer, nil) }
            let buffer = LogBuffer(capacity: containerCapacity)
            containers.byID[id] = buffer
            containers.order.append(id)
            var evicted: LogBuffer?
            if containers.order.count > maxContainers {
                evicted = containers.byID.removeValue(forKey: containers.order.removeFirst())
            }
            return (buffer, evicted)
        }
        evicted?.close()
        return buffer
    }

    /// Drops a container's log (its pod is gone from the node), ending its followers.
    public func removeContainer(_ id: String) {
        let buffer = containers.withLock { containers -> LogBuffer? in
            containers.order.removeAll { $0 == id }
            return containers.byID.removeValue(forKey: id)
        }
        buffer?.close()
    }
}

extension ClusterLogs {
    /// The etcd endpoint's log, as etcd's JSON lines.
    public var etcd: EtcdLogWriter { EtcdLogWriter(buffer: log(of: .etcd)) }
}
