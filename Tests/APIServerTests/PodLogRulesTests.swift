@testable import APIServer
import ComponentLogs
import Foundation
import KubeAPI
import Testing

/// The rules `pods/<name>/log` applies before it reads a log: kube-apiserver's option validation and container
/// choice (`LogLocation`), and the kubelet's choice of container instance from the pod's status
/// (`validateContainerLogStatus`).
@Suite struct PodLogRulesTests {
    private static func pod(containers: [String], initContainers: [String] = [], statuses: [JSONValue] = []) -> KubeObject {
        KubeObject([
            "apiVersion": "v1", "kind": "Pod", "metadata": ["name": "web", "namespace": "default"],
            "spec": [
                "containers": .array(containers.map { ["name": .string($0), "image": "nginx"] }),
                "initContainers": .array(initContainers.map { ["name": .string($0), "image": "busybox"] }),
            ],
            "status": ["containerStatuses": .array(statuses)],
        ])
    }

    private static func message(_ body: () throws -> Any) -> (code: Int, message: String)? {
        do { _ = try body() } catch let error as StatusError { return (error.code, error.message) } catch {}
        return nil
    }

    @Test func optionsOutOfRangeAreInvalidAsValidatePodLogOptionsSays() {
        let failure = Self.message { try PodLogOptions(QueryParameters("tailLines=-1&limitBytes=0&sinceSeconds=0"), pod: "web") }
        #expect(failure?.code == 422)
        #expect(
            failure?.message
                == "PodLogOptions \"web\" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0, sinceSeconds: Invalid value: 0: must be greater than 0]")
        let both = Self.message { try PodLogOptions(QueryParameters("sinceSeconds=5&sinceTime=2025-01-01T00:00:00Z"), pod: "web") }
        #expect(both?.message == "PodLogOptions \"web\" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified")
        #expect(Self.message { try PodLogOptions(QueryParameters("tailLines=x"), pod: "web") }?.code == 400)
    }

    @Test func booleansAreFalseOnlyForFalseOrZero() throws {
        let options = try PodLogOptions(QueryParameters("follow=yes&timestamps=FALSE&previous=0"), pod: "web")
        #expect(options.follow && !options.timestamps && !options.previous)
    }

    @Test func theOnlyContainerIsChosenElseANameIsNeeded() throws {
        #expect(try PodLogHandler.container(nil, of: Self.pod(containers: ["nginx"])) == "nginx")
        let several = Self.message { try PodLogHandler.container(nil, of: Self.pod(containers: ["a", "b"], initContainers: ["setup"])) }
        #expect(several?.code == 400)
        #expect(several?.message == "a container name must be specified for pod web, choose one of: [setup a b]")
        #expect(try PodLogHandler.container("setup", of: Self.pod(containers: ["a"], initContainers: ["setup"])) == "setup")
        #expect(
            Self.message { try PodLogHandler.container("c", of: Self.pod(containers: ["a"])) }?.message
                == "container c is not valid for pod web")
    }

    @Test func theKubeletReadsTheInstanceTheStatusNamesOrSaysWhyNot() throws {
        let running = Self.pod(
            containers: ["nginx"],
            statuses: [["name": "nginx", "containerID": "containerd://abc", "state": ["running": ["startedAt": "2025-01-01T00:00:00Z"]]]])
        #expect(try PodLogHandler.containerID("nginx", of: running, previous: false) == "abc")
        #expect(
            Self.message { try PodLogHandler.containerID("nginx", of: running, previous: true) }?.message
                == #"previous terminated container "nginx" in pod "web" not found"#)
        let restarted = Self.pod(
            containers: ["nginx"],
            statuses: [[
                "name": "nginx", "containerID": "containerd://new", "state": ["running": .emptyObject],
                "lastState": ["terminated": ["containerID": "containerd://old", "exitCode": 1]],
            ]])
        #expect(try PodLogHandler.containerID("nginx", of: restarted, previous: true) == "old")
        let waiting = Self.pod(containers: ["nginx"], statuses: [["name": "nginx", "state": ["waiting": ["reason": "ContainerCreating"]]]])
        #expect(
            Self.message { try PodLogHandler.containerID("nginx", of: waiting, previous: false) }?.message
                == #"container "nginx" in pod "web" is waiting to start: ContainerCreating"#)
        let pulling = Self.pod(containers: ["nginx"], statuses: [["name": "nginx", "state": ["waiting": ["reason": "ImagePullBackOff"]]]])
        #expect(
            Self.message { try PodLogHandler.containerID("nginx", of: pulling, previous: false) }?.message
                == #"container "nginx" in pod "web" is waiting to start: trying and failing to pull image"#)
        #expect(
            Self.message { try PodLogHandler.containerID("nginx", of: Self.pod(containers: ["nginx"]), previous: false) }?.message
                == #"container "nginx" in pod "web" is not available"#)
    }
}
