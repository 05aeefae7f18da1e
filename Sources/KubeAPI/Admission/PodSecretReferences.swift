/// The secrets a pod spec names, for the ServiceAccount plugin's checks (kubernetes `pkg/api/pod`
/// `VisitPodSecretNames`, and the plugin's `limitSecretReferences`).
struct PodSecretReferences {
    let spec: JSONValue

    /// Volume sources that name a secret in a `secretRef` (or `nodePublishSecretRef` for CSI).
    private static let secretRefSources = ["cephfs", "cinder", "flexVolume", "rbd", "scaleIO", "iscsi", "storageos"]

    /// Whether the spec names no secret at all.
    var isEmpty: Bool { allNames.isEmpty }

    /// Every secret name, in `VisitPodSecretNames` order.
    var allNames: [String] {
        var names = (spec["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        for field in ["initContainers", "containers", "ephemeralContainers"] {
            for container in spec[field]?.arrayValue ?? [] {
                names += (container["envFrom"]?.arrayValue ?? []).compactMap { $0[["secretRef", "name"]]?.stringValue }
                names += (container["env"]?.arrayValue ?? []).compactMap { $0[["valueFrom", "secretKeyRef", "name"]]?.stringValue }
            }
        }
        for volume in spec["volumes"]?.arrayValue ?? [] {
            names += [volume[["azureFile", "secretName"]], volume[["secret", "secretName"]], volume[["csi", "nodePublishSecretRef", "name"]]]
                .compactMap { $0?.stringValue }
            names += Self.secretRefSources.compactMap { volume[[$0, "secretRef", "name"]]?.stringValue }
            names += (volume[["projected", "sources"]]?.arrayValue ?? []).compactMap { $0[["secret", "name"]]?.stringValue }
        }
        return names.filter { !$0.isEmpty }
    }

    /// The first reference the account does not list, as the plugin words it, or nil when all are allowed:
    /// secret volumes, then init and app containers' env and envFrom, then image pull secrets.
    func firstNotMountable(by account: KubeObject) -> String? {
        let mountable = Set((account.json["secrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let accountName = account.name
        let refusal = "is not allowed because service account \(accountName) does not reference that secret"
        for volume in spec["volumes"]?.arrayValue ?? [] {
            if let secret = volume[["secret", "secretName"]]?.stringValue, !mountable.contains(secret) {
                return "volume with secret.secretName=\"\(secret)\" \(refusal)"
            }
        }
        for (field, label) in [("initContainers", "init container"), ("containers", "container")] {
            for container in spec[field]?.arrayValue ?? [] {
                let name = container["name"]?.stringValue ?? ""
                for variable in container["env"]?.arrayValue ?? [] {
                    if let secret = variable[["valueFrom", "secretKeyRef", "name"]]?.stringValue, !mountable.contains(secret) {
                        let envName = variable["name"]?.stringValue ?? ""
                        return "\(label) \(name) with envVar \(envName) referencing secret.secretName=\"\(secret)\" \(refusal)"
                    }
                }
                for source in container["envFrom"]?.arrayValue ?? [] {
                    if let secret = source[["secretRef", "name"]]?.stringValue, !mountable.contains(secret) {
                        return "\(label) \(name) with envFrom referencing secret.secretName=\"\(secret)\" \(refusal)"
                    }
                }
            }
        }
        let pullable = Set((account.json["imagePullSecrets"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        for (index, reference) in (spec["imagePullSecrets"]?.arrayValue ?? []).enumerated() {
            let secret = reference["name"]?.stringValue ?? ""
            if !pullable.contains(secret) {
                return "imagePullSecrets[\(index)].name=\"\(secret)\" is not allowed because service account \(accountName) does not reference that imagePullSecret"
            }
        }
        return nil
    }
}
