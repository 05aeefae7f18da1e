import Foundation
import KubeAPI

/// The pod `logs` and `exec` reach, as kubectl finds it: `NAME` is a pod; `TYPE/NAME` is that object, and for a
/// workload or service the first of the pods its selector matches (`polymorphichelpers.GetFirstPod`); and the
/// container, defaulted as `podcmd.FindOrDefaultContainerByName` does.
enum PodTargets {
    /// How kubectl ranks the pods of a workload: `logs` (`podutils.ByLogging`) or `exec`
    /// (`sort.Reverse(podutils.ActivePods)`); they differ only in which restart count comes first.
    enum Ranking {
        case logging, exec
    }

    /// The object `argument` names in `namespace`: a pod for a bare name.
    static func object(_ argument: String, namespace: String, client: any KubeClient) async throws -> (ResourceType, KubeObject) {
        guard argument.contains("/") else {
            return (BuiltinResources.pods, try await client.get(BuiltinResources.pods, namespace: namespace, name: argument))
        }
        let resources = try ResourceArguments([argument], catalog: client.catalog)
        guard let selection = resources.selections.first, let name = selection.names.first else {
            throw CommandError("arguments in resource/name form must have a single resource and name")
        }
        let scope = selection.type.namespaced ? namespace : nil
        return (selection.type, try await client.get(selection.type, namespace: scope, name: name))
    }

    /// The label selector of a workload or service (`polymorphichelpers.SelectorsForObject`).
    /// - Throws: kubectl's message for a kind that has none.
    static func selector(of object: KubeObject, type: ResourceType, verb: String) throws -> LabelSelector {
        let spec = object.spec ?? .emptyObject
        switch (type.group, type.kind) {
        case ("apps", "Deployment"), ("apps", "ReplicaSet"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("batch", "Job"):
            return try LabelSelector(object: spec["selector"] ?? .emptyObject)
        case ("", "ReplicationController"), ("", "Service"):
            let labels = (spec["selector"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            guard !labels.isEmpty else {
                throw CommandError("cannot \(verb) \(goType(type)): invalid service '\(object.name)': Service is defined without a selector")
            }
            return LabelSelector(requirements: labels.map { .equals($0.key, $0.value.stringValue ?? "") })
        default:
            throw CommandError("cannot \(verb) \(goType(type)): selector for \(goType(type)) not implemented")
        }
    }

    /// `*v1.ConfigMap`, as `%T` prints the object kubectl decoded.
    private static func goType(_ type: ResourceType) -> String { "*\(type.version).\(type.kind)" }

    /// The first of `object`'s pods as kubectl ranks them, and how many matched.
    static func firstPod(
        of object: KubeObject, type: ResourceType, client: any KubeClient, ranking: Ranking, verb: String
    ) async throws -> (pod: KubeObject, count: Int) {
        let selector = try selector(of: object, type: type, verb: verb)
        let pods = try await client.list(
            BuiltinResources.pods, namespace: object.namespace, labelSelector: selector, fieldSelector: .everything, limit: 0,
            continueToken: nil
        ).items
        guard let first = ranked(pods, ranking).first else {
            throw CommandError(
                "no pods match the selector of \(type.kubectlName)/\(object.name) (\(selector.text)): kubectl would wait for one to appear")
        }
        return (first, pods.count)
    }

    /// The pods in kubectl's order for `ranking`.
    static func ranked(_ pods: [KubeObject], _ ranking: Ranking) -> [KubeObject] {
        pods.sorted { comesFirst($0, $1, ranking) }
    }

    private static func comesFirst(_ a: KubeObject, _ b: KubeObject, _ ranking: Ranking) -> Bool {
        let (nodeA, nodeB) = (a.spec?["nodeName"]?.stringValue ?? "", b.spec?["nodeName"]?.stringValue ?? "")
        if nodeA != nodeB && (nodeA.isEmpty || nodeB.isEmpty) { return !nodeA.isEmpty }
        // ByLogging: Running < Unknown < Pending (other phases rank as Running); ActivePods reversed: the same.
        let order = ["Running": 0, "Unknown": 1, "Pending": 2]
        let (phaseA, phaseB) = (order[phase(a)] ?? 0, order[phase(b)] ?? 0)
        if phaseA != phaseB { return phaseA < phaseB }
        let (readyA, readyB) = (readySince(a), readySince(b))
        if (readyA != nil) != (readyB != nil) { return readyA != nil }
        if let readyA, let readyB, readyA != readyB { return readyA < readyB }
        let (restartsA, restartsB) = (restarts(a), restarts(b))
        if restartsA != restartsB { return ranking == .logging ? restartsA > restartsB : restartsA < restartsB }
        let (createdA, createdB) = (a.metadata["creationTimestamp"]?.stringValue ?? "", b.metadata["creationTimestamp"]?.stringValue ?? "")
        if createdA != createdB { return !createdA.isEmpty && (createdB.isEmpty || createdA < createdB) }
        return false
    }

    private static func phase(_ pod: KubeObject) -> String { pod.json[["status", "phase"]]?.stringValue ?? "" }

    /// When the pod became Ready, if it is.
    private static func readySince(_ pod: KubeObject) -> String? {
        let ready = (pod.json[["status", "conditions"]]?.arrayValue ?? []).first { $0["type"]?.stringValue == "Ready" }
        guard ready?["status"]?.stringValue == "True" else { return nil }
        return ready?["lastTransitionTime"]?.stringValue ?? ""
    }

    private static func restarts(_ pod: KubeObject) -> Int64 {
        (pod.json[["status", "containerStatuses"]]?.arrayValue ?? []).map { $0["restartCount"]?.intValue ?? 0 }.max() ?? 0
    }

    // MARK: - Containers

    static func names(_ pod: KubeObject, _ field: String) -> [String] {
        (pod.spec?[field]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// `podcmd.AllContainerNames`: `a, b, dbg (ephem), setup (init)`.
    static func allContainerNames(_ pod: KubeObject) -> String {
        (names(pod, "containers") + names(pod, "ephemeralContainers").map { "\($0) (ephem)" }
            + names(pod, "initContainers").map { "\($0) (init)" }).joined(separator: ", ")
    }

    /// Whether the pod has a container (of any kind) of that name.
    static func hasContainer(_ pod: KubeObject, _ name: String) -> Bool {
        (names(pod, "containers") + names(pod, "initContainers") + names(pod, "ephemeralContainers")).contains(name)
    }

    /// The container kubectl picks when none is named: the `kubectl.kubernetes.io/default-container` annotation's,
    /// else the first, saying so on `warn` when the pod has others (unless `quiet`).
    static func defaultContainer(_ pod: KubeObject, quiet: Bool, warn: (String) -> Void) throws -> String {
        let containers = names(pod, "containers")
        guard let first = containers.first else {
            throw CommandError("pod \(pod.namespace ?? "")/\(pod.name) does not have any containers")
        }
        if let annotated = pod.annotations["kubectl.kubernetes.io/default-container"], !annotated.isEmpty {
            if hasContainer(pod, annotated) { return annotated }
            warn(
                "Defaulted container \(FieldError.quoted(annotated)): specified annotation kubectl.kubernetes.io/default-container points to a non-existent container, using first container \(FieldError.quoted(first))"
            )
            return first
        }
        if !quiet && (containers.count > 1 || !names(pod, "initContainers").isEmpty || !names(pod, "ephemeralContainers").isEmpty) {
            warn("Defaulted container \(FieldError.quoted(first)) out of: \(allContainerNames(pod))")
        }
        return first
    }
}
