import APIServer
import ArgumentParser
import Foundation
import KubeAPI
import Testing

@testable import KubeSimCLI

/// The client-side rules of `kubesim logs` and `exec`, as kubectl 1.32 applies them before any request: the
/// error stream's `Status` read as client-go reads it, the options' checks, the pod a workload's logs come from
/// and the container defaulted.
struct LogsExecRulesTests {
    /// The message of the `CommandError` `body` throws, if it throws one.
    private func refusal(_ body: () throws -> Void) -> String? {
        do {
            try body()
            return nil
        } catch let error as CommandError {
            return error.message
        } catch {
            return "\(error)"
        }
    }

    @Test func aNonZeroExitCodeBecomesTheExitStatusAndASuccessReturns() throws {
        try Exec.conclude(["metadata": .emptyObject, "status": "Success"])
        let failure: JSONValue = [
            "status": "Failure", "reason": "NonZeroExitCode", "message": "command terminated with non-zero exit code: x",
            "details": ["causes": [["reason": "ExitCode", "message": "42"]]],
        ]
        #expect(throws: ExitCode(42)) { try Exec.conclude(failure) }
    }

    @Test func anyOtherFailureIsItsMessageAndAMalformedOneAProtocolError() {
        let internalError: JSONValue = ["status": "Failure", "reason": "InternalError", "message": "Internal error occurred: boom"]
        #expect(refusal { try Exec.conclude(internalError) } == "Internal error occurred: boom")
        let noCause: JSONValue = ["status": "Failure", "reason": "NonZeroExitCode", "details": ["causes": []]]
        #expect(refusal { try Exec.conclude(noCause) } == "error stream protocol error: no ExitCode cause given")
        let badCode: JSONValue = [
            "status": "Failure", "reason": "NonZeroExitCode", "details": ["causes": [["reason": "ExitCode", "message": "300"]]],
        ]
        #expect(refusal { try Exec.conclude(badCode) } == "error stream protocol error: invalid exit code value \"300\"")
        #expect(refusal { try Exec.conclude(["status": "Weird"]) } == "error stream protocol error: unknown error")
    }

    @Test(arguments: [
        (["deploy/web", "--since=1h", "--since-time=2024-01-01T00:00:00Z"], "at most one of `sinceTime` or `sinceSeconds` may be specified"),
        (["deploy/web", "--all-containers", "-c", "a"], "--all-containers=true should not be specified with container name a"),
        (["pod", "a", "-c", "b"], "only one of -c or an inline [CONTAINER] arg is allowed"),
        (["pod", "--limit-bytes=-1"], "--limit-bytes must be greater than 0"),
        (["pod", "--tail=-2"], "--tail must be greater than or equal to -1"),
        (["pod", "--since-time=yesterday"], #"parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006""#),
    ])
    func invalidOptionsAreRefusedWithKubectlsWords(_ arguments: [String], _ message: String) throws {
        let command = try Logs.parse(arguments)
        #expect(refusal { _ = try command.logOptions() } == message)
    }

    @Test func aSelectorWithoutTailReadsTheLastTenLines() throws {
        #expect(try Logs.parse(["-l", "app=web"]).logOptions().tailLines == 10)
        #expect(try Logs.parse(["-l", "app=web", "--tail=-1"]).logOptions().tailLines == 10)
        #expect(try Logs.parse(["-l", "app=web", "--tail=3"]).logOptions().tailLines == 3)
        #expect(try Logs.parse(["web"]).logOptions().tailLines == nil)
        #expect(try Logs.parse(["web", "--since=90s"]).logOptions().sinceSeconds == 90)
    }

    private static func pod(_ name: String, node: String?, phase: String, readySince: String?, restarts: Int64, created: String) -> KubeObject {
        var status: JSONValue = ["phase": .string(phase), "containerStatuses": [["name": "c", "restartCount": .int(restarts)]]]
        if let readySince {
            status["conditions"] = [["type": "Ready", "status": "True", "lastTransitionTime": .string(readySince)]]
        }
        var spec: JSONValue = ["containers": [["name": "c"]]]
        if let node { spec["nodeName"] = .string(node) }
        return KubeObject([
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": .string(name), "creationTimestamp": .string(created)],
            "spec": spec, "status": status,
        ])
    }

    @Test func aWorkloadsLogsComeFromItsBestPodAsKubectlRanksThem() {
        let pending = Self.pod("pending", node: nil, phase: "Pending", readySince: nil, restarts: 0, created: "2024-01-01T00:00:00Z")
        let notReady = Self.pod("not-ready", node: "n", phase: "Running", readySince: nil, restarts: 0, created: "2024-01-01T00:00:00Z")
        let young = Self.pod("young", node: "n", phase: "Running", readySince: "2024-01-02T00:00:00Z", restarts: 0, created: "2024-01-01T00:00:00Z")
        let old = Self.pod("old", node: "n", phase: "Running", readySince: "2024-01-01T00:00:00Z", restarts: 0, created: "2024-01-01T00:00:00Z")
        let restarted = Self.pod("restarted", node: "n", phase: "Running", readySince: "2024-01-01T00:00:00Z", restarts: 3, created: "2024-01-01T00:00:01Z")
        let all = [pending, notReady, young, old, restarted]
        // Logs prefer the pod that restarted most (its earlier runs are worth reading); exec the steadiest.
        #expect(PodTargets.ranked(all, .logging).map(\.name) == ["restarted", "old", "young", "not-ready", "pending"])
        #expect(PodTargets.ranked(all, .exec).map(\.name) == ["old", "restarted", "young", "not-ready", "pending"])
    }

    @Test func theFirstContainerIsDefaultedAndSaidSoWhenThereAreOthers() throws {
        let pod = KubeObject([
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "multi"],
            "spec": ["containers": [["name": "a"], ["name": "b"]], "initContainers": [["name": "setup"]]],
        ])
        var warnings: [String] = []
        #expect(try PodTargets.defaultContainer(pod, quiet: false) { warnings.append($0) } == "a")
        #expect(warnings == [#"Defaulted container "a" out of: a, b, setup (init)"#])
        warnings = []
        #expect(try PodTargets.defaultContainer(pod, quiet: true) { warnings.append($0) } == "a")
        #expect(warnings.isEmpty)
        let annotated = KubeObject([
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "multi", "annotations": ["kubectl.kubernetes.io/default-container": "b"]],
            "spec": ["containers": [["name": "a"], ["name": "b"]]],
        ])
        #expect(try PodTargets.defaultContainer(annotated, quiet: false) { warnings.append($0) } == "b")
        #expect(warnings.isEmpty)
    }

    @Test func prefixesGoBeforeEachLine() {
        let bytes = Logs.prefixed(Array("one\ntwo\nthr".utf8), Array("[pod/p/c] ".utf8))
        #expect(String(decoding: bytes, as: UTF8.self) == "[pod/p/c] one\n[pod/p/c] two\n[pod/p/c] thr")
    }
}
