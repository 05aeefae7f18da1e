import Foundation

/// What a component elects its leader with, as client-go's `leaderelection.LeaderElectionConfig` and the
/// components' `--leader-elect-*` flags have it: a `coordination.k8s.io` Lease (`kube-system/kube-controller-manager`,
/// `kube-system/kube-scheduler`), the candidate's identity, and the three durations.
public struct LeaderElectionConfig: Sendable {
    public var namespace: String
    public var name: String
    /// The candidate's identity, written as the Lease's `holderIdentity` while it leads.
    public var identity: String
    /// The field manager of the Lease writes (the component's).
    public var fieldManager: String
    /// How long others wait after they last saw the record change before they take the Lease
    /// (`--leader-elect-lease-duration`, 15 s).
    public var leaseDuration: Duration
    /// How long the leader keeps trying to renew before it gives up leading (`--leader-elect-renew-deadline`, 10 s).
    public var renewDeadline: Duration
    /// How long candidates wait between tries (`--leader-elect-retry-period`, 2 s).
    public var retryPeriod: Duration

    public init(
        namespace: String = "kube-system", name: String, identity: String = LeaderElectionConfig.identity(),
        fieldManager: String, leaseDuration: Duration = .seconds(15), renewDeadline: Duration = .seconds(10),
        retryPeriod: Duration = .seconds(2)
    ) {
        self.namespace = namespace
        self.name = name
        self.identity = identity
        self.fieldManager = fieldManager
        self.leaseDuration = leaseDuration
        self.renewDeadline = renewDeadline
        self.retryPeriod = retryPeriod
    }

    /// kube-controller-manager's and kube-scheduler's identity: `<hostname>_<uuid>`.
    public static func identity(hostname: String = ProcessInfo.processInfo.hostName) -> String {
        "\(hostname)_\(UUID().uuidString.lowercased())"
    }

    /// kube-controller-manager's election.
    public static func controllerManager(identity: String = LeaderElectionConfig.identity()) -> LeaderElectionConfig {
        LeaderElectionConfig(name: "kube-controller-manager", identity: identity, fieldManager: "kube-controller-manager")
    }

    /// kube-scheduler's election.
    public static func scheduler(identity: String = LeaderElectionConfig.identity()) -> LeaderElectionConfig {
        LeaderElectionConfig(name: "kube-scheduler", identity: identity, fieldManager: "kube-scheduler")
    }
}
