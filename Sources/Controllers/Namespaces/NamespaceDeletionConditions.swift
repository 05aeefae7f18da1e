import Foundation
import KubeAPI

/// The status conditions the namespace controller keeps on a terminating namespace
/// (`pkg/controller/namespace/deletion/status_condition_utils.go`): all five types, always in this order, each
/// in its failing state (True) when this pass found a problem of its kind, else in its OK state (False).
struct NamespaceDeletionConditions {
    /// The condition types, in the order they are written.
    static let types = [
        "NamespaceDeletionDiscoveryFailure", "NamespaceDeletionGroupVersionParsingFailure",
        "NamespaceDeletionContentFailure", "NamespaceContentRemaining", "NamespaceFinalizersRemaining",
    ]

    /// Reason and message of each type's OK state.
    static let ok: [String: (reason: String, message: String)] = [
        "NamespaceDeletionDiscoveryFailure": ("ResourcesDiscovered", "All resources successfully discovered"),
        "NamespaceDeletionGroupVersionParsingFailure": ("ParsedGroupVersions", "All legacy kube types successfully parsed"),
        "NamespaceDeletionContentFailure": ("ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        "NamespaceContentRemaining": ("ContentRemoved", "All content successfully removed"),
        "NamespaceFinalizersRemaining": ("ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ]

    /// The failing conditions found by this pass: type → (reason, message).
    private var failures: [String: (reason: String, message: String)] = [:]

    /// Errors deleting content, one per resource type that failed.
    mutating func deleteContentFailed(_ errors: [String]) {
        guard !errors.isEmpty else { return }
        failures["NamespaceDeletionContentFailure"] = (
            "ContentDeletionFailed",
            "Failed to delete all resource types, \(errors.count) remaining: \(errors.sorted().joined(separator: ", "))"
        )
    }

    /// What is left: instances per resource (`pods.` for core resources: resource, a dot, the group) and per finalizer.
    mutating func contentRemaining(byResource: [String: Int], byFinalizer: [String: Int]) {
        let resources = byResource.filter { $0.value > 0 }.map { "\($0.key) has \($0.value) resource instances" }.sorted()
        if !resources.isEmpty {
            failures["NamespaceContentRemaining"] = (
                "SomeResourcesRemain", "Some resources are remaining: \(resources.joined(separator: ", "))"
            )
        }
        let finalizers = byFinalizer.filter { $0.value > 0 }.map { "\($0.key) in \($0.value) resource instances" }.sorted()
        if !finalizers.isEmpty {
            failures["NamespaceFinalizersRemaining"] = (
                "SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: \(finalizers.joined(separator: ", "))"
            )
        }
    }

    /// Applies this pass's conditions to a namespace's status (`updateConditions`): a missing type is appended;
    /// a changed one takes the new status, reason and message, and a new lastTransitionTime only when its status
    /// changed. Returns whether anything changed.
    func apply(to status: inout JSONValue, now: Date) -> Bool {
        var conditions = status["conditions"]?.arrayValue ?? []
        var changed = false
        for type in Self.types {
            let failure = failures[type]
            let (reason, message) = failure ?? Self.ok[type]!
            let state = failure == nil ? "False" : "True"
            if let index = conditions.firstIndex(where: { $0["type"]?.stringValue == type }) {
                var condition = conditions[index]
                guard condition["status"]?.stringValue != state || condition["reason"]?.stringValue != reason
                    || condition["message"]?.stringValue != message
                else { continue }
                if condition["status"]?.stringValue != state {
                    condition["lastTransitionTime"] = .string(RFC3339Timestamp.string(from: now))
                }
                condition["status"] = .string(state)
                condition["reason"] = .string(reason)
                condition["message"] = .string(message)
                conditions[index] = condition
            } else {
                conditions.append([
                    "type": .string(type), "status": .string(state),
                    "lastTransitionTime": .string(RFC3339Timestamp.string(from: now)), "reason": .string(reason),
                    "message": .string(message),
                ])
            }
            changed = true
        }
        if changed { status["conditions"] = .array(conditions) }
        return changed
    }
}
