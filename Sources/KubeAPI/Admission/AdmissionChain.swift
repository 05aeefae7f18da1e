/// The admission plugins a server runs, in kube-apiserver's order (`AllOrderedPlugins` in kubernetes
/// `pkg/kubeapiserver/options/plugins.go`): every plugin's mutating phase in order, then the object is prepared
/// and validated by its strategy, then every plugin's validating phase in order.
///
/// NamespaceLifecycle, which comes first upstream, is the registry's own namespace check.
public struct AdmissionChain: Sendable {
    public var plugins: [any AdmissionPlugin]

    public init(_ plugins: [any AdmissionPlugin]) {
        self.plugins = plugins
    }

    /// The plugins kube-apiserver 1.32 enables by default that act on what KubeSim stores, in upstream order:
    /// LimitRanger, ServiceAccount, Priority, DefaultTolerationSeconds, DefaultStorageClass, DefaultIngressClass,
    /// ResourceQuota.
    public static let kubeAPIServer = AdmissionChain([
        LimitRanger(), ServiceAccountAdmission(), PriorityAdmission(), DefaultTolerationSeconds(), DefaultStorageClass(),
        DefaultIngressClass(), ResourceQuotaAdmission(),
    ])

    /// No admission (kube-apiserver with every plugin disabled).
    public static let none = AdmissionChain([])

    /// The mutating phase of every plugin that handles the request's operation.
    func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        for plugin in plugins where plugin.operations.contains(request.operation) {
            try await plugin.admit(&request, context: context)
        }
    }

    /// The validating phase of every plugin that handles the request's operation.
    func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {
        for plugin in plugins where plugin.operations.contains(request.operation) {
            try await plugin.validate(request, context: context)
        }
    }
}
