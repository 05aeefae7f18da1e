import Foundation

/// One of kube-apiserver's compiled-in admission plugins (`k8s.io/apiserver/pkg/admission`): it may change an
/// object before the registry's strategy validates it (`admit`, the mutating phase) and may refuse it after
/// (`validate`, the validating phase).
public protocol AdmissionPlugin: Sendable {
    /// The plugin's name in `--enable-admission-plugins` (`ServiceAccount`, `Priority`, ...).
    var name: String { get }
    /// The operations the plugin acts on (its `admission.Handler`'s `Handles`).
    var operations: Set<AdmissionOperation> { get }
    /// The mutating phase.
    /// - Throws: `StatusError`, usually 403 Forbidden (`request.forbidden`).
    func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws
    /// The validating phase, after the strategy's validation.
    func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws
}

extension AdmissionPlugin {
    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {}
    public func validate(_ request: AdmissionRequest, context: AdmissionContext) async throws {}
}

/// The write an admission plugin is asked about.
public enum AdmissionOperation: Sendable, Hashable {
    case create, update
}

/// What a plugin sees of a request (`admission.Attributes`): the operation, the resource, the new object (which
/// the mutating phase may change) and, on update, the stored one.
public struct AdmissionRequest: Sendable {
    public let operation: AdmissionOperation
    public let type: ResourceType
    public let namespace: String?
    public var object: KubeObject
    public let oldObject: KubeObject?
    /// `dryRun=All`: decide, but record nothing (no quota is charged).
    public let dryRun: Bool

    public init(
        operation: AdmissionOperation, type: ResourceType, namespace: String?, object: KubeObject, oldObject: KubeObject? = nil,
        dryRun: Bool = false
    ) {
        self.operation = operation
        self.type = type
        self.namespace = namespace
        self.object = object
        self.oldObject = oldObject
        self.dryRun = dryRun
    }

    /// Whether the request is about pods themselves (not a subresource), which is all these plugins act on.
    var isPod: Bool { type == BuiltinResources.pods }

    /// The name admission errors give (`extractResourceName`): the object's, or its `generateName` before a name
    /// is generated, or `Unknown`.
    var displayName: String {
        if !object.name.isEmpty { return object.name }
        if let prefix = object.generateName, !prefix.isEmpty { return prefix }
        return "Unknown"
    }

    /// The 403 an admission plugin answers (`admission.NewForbidden`): `pods "web" is forbidden: <detail>`.
    func forbidden(_ detail: String) -> StatusError {
        StatusError.forbidden(type, name: displayName, detail: detail)
    }
}

/// What plugins read while deciding (their informers' listers) and where they draw random names from.
public struct AdmissionContext: Sendable {
    public let reader: any AdmissionReader
    public let names: NameGenerator
    /// When the request is decided (the registry's clock).
    public let now: Date

    public init(reader: any AdmissionReader, names: NameGenerator, now: Date) {
        self.reader = reader
        self.names = names
        self.now = now
    }
}

/// Reads of the objects admission decides by (service accounts, limit ranges, priority classes).
public protocol AdmissionReader: Sendable {
    /// The object, or nil when there is none.
    func object(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject?
    /// Every object of `type` in `namespace` (all for nil), in key order.
    func objects(_ type: ResourceType, namespace: String?) async throws -> [KubeObject]
    /// Replaces a ResourceQuota's status if it is still at `resourceVersion`, as the ResourceQuota plugin
    /// records what it admitted (through kube-apiserver's loopback client).
    /// - Returns: false when the quota changed meanwhile.
    func replaceQuotaStatus(_ quota: KubeObject, status: JSONValue) async throws -> Bool
}
