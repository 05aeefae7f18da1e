import Foundation
import Testing

/// Shell completion of resource arguments: the callback the generated scripts make
/// (`kubesim ---completion VERB -- positional@0 WORD-INDEX CURSOR WORDS...`) on a seeded data directory, and
/// bash's `COMPREPLY` after sourcing `kubesim completion bash`.
@Suite(.serialized)
struct ResourceCompletionTests {
    /// A bare data directory with a deployment and config maps in `shop` and a pod in `default`.
    static func seeded() async throws -> KubectlWorkspace {
        let workspace = try KubectlWorkspace(bare: true)
        for line in [
            ["create", "namespace", "shop"], ["create", "configmap", "app", "-n", "shop"], ["create", "configmap", "db", "-n", "shop"],
            ["create", "deployment", "web", "--image=nginx", "-n", "shop"], ["run", "solo", "--image=nginx"],
        ] {
            let result = try await workspace.kubesim(line)
            #expect(result.status == 0, "\(line): \(result)")
        }
        return workspace
    }

    /// The completions the callback prints for `words` (the last one being completed, the cursor at its end).
    static func complete(_ words: [String], verbs: [String], environment: [String: String]) async throws -> [String] {
        let arguments = ["---completion"] + verbs + ["--", "positional@0", String(words.count - 1), String(words.last!.count)] + words
        let result = try await CommandRunner.run(KubeSimBinary.path, arguments, environment: environment)
        #expect(result.status == 0, "\(arguments): \(result)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func theFirstArgumentCompletesResourceTypesAndShortNames() async throws {
        let workspace = try await Self.seeded()
        defer { workspace.remove() }
        let environment = ["KUBESIM_DATA_DIR": workspace.dataDirectory]
        let types = try await Self.complete(["kubesim", "get", "de"], verbs: ["get"], environment: environment)
        #expect(types.contains("deployments") && types.contains("deploy"), "\(types)")
        #expect(types.allSatisfy { $0.hasPrefix("de") }, "\(types)")
        let all = try await Self.complete(["kubesim", "describe", ""], verbs: ["describe"], environment: environment)
        #expect(["pods", "po", "configmaps", "cm", "namespaces", "ns", "services", "svc"].allSatisfy(all.contains), "\(all)")
        let scalable = try await Self.complete(["kubesim", "scale", ""], verbs: ["scale"], environment: environment)
        #expect(Set(scalable) == ["deployments", "deploy", "replicasets", "rs", "replicationcontrollers", "rc", "statefulsets", "sts"])
        let rollout = try await Self.complete(["kubesim", "rollout", "status", ""], verbs: ["rollout", "status"], environment: environment)
        #expect(Set(rollout) == ["deployments", "deploy", "daemonsets", "ds", "statefulsets", "sts"])
    }

    @Test func theNextArgumentCompletesNamesInTheNamespaceGiven() async throws {
        let workspace = try await Self.seeded()
        defer { workspace.remove() }
        let environment = ["KUBESIM_DATA_DIR": workspace.dataDirectory]
        let listed = try await workspace.kubesim(["get", "configmaps", "-n", "shop", "-o", "name"]).stdout
            .split(separator: "\n").map { String($0.dropFirst("configmap/".count)) }
        #expect(listed.contains("app") && listed.contains("db"))
        let names = try await Self.complete(["kubesim", "get", "cm", "-n", "shop", ""], verbs: ["get"], environment: environment)
        #expect(names == listed.sorted(), "\(names)")
        let prefixed = try await Self.complete(["kubesim", "get", "--namespace=shop", "configmaps", "a"], verbs: ["get"], environment: environment)
        #expect(prefixed == ["app"])
        let rest = try await Self.complete(["kubesim", "delete", "configmaps", "app", "-n", "shop", ""], verbs: ["delete"], environment: environment)
        #expect(!rest.contains("app") && rest.contains("db"), "names already given are not offered again: \(rest)")
        let inDefault = try await Self.complete(["kubesim", "get", "pods", ""], verbs: ["get"], environment: environment)
        #expect(inDefault == ["solo"])
        let flagged = try await Self.complete(
            ["kubesim", "label", "--data-dir", workspace.dataDirectory, "deployments", "-n", "shop", ""], verbs: ["label"], environment: [:])
        #expect(flagged == ["web"])
        let clusterScoped = try await Self.complete(["kubesim", "get", "ns", "-n", "shop", "s"], verbs: ["get"], environment: environment)
        #expect(clusterScoped == ["shop"])
    }

    @Test func typeSlashCompletesTypeSlashName() async throws {
        let workspace = try await Self.seeded()
        defer { workspace.remove() }
        let environment = ["KUBESIM_DATA_DIR": workspace.dataDirectory]
        let names = try await Self.complete(["kubesim", "get", "-n", "shop", "deploy/"], verbs: ["get"], environment: environment)
        #expect(names == ["deploy/web"])
        let cm = try await Self.complete(["kubesim", "edit", "-n", "shop", "configmap/d"], verbs: ["edit"], environment: environment)
        #expect(cm == ["configmap/db"])
        let afterSlash = try await Self.complete(["kubesim", "get", "-n", "shop", "cm/app", "cm/"], verbs: ["get"], environment: environment)
        #expect(afterSlash.contains("cm/db"), "\(afterSlash)")
    }

    @Test func allNamespacesOffersNamesFromEveryNamespace() async throws {
        let workspace = try await Self.seeded()
        defer { workspace.remove() }
        let environment = ["KUBESIM_DATA_DIR": workspace.dataDirectory]
        let names = try await Self.complete(["kubesim", "get", "-A", "deploy", ""], verbs: ["get"], environment: environment)
        #expect(names.contains("web"), "\(names)")
        let inDefault = try await Self.complete(["kubesim", "get", "deploy", ""], verbs: ["get"], environment: environment)
        #expect(inDefault.isEmpty, "\(inDefault)")
    }

    /// `config use-context`, `delete-cluster` and `delete-user` complete the kubeconfig's names, as kubectl's
    /// context, cluster and user completions do, for their first argument only.
    @Test func configSubcommandsCompleteTheKubeconfigsNames() async throws {
        let copy = try ConfigDifferentialTests.Copy()
        defer { copy.remove() }
        func complete(_ words: [String], _ verbs: [String], _ environment: [String: String] = ["KUBECONFIG": ""]) async throws -> [String] {
            try await Self.complete(words, verbs: verbs, environment: environment)
        }
        #expect(try await complete(["kubesim", "config", "use-context", "--kubeconfig", copy.path, ""], ["config", "use-context"]) == ["dev", "prod-admin"])
        #expect(try await complete(["kubesim", "config", "use-context", "p"], ["config", "use-context"], ["KUBECONFIG": copy.path]) == ["prod-admin"])
        #expect(try await complete(["kubesim", "config", "delete-cluster", "--kubeconfig=\(copy.path)", ""], ["config", "delete-cluster"]) == ["dev", "local", "prod"])
        #expect(try await complete(["kubesim", "config", "delete-user", "--data-dir", copy.directory.path, "d"], ["config", "delete-user"]) == ["dev-user"])
        #expect(try await complete(["kubesim", "config", "rename-context", "--kubeconfig", copy.path, "dev", ""], ["config", "rename-context"]).isEmpty)
    }

    /// A completion never creates (and seeds) a store: on a new data directory it offers types only.
    @Test func aNewDataDirectoryIsNotCreatedByCompletion() async throws {
        let workspace = try KubectlWorkspace(bare: true)
        defer { workspace.remove() }
        let environment = ["KUBESIM_DATA_DIR": workspace.dataDirectory]
        let types = try await Self.complete(["kubesim", "get", "po"], verbs: ["get"], environment: environment)
        #expect(types.contains("pods") && types.contains("po"))
        #expect(try await Self.complete(["kubesim", "get", "pods", ""], verbs: ["get"], environment: environment).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.dataDirectory))
    }

    /// With `--kubeconfig`, names come from that server (here one whose data directory is not the default).
    @Test func namesComeFromTheServerTheKubeconfigNames() async throws {
        try await ServedCluster.with(bare: true) { cluster in
            for line in [["create", "namespace", "shop"], ["create", "configmap", "served", "-n", "shop"]] {
                #expect(try await cluster.kubesim(line).status == 0, "\(line)")
            }
            let elsewhere = try KubectlWorkspace(bare: true)
            defer { elsewhere.remove() }
            let environment = ["KUBESIM_DATA_DIR": elsewhere.dataDirectory]
            let names = try await Self.complete(
                ["kubesim", "get", "--kubeconfig", cluster.kubeconfig, "-n", "shop", "configmaps", "s"], verbs: ["get"], environment: environment)
            #expect(names == ["served"])
            let slash = try await Self.complete(
                ["kubesim", "describe", "--kubeconfig=\(cluster.kubeconfig)", "ns/sh"], verbs: ["describe"], environment: environment)
            #expect(slash == ["ns/shop"])
        }
    }

    static let bash = "/bin/bash"

    /// bash sources the generated script; `kubesim get pods <TAB>` and `kubesim get <TAB>` fill `COMPREPLY`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: bash), "needs /bin/bash"))
    func bashCompletesPodNamesThroughTheGeneratedScript() async throws {
        let workspace = try await Self.seeded()
        defer { workspace.remove() }
        let script = try await CommandRunner.run(KubeSimBinary.path, ["completion", "bash"])
        #expect(script.status == 0)
        let scriptPath = try workspace.write("kubesim.bash", script.stdout)
        func reply(_ line: String) async throws -> [String] {
            let words = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let driver = """
                source \(scriptPath)
                COMP_WORDS=(\(([KubeSimBinary.path] + words.dropFirst()).map { "'\($0)'" }.joined(separator: " ")))
                COMP_CWORD=\(words.count - 1)
                COMP_LINE='\(KubeSimBinary.path) \(words.dropFirst().joined(separator: " "))'
                COMP_POINT=${#COMP_LINE}
                COMPREPLY=()
                _kubesim '\(KubeSimBinary.path)' '\(words.last!)' '\(words[words.count - 2])'
                printf '%s\\n' "${COMPREPLY[@]}"
                """
            let result = try await CommandRunner.run(
                Self.bash, ["--norc", "-c", driver], environment: ["KUBESIM_DATA_DIR": workspace.dataDirectory])
            #expect(result.status == 0, "\(result)")
            return result.stdout.split(separator: "\n").map(String.init)
        }
        #expect(try await reply("kubesim get pods ") == ["solo"])
        #expect(try await reply("kubesim get -n shop deployments w") == ["web"])
        let types = try await reply("kubesim get deploy")
        #expect(types.contains("deployments") && types.contains("deploy"), "\(types)")
    }

    /// zsh's and fish's scripts call back into kubesim for the same arguments.
    @Test(arguments: ["zsh", "fish"])
    func otherShellsScriptsCallBackForResourceArguments(_ shell: String) async throws {
        let script = try await CommandRunner.run(KubeSimBinary.path, ["completion", shell])
        #expect(script.status == 0)
        #expect(script.stdout.contains("---completion get -- positional@0"))
        #expect(script.stdout.contains("---completion rollout status -- positional@0"))
    }
}
