import Foundation
import KubeAPI

/// A Job's `status` as the Job controller reads and writes it (batch/v1 `JobStatus`), keeping the fields it does
/// not own (such as `failedIndexes`) as they are. Counters with `omitempty` vanish at zero; `ready`, `terminating`
/// and `uncountedTerminatedPods` are pointers in Go, so a written status always carries them.
struct JobStatus: Equatable {
    var raw: JSONValue
    var active: Int64
    var ready: Int64?
    var terminating: Int64?
    var succeeded: Int64
    var failed: Int64
    var startTime: String?
    var completionTime: String?
    var completedIndexes: String
    var uncountedSucceeded: [String]
    var uncountedFailed: [String]
    var conditions: [JSONValue]

    init(_ job: KubeObject) {
        let status = job.json["status"] ?? .emptyObject
        raw = status
        active = status["active"]?.intValue ?? 0
        ready = status["ready"]?.intValue
        terminating = status["terminating"]?.intValue
        succeeded = status["succeeded"]?.intValue ?? 0
        failed = status["failed"]?.intValue ?? 0
        startTime = status["startTime"]?.stringValue
        completionTime = status["completionTime"]?.stringValue
        completedIndexes = status["completedIndexes"]?.stringValue ?? ""
        uncountedSucceeded = (status[["uncountedTerminatedPods", "succeeded"]]?.arrayValue ?? []).compactMap(\.stringValue)
        uncountedFailed = (status[["uncountedTerminatedPods", "failed"]]?.arrayValue ?? []).compactMap(\.stringValue)
        conditions = status["conditions"]?.arrayValue ?? []
    }

    /// The status as written to the API.
    var json: JSONValue {
        var status = raw
        func set(_ field: String, _ value: JSONValue?) { status[field] = value }
        set("active", active == 0 ? nil : .int(active))
        set("ready", ready.map(JSONValue.int))
        set("terminating", terminating.map(JSONValue.int))
        set("succeeded", succeeded == 0 ? nil : .int(succeeded))
        set("failed", failed == 0 ? nil : .int(failed))
        set("startTime", startTime.map(JSONValue.string))
        set("completionTime", completionTime.map(JSONValue.string))
        set("completedIndexes", completedIndexes.isEmpty ? nil : .string(completedIndexes))
        var uncounted: JSONValue = .emptyObject
        if !uncountedSucceeded.isEmpty { uncounted["succeeded"] = .array(uncountedSucceeded.map(JSONValue.string)) }
        if !uncountedFailed.isEmpty { uncounted["failed"] = .array(uncountedFailed.map(JSONValue.string)) }
        set("uncountedTerminatedPods", uncounted)
        set("conditions", conditions.isEmpty ? nil : .array(conditions))
        return status
    }

    /// The condition of `type`, if any.
    func condition(_ type: String) -> JSONValue? {
        conditions.first { $0["type"]?.stringValue == type }
    }

    func hasTrueCondition(_ type: String) -> Bool {
        condition(type)?["status"]?.stringValue == "True"
    }

    /// `ensureJobConditionStatus`: sets a condition of `type` (both times now) unless one with the same status,
    /// reason and message is there; a False condition is not added where there is none. Returns whether it changed.
    @discardableResult
    mutating func ensureCondition(type: String, status: String, reason: String, message: String, now: Date) -> Bool {
        let fresh = JobCondition(type: type, status: status, reason: reason, message: message).json(now: now)
        if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
            let current = conditions[index]
            guard current["status"]?.stringValue != status || current["reason"]?.stringValue != reason
                || current["message"]?.stringValue != message
            else { return false }
            conditions[index] = fresh
            return true
        }
        guard status != "False" else { return false }
        conditions.append(fresh)
        return true
    }
}

/// A Job condition (`newCondition`): `lastProbeTime` and `lastTransitionTime` both at the time it is made.
struct JobCondition: Equatable {
    var type: String
    var status = "True"
    var reason: String
    var message: String

    func json(now: Date) -> JSONValue {
        let time = JSONValue.string(RFC3339Timestamp.string(from: now))
        return [
            "type": .string(type), "status": .string(status), "reason": .string(reason), "message": .string(message),
            "lastProbeTime": time, "lastTransitionTime": time,
        ]
    }

    static let successCriteriaMet = "SuccessCriteriaMet"
    static let complete = "Complete"
    static let failureTarget = "FailureTarget"
    static let failed = "Failed"
    static let suspended = "Suspended"

    /// The interim condition of a Job whose pods reached `completions` (`JobReasonCompletionsReached`).
    static let completionsReached = JobCondition(
        type: successCriteriaMet, reason: "CompletionsReached", message: "Reached expected number of succeeded pods")
    static let backoffLimitExceeded = JobCondition(
        type: failureTarget, reason: "BackoffLimitExceeded", message: "Job has reached the specified backoff limit")
    static let deadlineExceeded = JobCondition(
        type: failureTarget, reason: "DeadlineExceeded", message: "Job was active longer than specified deadline")

    /// The condition with the same reason and message under another type (`FailureTarget` → `Failed`).
    func becoming(_ type: String) -> JobCondition {
        JobCondition(type: type, status: status, reason: reason, message: message)
    }

    init(type: String, status: String = "True", reason: String, message: String) {
        self.type = type
        self.status = status
        self.reason = reason
        self.message = message
    }

    init(_ json: JSONValue) {
        self.init(
            type: json["type"]?.stringValue ?? "", status: json["status"]?.stringValue ?? "",
            reason: json["reason"]?.stringValue ?? "", message: json["message"]?.stringValue ?? "")
    }
}

extension KubeObject {
    /// A Job with a True `Complete` or `Failed` condition (`IsJobFinished`); its type.
    var jobFinishedCondition: JSONValue? {
        (json[["status", "conditions"]]?.arrayValue ?? []).first {
            ["Complete", "Failed"].contains($0["type"]?.stringValue ?? "") && $0["status"]?.stringValue == "True"
        }
    }
}
