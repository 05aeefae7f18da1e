import Foundation
import KubeAPI

/// kubectl's `describeVolumes` for the volume sources a simulated cluster's pods use.
extension DescribeContext {
    static func volumes(_ volumes: [JSONValue], space: String, into w: inout DescribeWriter) {
        guard !volumes.isEmpty else { return w.write(0, "\(space)Volumes:\t<none>\n") }
        w.write(0, "\(space)Volumes:\n")
        for volume in volumes {
            w.write(1, "\(space.isEmpty ? "" : " ")\(volume["name"]?.stringValue ?? ""):\n")
            source(volume, into: &w)
        }
    }

    private static func text(_ value: JSONValue?) -> String { value?.goText ?? "" }
    private static func flag(_ value: JSONValue?) -> String { value?.boolValue == true ? "true" : "false" }

    /// One volume's source lines (`printHostPathVolumeSource`, `printSecretVolumeSource`, ...).
    private static func source(_ volume: JSONValue, into w: inout DescribeWriter) {
        func present(_ key: String) -> JSONValue? {
            guard let value = volume[key], value != .null else { return nil }
            return value
        }
        if let hostPath = present("hostPath") {
            let type = hostPath["type"]?.stringValue ?? "<none>"
            w.write(2, "Type:\tHostPath (bare host directory volume)\n    Path:\t\(text(hostPath["path"]))\n    HostPathType:\t\(type)\n")
        } else if let emptyDir = present("emptyDir") {
            let limit = Quantity(json: emptyDir["sizeLimit"]).flatMap { $0.value > 0 ? $0.canonical : nil } ?? "<unset>"
            w.write(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t\(text(emptyDir["medium"]))\n    SizeLimit:\t\(limit)\n")
        } else if let secret = present("secret") {
            w.write(2, "Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t\(text(secret["secretName"]))\n    Optional:\t\(flag(secret["optional"]))\n")
        } else if let configMap = present("configMap") {
            w.write(2, "Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t\(text(configMap["name"]))\n    Optional:\t\(flag(configMap["optional"]))\n")
        } else if let nfs = present("nfs") {
            w.write(2, "Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t\(text(nfs["server"]))\n    Path:\t\(text(nfs["path"]))\n    ReadOnly:\t\(flag(nfs["readOnly"]))\n")
        } else if let claim = present("persistentVolumeClaim") {
            w.write(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t\(text(claim["claimName"]))\n    ReadOnly:\t\(flag(claim["readOnly"]))\n")
        } else if let downward = present("downwardAPI") {
            w.write(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for item in downward["items"]?.arrayValue ?? [] {
                if let field = item["fieldRef"], field != .null {
                    w.write(3, "\(text(field["fieldPath"])) -> \(text(item["path"]))\n")
                }
                if let resource = item["resourceFieldRef"], resource != .null {
                    w.write(3, "\(text(resource["resource"])) -> \(text(item["path"]))\n")
                }
            }
        } else if let projected = present("projected") {
            w.write(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for source in projected["sources"]?.arrayValue ?? [] {
                if let secret = source["secret"], secret != .null {
                    w.write(2, "SecretName:\t\(text(secret["name"]))\n    SecretOptional:\t\(secret["optional"].map(\.goText) ?? "<nil>")\n")
                } else if let downward = source["downwardAPI"], downward != .null {
                    w.write(2, "DownwardAPI:\ttrue\n")
                } else if let configMap = source["configMap"], configMap != .null {
                    w.write(2, "ConfigMapName:\t\(text(configMap["name"]))\n    ConfigMapOptional:\t\(configMap["optional"].map(\.goText) ?? "<nil>")\n")
                } else if let token = source["serviceAccountToken"], token != .null {
                    w.write(2, "TokenExpirationSeconds:\t\(token["expirationSeconds"]?.intValue ?? 0)\n")
                }
            }
        } else if let csi = present("csi") {
            w.write(2, "Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t\(text(csi["driver"]))\n    FSType:\t\(text(csi["fsType"]))\n    ReadOnly:\t\(flag(csi["readOnly"]))\n")
            let attributes = csi["volumeAttributes"]?.stringMap ?? [:]
            w.write(2, "VolumeAttributes:\t")
            if attributes.isEmpty { w.line("<none>") }
            for (index, key) in attributes.keys.sorted().enumerated() {
                if index != 0 { w.write(2, "\t") }
                w.write(2, "\(key)=\(attributes[key]!)\n")
            }
        } else if let ephemeral = present("ephemeral") {
            w.write(2, "Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n")
            if let template = ephemeral["volumeClaimTemplate"], template != .null {
                persistentVolumeClaimFields(KubeObject(template), full: false, level: 2, into: &w)
            }
        } else {
            w.write(1, "<unknown>\n")
        }
    }
}
