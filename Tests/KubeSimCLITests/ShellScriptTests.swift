import KubeAPI
import Testing

@testable import KubeSimCLI

/// How the simulated etcd container's shell reads `sh -c` scripts: as dash reads the lesson's command.
struct ShellScriptTests {
    private func words(_ source: String, _ variables: [String: String] = [:]) throws -> [[String]] {
        try ShellScript(parsing: source).commands.map { $0.words.map { $0.expanded { variables[$0] ?? "" } } }
    }

    @Test func theLessonsCommandIsOneCommandWithAnAssignment() throws {
        let script = try ShellScript(parsing: "ETCDCTL_API=3 etcdctl get / --prefix --keys-only --limit=10 \\\n  --cacert /a")
        #expect(script.commands.count == 1)
        let words = script.commands[0].words
        #expect(words[0].assignment?.name == "ETCDCTL_API")
        #expect(words[0].assignment?.value.expanded { _ in "" } == "3")
        #expect(words.dropFirst().map { $0.expanded { _ in "" } } == ["etcdctl", "get", "/", "--prefix", "--keys-only", "--limit=10", "--cacert", "/a"])
    }

    @Test func quotesEscapesAndVariables() throws {
        #expect(try words(#"echo 'a b' "c $X d" e\ f ${X}y "\$X" '$X'"#, ["X": "1"]) == [["echo", "a b", "c 1 d", "e f", "1y", "$X", "$X"]])
        #expect(try words("echo \"\"") == [["echo", ""]])
        #expect(ShellScript.Word(parts: [.text("A=1", quoted: true)]).assignment == nil)
    }

    @Test func connectorsSeparateCommands() throws {
        let script = try ShellScript(parsing: "a; b && c || d\ne # comment")
        #expect(script.commands.map { $0.connector } == [.sequence, .sequence, .and, .or, .sequence])
        #expect(try words("a; b && c || d\ne # comment").map { $0[0] } == ["a", "b", "c", "d", "e"])
    }

    @Test func whatDashRefusesAndWhatIsNotSimulated() {
        #expect(throws: ShellScript.SyntaxError(message: "Syntax error: Unterminated quoted string")) { try ShellScript(parsing: "echo 'a") }
        #expect(throws: ShellScript.SyntaxError(message: "Syntax error: end of file unexpected")) { try ShellScript(parsing: "a &&") }
        #expect(throws: ShellScript.SyntaxError.self) { try ShellScript(parsing: "etcdctl get / > keys") }
        #expect(throws: ShellScript.SyntaxError(message: "Syntax error: \"|\" unexpected")) { try ShellScript(parsing: "| head") }
        #expect(throws: ShellScript.SyntaxError(message: "Syntax error: end of file unexpected")) { try ShellScript(parsing: "a |") }
    }

    @Test func pipelinesAreStages() throws {
        let script = try ShellScript(parsing: "etcdctl get / --prefix --keys-only | grep pods | head -n 3 || echo none")
        #expect(script.commands.map { $0.stages.count } == [3, 1])
        #expect(script.commands[0].stages[1].map { $0.expanded { _ in "" } } == ["grep", "pods"])
    }

    /// What the shell of the simulated etcd container prints, and its status.
    private func shell(_ script: String) async -> (out: String, err: String, status: Int32) {
        let pod = JSONValue.object([
            "metadata": ["name": "etcd-controlplane", "namespace": "kube-system"],
            "spec": [
                "volumes": [["name": "etcd-data", "hostPath": ["path": "/var/lib/etcd"]]],
                "containers": [["name": "etcd", "volumeMounts": [["name": "etcd-data", "mountPath": "/var/lib/etcd"]]]],
            ],
        ])
        let files = ContainerFiles(pod: KubeObject(pod), container: "etcd", dataDirectory: "/nonexistent", binaries: ["etcd", "etcdctl"])
        let container = SimulatedShell.Container(
            files: files,
            etcdctl: ContainerEtcdctl(store: nil, serverCertificate: nil, files: files, clientURLs: [], version: "3.5.16"),
            hostname: "controlplane", etcdVersion: "3.5.16")
        let (out, err) = (ShellCapture(), ShellCapture())
        let shell = SimulatedShell(
            container: container, environment: ["HOME": "/root", "PATH": "/bin"], out: { out.append($0) }, err: { err.append($0) })
        let status = await shell.run(script)
        return (String(decoding: out.contents, as: UTF8.self), String(decoding: err.contents, as: UTF8.self), status)
    }

    @Test func filtersReadThePreviousStage() async {
        #expect(await shell("ls / | sort -r | head -n 1").out == "var\n")
        #expect(await shell("env | grep -c PATH").out == "1\n")
        #expect(await shell("ls /usr/local/bin | wc -l").out == "2\n")
        #expect(await shell("echo a; echo b | tail -1").out == "a\nb\n")
        let none = await shell("hostname | grep -v control")
        #expect(none.out.isEmpty && none.status == 1)
        #expect(await shell("echo x | sh -c 'cat' | grep x").out == "x\n")
        #expect(await shell("hostname | cat").out == "controlplane\n")
    }

    @Test func builtinsAndStatuses() async {
        #expect(await shell("X=1; export Y=2; echo $X$Y $?").out == "12 0\n")
        #expect(await shell("false || echo recovered && exit 7; echo never").status == 7)
        let missing = await shell("cat /etc/kubernetes/pki/etcd/ca.crt")
        #expect(missing.err == "cat: /etc/kubernetes/pki/etcd/ca.crt: No such file or directory\n" && missing.status == 1)
        #expect(await shell("etcd --version").out == "etcd Version: 3.5.16\nGo OS/Arch: linux/amd64\n")
        #expect(await shell("cd /var/lib; pwd; ls").out == "/var/lib\netcd\n")
    }

    @Test func pathsStayInsideTheContainer() {
        #expect(ContainerFiles.normalized("../../etc/./kubernetes//pki/etcd/../etcd", from: "/var/lib") == "/etc/kubernetes/pki/etcd")
        #expect(ContainerFiles.normalized("../../../..", from: "/") == "/")
    }
}
