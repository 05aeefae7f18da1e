import Foundation
import KubeAPI
import KubeAuth

/// kube-controller-manager's csrsigning controllers (`pkg/controller/certificates/signer`): an approved
/// CertificateSigningRequest for one of the built-in signers gets `status.certificate` issued by the cluster CA;
/// one the signer cannot sign gets a `Failed` condition (`SignerValidationFailure`). Denied, failed and issued
/// requests are left alone.
public struct CertificateSigningController: Controller {
    let signer: CertificateSigner

    public init(signer: CertificateSigner) {
        self.signer = signer
    }

    public var name: String { "csrsigning" }
    public var fieldManager: String { "kube-controller-manager" }
    public var watchedTypes: [ResourceType] { [BuiltinResources.certificateSigningRequests] }

    public func keys(for change: ObjectChange, in cache: ObjectCache) -> [ObjectKey] {
        change.event == .deleted ? [] : [ObjectKey(namespace: nil, name: change.object.name)]
    }

    public func reconcile(_ key: ObjectKey, context: ControllerContext) async throws {
        let type = BuiltinResources.certificateSigningRequests
        guard let csr = context.cache.get(type, namespace: nil, name: key.name) else { return }
        var status = csr.json["status"] ?? .emptyObject
        let conditions = status["conditions"]?.arrayValue ?? []
        let types = Set(conditions.compactMap { $0["type"]?.stringValue })
        guard types.contains("Approved"), !types.contains("Denied"), !types.contains("Failed"),
            (status["certificate"]?.stringValue ?? "").isEmpty,
            let spec = csr.spec, let signerName = spec["signerName"]?.stringValue,
            CertificateSigner.signerNames.contains(signerName),
            let request = spec["request"]?.stringValue.flatMap({ Data(base64Encoded: $0) })
        else { return }
        let now = context.clock.now()
        do {
            let certificate = try signer.sign(
                requestPEM: String(decoding: request, as: UTF8.self),
                usages: spec["usages"]?.arrayValue?.compactMap(\.stringValue) ?? [], signerName: signerName,
                expirationSeconds: spec["expirationSeconds"]?.intValue, now: now)
            status["certificate"] = .string(Data(certificate.utf8).base64EncodedString())
        } catch {
            let timestamp = ISO8601DateFormatter().string(from: now)
            status["conditions"] = .array(conditions + [[
                "type": "Failed", "status": "True", "reason": "SignerValidationFailure", "message": .string("\(error)"),
                "lastUpdateTime": .string(timestamp), "lastTransitionTime": .string(timestamp),
            ]])
        }
        _ = try await context.api.updateStatus(type, namespace: nil, name: csr.name, status: status, options: context.writeOptions)
    }
}
