import EtcdPKI
import Foundation
import Testing

/// The same etcdctl script against the real etcd (Debian's etcd-server 3.4, started here on loopback) and
/// against KubeSim, both over TLS with the same kubeadm-style PKI; the outputs must match once ids, sizes and
/// timings are normalised. Every remaining difference is listed in `explainedDifferences`.
@Suite(
    .enabled(if: Etcdctl.isInstalled && RealEtcd.isInstalled, "needs etcd-server and etcd-client"),
    .serialized)
struct DifferentialTests {
    /// One etcdctl invocation; `{LEASE}` is replaced with the id the last `lease grant` printed.
    struct Step: CustomStringConvertible, Sendable {
        var arguments: [String]
        var input: String? = nil
        /// For a `watch` that runs until stopped: the text of its last expected event. The watch is stopped once
        /// its output holds this text (and a moment later, for anything unexpected after it), or after 30 s.
        var watchUntil: String? = nil
        var description: String { "etcdctl " + arguments.joined(separator: " ") }
    }

    static let script: [Step] = [
        Step(arguments: ["put", "/registry/pods/default/pod-a", "{\"kind\":\"Pod\",\"name\":\"pod-a\"}"]),
        Step(arguments: ["put", "/registry/pods/default/pod-b", "v-b"]),
        Step(arguments: ["put", "/registry/pods/default/pod-c", "v-c"]),
        Step(arguments: ["put", "/registry/pods/kube-system/coredns", "v-dns"]),
        Step(arguments: ["put", "/registry/services/specs/default/kubernetes", "v-svc"]),
        Step(arguments: ["put", "--prev-kv", "/registry/pods/default/pod-b", "v-b2"]),
        Step(arguments: ["get", "/registry/pods/default/pod-a"]),
        Step(arguments: ["get", "/", "--prefix", "--keys-only", "--limit=10"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--keys-only"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--keys-only", "--limit", "2"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--limit", "2"]),
        Step(arguments: ["get", "/registry/pods/default/pod-a", "-w", "json"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--keys-only", "--limit", "2", "-w", "json"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "-w", "table"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "-w", "fields"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--sort-by=MODIFY", "--order=DESCEND", "--keys-only"]),
        Step(arguments: ["get", "--from-key", "/registry/pods/kube", "--keys-only"]),
        Step(arguments: ["get", "/nonexistent"]),
        Step(arguments: ["get", "/registry/pods/", "--prefix", "--keys-only", "--rev=3"]),
        Step(arguments: ["get", "/registry/pods/default/pod-b", "--rev=3", "-w", "json"]),
        Step(arguments: ["del", "/registry/pods/default/pod-c"]),
        Step(arguments: ["del", "/registry/pods/default/pod-c"]),
        Step(arguments: ["del", "/registry/pods/kube-system/", "--prefix", "--prev-kv"]),
        Step(arguments: ["del", "/registry/pods/kube-system/", "--prefix", "-w", "json"]),
        Step(
            arguments: ["txn", "-i"],
            input: """
                mod("/registry/services/specs/default/kubernetes") > "0"

                put /registry/txn-ok yes

                put /registry/txn-fail no


                """),
        Step(
            arguments: ["txn", "-i", "-w", "json"],
            input: """
                value("/registry/txn-ok") = "no"

                put /registry/txn-ok changed

                get /registry/txn-ok
                del /registry/txn-fail


                """),
        Step(arguments: ["get", "/registry/", "--prefix", "-w", "json"]),
        Step(arguments: ["lease", "grant", "60"]),
        Step(arguments: ["put", "--lease={LEASE}", "/registry/leased", "x"]),
        Step(arguments: ["lease", "timetolive", "{LEASE}", "--keys"]),
        Step(arguments: ["lease", "list"]),
        Step(arguments: ["get", "/registry/leased", "-w", "json"]),
        Step(arguments: ["lease", "revoke", "{LEASE}"]),
        Step(arguments: ["lease", "timetolive", "{LEASE}"]),
        Step(arguments: ["lease", "revoke", "{LEASE}"]),
        Step(arguments: ["get", "/registry/leased"]),
        Step(arguments: ["put", "--lease=1234", "/registry/bad-lease", "x"]),
        Step(
            arguments: ["watch", "--rev=1", "--prefix", "/registry/pods/", "--prev-kv"],
            watchUntil: "DELETE\n/registry/pods/kube-system/coredns\nv-dns\n/registry/pods/kube-system/coredns\n"),
        // The last event puts "v-b2" (base64 di1iMg==) at revision 6.
        Step(arguments: ["watch", "--rev=2", "/registry/pods/default/pod-b", "-w", "json"], watchUntil: "\"di1iMg==\""),
        Step(arguments: ["compaction", "5"]),
        Step(arguments: ["get", "/registry/", "--prefix", "--keys-only", "--rev=3"]),
        Step(arguments: ["get", "/registry/", "--prefix", "--keys-only", "--rev=1000"]),
        Step(arguments: ["compaction", "4"]),
        Step(arguments: ["compaction", "1000"]),
        Step(arguments: ["get", "/registry/", "--prefix", "--keys-only", "--rev=5"]),
        // Below the compacted revision: the server cancels the watch and etcdctl exits by itself.
        Step(arguments: ["watch", "--rev=2", "--prefix", "/registry/"]),
        Step(arguments: ["get", "/registry/", "--prefix", "--keys-only", "-w", "json"]),
        Step(arguments: ["endpoint", "health", "-w", "table"]),
        Step(arguments: ["endpoint", "status", "-w", "table"]),
        Step(arguments: ["endpoint", "status", "-w", "json"]),
        Step(arguments: ["member", "list", "-w", "table"]),
        Step(arguments: ["member", "list"]),
        Step(arguments: ["alarm", "list"]),
    ]

    /// Differences that remain after normalising, why they are right, and the rewrites (regular expression,
    /// replacement) that remove exactly them, keyed by the step's command words.
    static let explainedDifferences: [String: (why: String, rewrites: [(String, String)])] = [
        "endpoint status -w table": (
            """
            VERSION: the real etcd reports its own version (3.4.23), KubeSim the API version it implements \
            (EtcdVersion.api). RAFT TERM: etcd's single node is at term 2 after its election, KubeSim has no raft \
            and reports term 1. RAFT INDEX / RAFT APPLIED INDEX: etcd counts raft entries (with its bootstrap \
            entries), KubeSim reports its revision.
            """,
            [(#"\b3\.\d+\.\d+\b"#, "<VERSION>"), (#"\| \d+ (?=\|)"#, "| <N> ")]
        ),
        "endpoint status -w json": (
            "As for the table: version, raftTerm, raftIndex and raftAppliedIndex.",
            [(#""version":"[^"]*""#, #""version":"<VERSION>""#), (#""(raftIndex|raftTerm|raftAppliedIndex)":\d+"#, #""$1":<N>"#)]
        ),
        "member list -w table": (
            """
            PEER ADDRS: the real etcd lists the peer URL it was started with; KubeSim listens for no peers and, with \
            no seeded etcd pod naming one, lists etcd's default (http://localhost:2380).
            """,
            [(#"http://(127\.0\.0\.1:\d+|localhost:2380)"#, "<PEER-URL>")]
        ),
        "member list": (
            "As for the table: the peer URL.", [(#"http://(127\.0\.0\.1:\d+|localhost:2380)"#, "<PEER-URL>")]
        ),
    ]

    static func rewrite(_ text: String, _ rewrites: [(String, String)]) -> String {
        var text = text
        for (pattern, replacement) in rewrites {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text.replacingOccurrences(of: #" {2,}"#, with: " ", options: .regularExpression)
    }

    /// Replaces what legitimately differs between two servers: ids, sizes, timings, endpoints, raft terms.
    static func normalise(_ text: String, endpoint: String) -> String {
        var text = text.replacingOccurrences(of: endpoint, with: "<ENDPOINT>")
        let rules: [(String, String)] = [
            (#""cluster_id":\d+"#, #""cluster_id":<ID>"#),
            (#""member_id":\d+"#, #""member_id":<ID>"#),
            // The raft term: etcd's single node is at term 2 after electing itself; KubeSim has no raft (term 1).
            (#""raft_term":\d+"#, #""raft_term":<TERM>"#),
            (#""(ClusterID|MemberID)" : \d+"#, #""$1" : <ID>"#),
            (#""RaftTerm" : \d+"#, #""RaftTerm" : <TERM>"#),
            (#""lease":\d+"#, #""lease":<ID>"#),
            (#""Lease" : [1-9]\d*"#, #""Lease" : <ID>"#),
            (#""(leader|ID|id)":\d+"#, #""$1":<ID>"#),
            (#""dbSize(InUse)?":\d+"#, #""dbSize$1":<SIZE>"#),
            (#"\b[0-9a-f]{16}\b"#, "<HEX-ID>"),
            (#"\b[0-9a-f]{14,15}\b"#, "<HEX-ID>"),
            (#"took = [0-9.]+[mµn]?s"#, "took = <DURATION>"),
            (#"\| +[0-9.]+[mµn]?s +\|"#, "| <DURATION> |"),
            (#"\b\d+(\.\d+)? [kMG]?B\b"#, "<SIZE>"),
            (#"(lease|ID|id) \d+"#, "$1 <ID>"),
            (#"remaining\(\d+s\)"#, "remaining(<TTL>s)"),
            (#""TTL":\d+"#, #""TTL":<TTL>"#),
        ]
        for (pattern, replacement) in rules {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        // Table borders depend on the width of what they hold.
        text = text.replacingOccurrences(of: #"-{2,}"#, with: "--", options: .regularExpression)
        text = text.replacingOccurrences(of: #" {2,}"#, with: " ", options: .regularExpression)
        return text
    }

    /// What a run printed that the comparison looks at: stdout, the exit status and stderr less its JSON logs.
    static func observed(_ result: ProcessResult, endpoint: String) -> String {
        // etcdctl logs retries as JSON lines with timestamps; everything else it prints on stderr counts.
        let errors = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("{") }.joined(separator: "\n")
        return normalise("\(result.stdout)[rc=\(result.status)]\(errors.isEmpty ? "" : "\n" + errors)", endpoint: endpoint)
    }

    /// Runs the script against one server, returning each step's observed output.
    static func run(_ flags: [String], endpoint: String) async throws -> [String] {
        var lease = ""
        var outputs: [String] = []
        for step in script {
            let arguments = step.arguments.map { $0.replacingOccurrences(of: "{LEASE}", with: lease) }
            let result: ProcessResult
            if let last = step.watchUntil {
                result = try await watch(flags + arguments, until: last)
            } else {
                result = try await Etcdctl.run(flags, arguments, input: step.input)
            }
            if arguments.starts(with: ["lease", "grant"]),
                let id = result.stdout.split(separator: " ").dropFirst().first
            {
                lease = String(id)
            }
            var output = observed(result, endpoint: endpoint)
            // A watch is stopped by the test, not by itself: its status says nothing.
            if step.watchUntil != nil {
                output = output.replacingOccurrences(of: #"\[rc=-?\d+\]"#, with: "[stopped]", options: .regularExpression)
            }
            outputs.append(output)
        }
        return outputs
    }

    /// Runs `etcdctl watch` until its output holds `last`, then a moment longer, then stops it.
    static func watch(_ arguments: [String], until last: String) async throws -> ProcessResult {
        let etcdctl = try BackgroundProcess(Etcdctl.path, arguments, environment: ["ETCDCTL_API": "3"])
        let arrived = await etcdctl.waitFor({ $0.contains(last) }, timeout: .seconds(30))
        if arrived { try await Task.sleep(for: .milliseconds(300)) }
        let (_, status) = await etcdctl.stop(SIGKILL)
        return ProcessResult(stdout: etcdctl.stdout, stderr: etcdctl.stderr, status: status, timedOut: !arrived)
    }

    @Test func etcdctlScriptMatchesRealEtcd() async throws {
        try await withTestServer(tls: true) { kubesim in
            let pki = try #require(kubesim.pki)
            let etcd = try await RealEtcd(pkiDirectory: pki.directory)
            let expected: [String]
            do {
                expected = try await Self.run(etcd.etcdctlFlags, endpoint: etcd.endpoint)
                await etcd.stop()
            } catch {
                await etcd.stop()
                throw error
            }
            let actual = try await Self.run(kubesim.etcdctlFlags, endpoint: kubesim.endpoint)
            // The script exercises what it should: both servers answered, errors included.
            let all = expected.joined(separator: "\n")
            for text in [
                "Error: etcdserver: mvcc: required revision has been compacted",
                "Error: etcdserver: mvcc: required revision is a future revision",
                "Error: etcdserver: requested lease not found", "PUT\n/registry/pods/default/pod-a", "DELETE",
                "compacted revision 5", "SUCCESS", "| true |", "started",
            ] {
                #expect(all.contains(text), "the real etcd's run lacks \(text)")
            }
            var unexplained: [String] = []
            for (index, step) in Self.script.enumerated() where expected[index] != actual[index] {
                let name = step.arguments.filter { !$0.hasPrefix("/") && !$0.hasPrefix("--") }.joined(separator: " ")
                if let explained = Self.explainedDifferences[name],
                    Self.rewrite(expected[index], explained.rewrites) == Self.rewrite(actual[index], explained.rewrites)
                {
                    continue
                }
                unexplained.append(
                    "step \(index): \(step)\n--- real etcd\n\(expected[index])\n--- kubesim\n\(actual[index])")
            }
            #expect(unexplained.isEmpty, "\(unexplained.count) unexplained differences:\n\(unexplained.joined(separator: "\n\n"))")
        }
    }
}
