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
        #expect(throws: ShellScript.SyntaxError.self) { try ShellScript(parsing: "etcdctl get / | head") }
    }

    @Test func pathsStayInsideTheContainer() {
        #expect(ContainerFiles.normalized("../../etc/./kubernetes//pki/etcd/../etcd", from: "/var/lib") == "/etc/kubernetes/pki/etcd")
        #expect(ContainerFiles.normalized("../../../..", from: "/") == "/")
    }
}
