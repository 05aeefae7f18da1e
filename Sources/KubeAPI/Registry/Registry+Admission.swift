import EtcdCore
import Foundation

/// The registry as admission plugins read it: straight from the store, at its latest revision (kube-apiserver's
/// plugins read informer caches and fall back to a live read when the cache lacks an object).
extension Registry: AdmissionReader {
    public func object(_ type: ResourceType, namespace: String?, name: String) async throws -> KubeObject? {
        guard let kv = try await store.get(key(type, namespace: scopedNamespace(type, namespace), name: name)) else { return nil }
        return try decode(kv, as: type)
    }

    public func objects(_ type: ResourceType, namespace: String?) async throws -> [KubeObject] {
        try await list(type, namespace: namespace).items
    }

    public func replaceQuotaStatus(_ quota: KubeObject, status: JSONValue) async throws -> Bool {
        do {
            _ = try await updateStatus(
                BuiltinResources.resourceQuotas, namespace: quota.namespace, name: quota.name, status: status,
                expecting: quota.resourceVersion, options: WriteOptions(fieldManager: "kube-apiserver"))
            return true
        } catch let error as StatusError where error.code == 409 {
            return false
        }
    }

    var admissionContext: AdmissionContext { AdmissionContext(reader: self, names: names, now: now()) }

    /// The mutating phase of the registry's admission chain on a create or update body.
    func runMutatingAdmission(
        _ object: inout KubeObject, operation: AdmissionOperation, type: ResourceType, old: KubeObject? = nil
    ) async throws {
        guard !admission.plugins.isEmpty else { return }
        var request = AdmissionRequest(operation: operation, type: type, namespace: object.namespace, object: object, oldObject: old)
        try await admission.admit(&request, context: admissionContext)
        object = request.object
    }

    /// The validating phase of the registry's admission chain, after the strategy's validation.
    func runValidatingAdmission(
        _ object: KubeObject, operation: AdmissionOperation, type: ResourceType, old: KubeObject? = nil, dryRun: Bool
    ) async throws {
        guard !admission.plugins.isEmpty else { return }
        let request = AdmissionRequest(
            operation: operation, type: type, namespace: object.namespace, object: object, oldObject: old, dryRun: dryRun)
        try await admission.validate(request, context: admissionContext)
    }
}
