import Foundation
import KubeAPI

/// Plans a pod's run when the kubelet takes it on (see `PodTimings` for the stages). A pod whose status
/// shows it already under way (a kubelet that restarted) keeps what its status says: containers that run
/// keep their start times and IDs, and only what is left is planned, from now.
struct PodRunPlanner {
    var timings: PodTimings
    /// The references of the images the node holds.
    var imagesOnNode: Set<String>
    /// A new container ID (64 hexadecimal digits).
    var newContainerID: () -> String

    func plan(_ pod: KubeObject, node: String, hostIP: String, podIP: String, now: Date) -> PodRun {
        let timings = PodPlanTimings(self.timings, pod: pod)
        let status = pod.json["status"] ?? .emptyObject
        let accepted = status["startTime"]?.stringValue.flatMap(RFC3339Timestamp.date(from:)).map { min($0, now) } ?? now
        let sandboxExists =
            status["podIP"]?.stringValue != nil
            || PodConditions.condition("PodReadyToStartContainers", in: status)?["status"] == "True"
        let sandbox = sandboxExists ? accepted : now.addingTimeInterval(timings.sandbox)
        let runsToCompletion = ["Never", "OnFailure"].contains(pod.spec?["restartPolicy"]?.stringValue ?? "Always")
        var previous: [String: JSONValue] = [:]
        for item in (status["initContainerStatuses"]?.arrayValue ?? []) + (status["containerStatuses"]?.arrayValue ?? []) {
            if let name = item["name"]?.stringValue { previous[name] = item }
        }

        var cursor = sandbox
        var events: [PodEvent] = []
        var pulled = imagesOnNode
        var containers: [ContainerRun] = []
        let specs =
            (pod.spec?["initContainers"]?.arrayValue ?? []).map { ($0, true) }
            + (pod.spec?["containers"]?.arrayValue ?? []).map { ($0, false) }
        for (spec, isInit) in specs {
            let name = spec["name"]?.stringValue ?? ""
            let image = ContainerImage(spec["image"]?.stringValue ?? "")
            let completes = isInit || (runsToCompletion && (spec["command"] != nil || spec["args"] != nil))
            let run = isInit ? timings.initRun : timings.jobRun
            var container = ContainerRun(
                name: name, isInit: isInit, image: image, volumeMounts: Self.mountStatuses(spec), containerID: "",
                started: cursor, readyAt: nil, finishes: nil, exitCode: isInit ? 0 : timings.exitCode)
            if let state = previous[name]?["state"], let startedText = (state[["running", "startedAt"]] ?? state[["terminated", "startedAt"]])?.stringValue {
                // Already started before this kubelet took the pod on (never later than now: a status written on
                // another clock that ran ahead still reads as under way).
                container.started = min(RFC3339Timestamp.date(from: startedText) ?? now, now)
                container.containerID = String((previous[name]?["containerID"]?.stringValue ?? "").split(separator: "/").last ?? "")
                if let finished = state[["terminated", "finishedAt"]]?.stringValue {
                    container.finishes = min(RFC3339Timestamp.date(from: finished) ?? now, now)
                    container.exitCode = state[["terminated", "exitCode"]]?.intValue ?? 0
                } else if completes {
                    container.finishes = container.started.addingTimeInterval(run)
                }
                if !isInit {
                    container.readyAt = previous[name]?["ready"] == true ? container.started : container.started.addingTimeInterval(Self.readinessDelay(spec))
                }
                cursor = max(cursor, now)
                containers.append(container)
                continue
            }
            let pullStart = max(cursor, now)
            let policy = spec["imagePullPolicy"]?.stringValue ?? (image.isLatest ? "Always" : "IfNotPresent")
            let quoted = "\"\(image.spec)\""
            let imageReady: Date
            if policy == "Never" || (policy == "IfNotPresent" && pulled.contains(image.reference)) {
                imageReady = pullStart
                events.append(
                    PodEvent(time: pullStart, reason: "Pulled", message: "Container image \(quoted) already present on machine",
                             fieldPath: container.fieldPath))
            } else {
                let milliseconds = timings.pull.map { Int64(($0 * 1000).rounded()) } ?? image.pullMilliseconds
                imageReady = pullStart.addingTimeInterval(Double(milliseconds) / 1000)
                let took = GoDuration.string(nanoseconds: milliseconds * 1_000_000)
                events.append(PodEvent(time: pullStart, reason: "Pulling", message: "Pulling image \(quoted)", fieldPath: container.fieldPath))
                events.append(
                    PodEvent(
                        time: imageReady, reason: "Pulled",
                        message: "Successfully pulled image \(quoted) in \(took) (\(took) including waiting). Image size: \(image.sizeBytes) bytes.",
                        fieldPath: container.fieldPath))
                pulled.insert(image.reference)
            }
            container.started = imageReady.addingTimeInterval(timings.start)
            container.containerID = newContainerID()
            events.append(PodEvent(time: container.started, reason: "Created", message: "Created container \(name)", fieldPath: container.fieldPath))
            events.append(PodEvent(time: container.started, reason: "Started", message: "Started container \(name)", fieldPath: container.fieldPath))
            if completes { container.finishes = container.started.addingTimeInterval(run) }
            if !isInit { container.readyAt = container.started.addingTimeInterval(Self.readinessDelay(spec)) }
            cursor = isInit ? container.finishes ?? container.started : container.started
            containers.append(container)
        }
        return PodRun(
            uid: pod.uid ?? "", node: node, accepted: accepted, sandbox: sandbox, podIP: podIP, hostIP: hostIP,
            containers: containers, events: events, timings: timings)
    }

    /// When a container with a readiness probe is first ready after it starts: probes run every
    /// `periodSeconds` from the start, count only from `initialDelaySeconds` on, and `successThreshold` of
    /// them must succeed. Without a probe, at once.
    static func readinessDelay(_ container: JSONValue) -> TimeInterval {
        guard let probe = container["readinessProbe"] else { return 0 }
        let period = max(1, probe["periodSeconds"]?.intValue ?? 10)
        let delay = max(0, probe["initialDelaySeconds"]?.intValue ?? 0)
        let successes = max(1, probe["successThreshold"]?.intValue ?? 1)
        let firstTick = (delay + period - 1) / period
        return Double((firstTick + successes - 1) * period)
    }

    /// A container's mounts as 1.32 reports them in its status: name and path, and for read-only mounts
    /// `readOnly` with `recursiveReadOnly` (Disabled unless the spec asks for Enabled).
    static func mountStatuses(_ container: JSONValue) -> [JSONValue] {
        (container["volumeMounts"]?.arrayValue ?? []).map { mount in
            var status: JSONValue = ["name": mount["name"] ?? "", "mountPath": mount["mountPath"] ?? ""]
            if mount["readOnly"] == true {
                status["readOnly"] = true
                status["recursiveReadOnly"] = mount["recursiveReadOnly"] == "Enabled" ? "Enabled" : "Disabled"
            }
            return status
        }
    }
}
