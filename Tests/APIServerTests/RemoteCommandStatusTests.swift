@testable import APIServer
import KubeAPI
import Testing

/// The error stream's `Status` at the end of an exec, as kubectl 1.32 reads it: success, a non-zero exit code as
/// `NonZeroExitCode` with an `ExitCode` cause (kubectl then exits with that code), and a process that could not run.
struct RemoteCommandStatusTests {
    private let pod = KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "default"]])

    private func request(_ command: [String]) -> ContainerProcessRequest {
        ContainerProcessRequest(pod: pod, container: "c", kind: .exec(command), tty: false, stdin: false)
    }

    @Test func successIsAStatusWithoutKind() {
        #expect(RemoteCommandSession.status(.exited(0), request: request(["true"]), protocol: .webSocket) == [
            "metadata": .emptyObject, "status": "Success",
        ])
    }

    /// kube-apiserver's stream translator words the WebSocket one from client-go's CodeExitError; over SPDY it is
    /// the kubelet's, with containerd's error text.
    @Test func exitCodesAreNonZeroExitCodeCauses() {
        let webSocket = RemoteCommandSession.status(.exited(3), request: request(["sh", "-c", "exit 3"]), protocol: .webSocket)
        #expect(webSocket["message"] == "command terminated with non-zero exit code: command terminated with exit code 3")
        #expect(webSocket["reason"] == "NonZeroExitCode")
        #expect(webSocket["details"] == ["causes": [["reason": "ExitCode", "message": "3"]]])
        let spdy = RemoteCommandSession.status(.exited(1), request: request(["sh", "-c", "false"]), protocol: .spdy)
        #expect(spdy["message"] == "command terminated with non-zero exit code: error executing command [sh -c false], exit code 1")
    }

    @Test func aProcessThatCannotRunIsAnInternalError() {
        let status = RemoteCommandSession.status(.failed("no process"), request: request(["ls"]), protocol: .spdy)
        #expect(status["message"] == "Internal error occurred: error executing command in container: no process")
        #expect(status["reason"] == "InternalError" && status["code"] == 500)
    }

    @Test func terminalsTurnNewlinesIntoCRLF() {
        #expect(RemoteCommandSession.terminalNewlines(Array("a\nb\r\n".utf8)) == Array("a\r\nb\r\n".utf8))
    }
}
