/// A pod's status conditions as `podutil.UpdatePodCondition` sets them.
public enum PodCondition {
    /// `status` with the condition `type` replaced (or appended): its `lastTransitionTime` is `time` unless the
    /// condition already had `value`, whose transition time it keeps; `lastProbeTime` null.
    public static func setting(
        _ status: JSONValue, type: String, status value: String, reason: String, message: String, time: String
    ) -> JSONValue {
        var status = status
        var conditions = status["conditions"]?.arrayValue ?? []
        let index = conditions.firstIndex { $0["type"]?.stringValue == type }
        var transition = time
        if let index, conditions[index]["status"]?.stringValue == value,
            let kept = conditions[index]["lastTransitionTime"]?.stringValue
        {
            transition = kept
        }
        let entry: JSONValue = [
            "type": .string(type), "status": .string(value), "lastProbeTime": .null, "lastTransitionTime": .string(transition),
            "reason": .string(reason), "message": .string(message),
        ]
        if let index { conditions[index] = entry } else { conditions.append(entry) }
        status["conditions"] = .array(conditions)
        return status
    }
}
