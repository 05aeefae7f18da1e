import Foundation
import Testing

/// `kubesim create token`: tokens requested through `serviceaccounts/<name>/token`, embedded (signed with the data
/// directory's `sa.key`) and against `kubesim serve`, authenticate to the server as the account, as the real
/// kubectl's tokens do; kubectl's flag checks answer with its messages.
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct CreateTokenInteropTests {
    /// `kubectl auth whoami` with only the token (no kubeconfig, so no client certificate).
    static func whoami(_ cluster: ServedCluster, token: String) async throws -> CommandResult {
        try await CommandRunner.run(
            ServedCluster.kubectlPath,
            [
                "--server", cluster.url, "--insecure-skip-tls-verify", "--token", token, "auth", "whoami", "-o",
                "jsonpath={.status.userInfo.username}",
            ],
            environment: ["KUBECONFIG": "/dev/null"])
    }

    @Test func tokensAuthenticateAsTheServiceAccount() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            #expect(try await cluster.kubectl(["create", "serviceaccount", "builder", "-n", "default"]).status == 0)
            let fromKubectl = try await cluster.kubectl(["create", "token", "builder", "--duration", "20m"])
            let overServer = try await cluster.kubesim(["create", "token", "builder", "--duration", "20m"])
            let embedded = try await cluster.workspace.kubesim(["create", "token", "builder", "-n", "default"])
            for result in [fromKubectl, overServer, embedded] {
                #expect(result.status == 0, "\(result.stderr)")
                // Off a terminal, kubectl prints the bare token (no newline).
                #expect(!result.stdout.isEmpty && !result.stdout.contains("\n"), "\(result.stdout)")
                let who = try await Self.whoami(cluster, token: result.stdout)
                #expect(who.stdout == "system:serviceaccount:default:builder", "\(who.stderr)")
            }
            // A token for another audience does not authenticate to the API server.
            let foreign = try await cluster.kubesim(["create", "token", "builder", "--audience", "https://vault.example"])
            #expect(foreign.status == 0)
            let refused = try await Self.whoami(cluster, token: foreign.stdout)
            #expect(refused.status != 0)
        }
    }

    @Test func badFlagsAndMissingAccountsAnswerAsKubectl() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            let lines: [[String]] = [
                ["create", "token"],
                ["create", "token", "a", "b"],
                ["create", "token", "builder", "--duration=-1s"],
                ["create", "token", "builder", "--duration=1500ms"],
                ["create", "token", "builder", "--audience="],
                ["create", "token", "builder", "--bound-object-name=x"],
                ["create", "token", "builder", "--bound-object-uid=x"],
                ["create", "token", "builder", "--bound-object-kind=Foo", "--bound-object-name=x"],
                ["create", "token", "builder", "--bound-object-kind=Pod"],
                ["create", "token", "nobody"],
                ["create", "token", "default", "--duration=1m"],
            ]
            for line in lines {
                let expected = try await cluster.kubectl(line)
                for actual in [try await cluster.kubesim(line), try await cluster.workspace.kubesim(line)] {
                    #expect(actual.stderr == expected.stderr, "\(line)")
                    #expect(actual.stdout == expected.stdout, "\(line)")
                    #expect(actual.status == expected.status, "\(line)")
                }
            }
        }
    }
}
