import Foundation
import KubeAPI

/// How long a simulated pod's stages take, per cluster (`KubeletConfiguration.timings`) and per pod by
/// annotation. A pod bound to a simulated node goes, in simulated time:
///
/// 1. at once: accepted, `Pending` with its containers waiting (`ContainerCreating` / `PodInitializing`);
/// 2. after `sandbox`: its sandbox and IP exist (`PodReadyToStartContainers`);
/// 3. then, one container after another (init containers first, each run to completion): the image is
///    pulled (`Pulling`/`Pulled`; `pull`, or 1–2 s derived from the image name; nothing for an image already
///    on the node under `IfNotPresent`), the container is created and started after `start`, and is ready at
///    once, or when its readiness probe first succeeds (the first probe at or after `initialDelaySeconds`,
///    probes every `periodSeconds`, `successThreshold` of them);
/// 4. containers that run to completion (init containers; those of a pod with restartPolicy Never or
///    OnFailure that have a `command` or `args`, as a Job's do) exit after `initRun` / `jobRun`, with exit
///    code 0 unless the pod says otherwise; then the pod is `Succeeded` (or `Failed`).
/// 5. A deleted pod's containers stop `stop` after the `Killing` event, or at the end of the grace period
///    (killed, exit code 137) when the pod says they ignore SIGTERM.
///
/// Pod annotations (Go durations such as `3s`, `1.5s`, `500ms`, `1m`):
/// - `kubesim.io/pull-duration`: every image pull of the pod;
/// - `kubesim.io/start-duration`: creating and starting each container;
/// - `kubesim.io/run-duration`: how long each container that runs to completion runs;
/// - `kubesim.io/stop-duration`: how long containers take to stop after SIGTERM;
/// - `kubesim.io/exit-code`: the exit code of the containers that run to completion (non-zero fails the pod);
/// - `kubesim.io/ignore-sigterm: "true"`: containers are killed only at the end of the grace period.
public struct PodTimings: Sendable, Hashable {
    public var sandbox: TimeInterval = 0.5
    /// nil: 1–2 s, derived from the image reference.
    public var pull: TimeInterval? = nil
    public var start: TimeInterval = 0.5
    public var initRun: TimeInterval = 1
    public var jobRun: TimeInterval = 5
    public var stop: TimeInterval = 0.5

    public init() {}

    static let pullAnnotation = "kubesim.io/pull-duration"
    static let startAnnotation = "kubesim.io/start-duration"
    static let runAnnotation = "kubesim.io/run-duration"
    static let stopAnnotation = "kubesim.io/stop-duration"
    static let exitCodeAnnotation = "kubesim.io/exit-code"
    static let ignoreSIGTERMAnnotation = "kubesim.io/ignore-sigterm"
}

/// One pod's timings: the cluster's, with the pod's annotations applied.
struct PodPlanTimings {
    var sandbox: TimeInterval
    var pull: TimeInterval?
    var start: TimeInterval
    var initRun: TimeInterval
    var jobRun: TimeInterval
    var stop: TimeInterval
    var exitCode: Int64
    var ignoresSIGTERM: Bool

    init(_ cluster: PodTimings, pod: KubeObject) {
        let annotations = pod.annotations
        func duration(_ key: String) -> TimeInterval? { annotations[key].flatMap(GoDuration.parse) }
        sandbox = cluster.sandbox
        pull = duration(PodTimings.pullAnnotation) ?? cluster.pull
        start = duration(PodTimings.startAnnotation) ?? cluster.start
        let run = duration(PodTimings.runAnnotation)
        initRun = run ?? cluster.initRun
        jobRun = run ?? cluster.jobRun
        stop = duration(PodTimings.stopAnnotation) ?? cluster.stop
        exitCode = annotations[PodTimings.exitCodeAnnotation].flatMap { Int64($0) } ?? 0
        ignoresSIGTERM = annotations[PodTimings.ignoreSIGTERMAnnotation] == "true"
    }
}
