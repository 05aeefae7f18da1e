/// The DefaultTolerationSeconds plugin (kubernetes `plugin/pkg/admission/defaulttolerationseconds`): a pod
/// that does not tolerate the `node.kubernetes.io/not-ready` or `unreachable` NoExecute taints gets a
/// toleration of each for `--default-not-ready-toleration-seconds` / `--default-unreachable-toleration-seconds`
/// (300 by default), so it is evicted 5 minutes after its node fails. Upstream handles create and update.
public struct DefaultTolerationSeconds: AdmissionPlugin {
    public let name = "DefaultTolerationSeconds"
    public let operations: Set<AdmissionOperation> = [.create, .update]
    public var notReadySeconds: Int64
    public var unreachableSeconds: Int64

    public init(notReadySeconds: Int64 = 300, unreachableSeconds: Int64 = 300) {
        self.notReadySeconds = notReadySeconds
        self.unreachableSeconds = unreachableSeconds
    }

    public func admit(_ request: inout AdmissionRequest, context: AdmissionContext) async throws {
        guard request.isPod else { return }
        var tolerations = request.object.json[["spec", "tolerations"]]?.arrayValue ?? []
        let added = [("node.kubernetes.io/not-ready", notReadySeconds), ("node.kubernetes.io/unreachable", unreachableSeconds)]
            .filter { key, _ in !tolerations.contains { Self.tolerates($0, key: key) } }
        guard !added.isEmpty else { return }
        for (key, seconds) in added {
            tolerations.append([
                "key": .string(key), "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": .int(seconds),
            ])
        }
        request.object.json[["spec", "tolerations"]] = .array(tolerations)
    }

    /// Whether a toleration already covers the NoExecute taint `key`: the same key or none, and the NoExecute
    /// effect or none.
    static func tolerates(_ toleration: JSONValue, key: String) -> Bool {
        let tolerationKey = toleration["key"]?.stringValue ?? ""
        let effect = toleration["effect"]?.stringValue ?? ""
        return (tolerationKey == key || tolerationKey.isEmpty) && (effect == "NoExecute" || effect.isEmpty)
    }
}
