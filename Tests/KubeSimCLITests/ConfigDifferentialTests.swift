import Foundation
import KubeAPI
import Testing

/// `kubesim config` against the real `kubectl config`: each command runs on its own copy of the same
/// kubeconfig (with the certificate files beside it) through both, and standard output, standard error, the
/// exit status and the resulting file (parsed) must agree, once each copy's directory reads `DIR` and the
/// program's name `kubectl`.
///
/// Where kubectl's output cannot be matched, the difference is named: on a wrong number of arguments kubectl
/// prints its own help text (kubesim prints its help; only standard error and the status are compared);
/// `get-clusters` lists in Go map order (compared sorted); and a map in a `config set` error shows kubectl's
/// pointer values (compared without them).
@Suite(.serialized, .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct ConfigDifferentialTests {
    /// How the command finds its file.
    enum Source: String, CaseIterable {
        /// `--kubeconfig DIR/admin.conf`.
        case flag
        /// `KUBECONFIG=DIR/admin.conf`.
        case environment
        /// kubectl's default file, kubesim's data directory (`--data-dir DIR`, which holds `admin.conf`).
        case defaultFile
    }

    static let kubeconfig = """
        apiVersion: v1
        kind: Config
        preferences: {}
        unknownTopLevel: dropped
        clusters:
        - name: prod
          cluster:
            server: https://prod.example:6443
            tls-server-name: api.prod
            certificate-authority-data: Zm9v
            unknownMember: dropped
        - name: dev
          cluster:
            server: https://dev.example:6443
            insecure-skip-tls-verify: true
            extensions:
            - name: note
              extension: {text: hello}
        - name: local
          cluster:
            server: https://127.0.0.1:6443
            certificate-authority: certs/ca.crt
        users:
        - name: admin
          user:
            token: secret
        - name: dev-user
          user:
            client-certificate: certs/dev.crt
            client-key: DIR/certs/dev.key
        - name: plugin
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: ./bin/login
              args: [--fast]
        contexts:
        - name: prod-admin
          context:
            cluster: prod
            user: admin
            namespace: kube-system
        - name: dev
          context:
            cluster: dev
            user: dev-user
        current-context: prod-admin

        """

    /// Each line runs on a fresh copy, with `--kubeconfig` (every line), `KUBECONFIG` and the default file
    /// (the lines marked `all`).
    static let lines: [(arguments: [String], all: Bool)] = [
        (["current-context"], true), (["current-context", "extra"], false),
        (["get-contexts"], true), (["get-contexts", "-o", "name"], false), (["get-contexts", "dev"], false),
        (["get-contexts", "nope"], false), (["get-contexts", "dev", "nope", "other"], false), (["get-contexts", "--no-headers"], false),
        (["get-contexts", "-o", "wide"], false), (["get-clusters"], true), (["get-users"], true),
        (["use-context", "dev"], true), (["use", "dev"], false), (["use-context", "nope"], false), (["use-context", ""], false),
        (["use-context"], false), (["use-context", "a", "b"], false),
        (["set-context", "dev", "--namespace=web"], true), (["set-context", "new", "--cluster=prod", "--user=admin"], true),
        (["set-context", "--current", "--namespace", "default"], false), (["set-context"], false),
        (["set-context", "dev", "--current"], false), (["set-context", "a", "b"], false), (["set-context", "dev", "--namespace="], false),
        (["set-context", "prod-admin", "--cluster=prod"], false),
        (["set-cluster", "prod", "--server=https://new.example:6443"], true),
        (["set-cluster", "fresh", "--server=https://fresh:6443", "--insecure-skip-tls-verify"], false),
        (["set-cluster", "prod", "--certificate-authority=DIR/certs/ca.crt"], false),
        (["set-cluster", "prod", "--certificate-authority=DIR/certs/ca.crt", "--embed-certs"], true),
        (["set-cluster", "dev", "--certificate-authority=DIR/certs/ca.crt", "--embed-certs=true"], false),
        (["set-cluster", "prod", "--embed-certs"], false),
        (["set-cluster", "prod", "--certificate-authority=DIR/certs/ca.crt", "--insecure-skip-tls-verify=true"], false),
        (["set-cluster", "prod", "--certificate-authority=DIR/missing.crt", "--embed-certs"], false),
        (["set-cluster", "prod", "--tls-server-name=other.prod"], false), (["set-cluster", "dev", "--insecure-skip-tls-verify=false"], false),
        (["set-cluster", "local", "--proxy-url=http://proxy:3128"], false), (["set-cluster", "x", "--insecure-skip-tls-verify=maybe"], false),
        (["set-cluster"], false),
        (["set-credentials", "admin", "--token=new"], true), (["set-credentials", "dev-user", "--token=t"], false),
        (["set-credentials", "bob", "--username=bob", "--password=pw"], false), (["set-credentials", "admin", "--username=bob"], false),
        (["set-credentials", "bob", "--token=x", "--username=y"], false),
        (["set-credentials", "carol", "--client-certificate=DIR/certs/dev.crt", "--client-key=DIR/certs/dev.key", "--embed-certs"], true),
        (["set-credentials", "carol", "--client-certificate=DIR/certs/dev.crt"], false),
        (["set-credentials", "plugin", "--client-key=/etc/elsewhere.key"], false),
        (["set-credentials", "carol", "--embed-certs"], false), (["set-credentials"], false),
        (["delete-context", "dev"], true), (["delete-context", "prod-admin"], true), (["delete-context", "nope"], false),
        (["delete-context"], false), (["delete-cluster", "dev"], true), (["delete-cluster", "nope"], false),
        (["delete-user", "admin"], true), (["delete-user", "nope"], false), (["delete-user"], false),
        (["rename-context", "dev", "development"], true), (["rename-context", "prod-admin", "p"], false),
        (["rename-context", "nope", "x"], false), (["rename-context", "dev", "prod-admin"], false), (["rename-context", "dev", ""], false),
        (["rename-context", "dev"], false),
        (["set", "current-context", "dev"], true), (["set", "clusters.prod.server", "https://s"], false),
        (["set", "clusters.new.server", "https://x"], false), (["set", "clusters.a.b.server", "https://y"], false),
        (["set", "contexts.dev.namespace", "kube-public"], false), (["set", "users.admin.act-as", "bob"], false),
        (["set", "clusters.prod.insecure-skip-tls-verify", "true"], false), (["set", "clusters.prod.insecure-skip-tls-verify", "maybe"], false),
        (["set", "clusters.prod.certificate-authority-data", "aGVsbG8="], false),
        (["set", "clusters.prod.certificate-authority-data", "%%%"], false),
        (["set", "clusters.prod.certificate-authority-data", "YQ=x"], false),
        (["set", "users.raw.client-key-data", "hello", "--set-raw-bytes"], false),
        (["set", "users.dev-user.token", "x"], false),
        (["set", "foo", "bar"], false), (["set", "contexts.dev.namespace.x", "y"], false), (["set", "current-context", ""], false),
        (["set", "preferences.colors", "true"], false), (["set", "clusters.prod", "bar"], false), (["set", "users.admin.as-groups", "x"], false),
        (["set", "users.admin.act-as-groups", "x"], false), (["set", "current-context"], false),
        (["unset", "current-context"], true), (["unset", "clusters.nope"], false), (["unset", "clusters.nope.server"], false),
        (["unset", "users.admin"], false), (["unset", "contexts.prod-admin.namespace"], false), (["unset", "foo"], false),
        (["unset", "clusters"], false), (["unset", "users.plugin.exec"], false), (["unset", "preferences"], false),
        (["view"], true), (["view", "--minify"], false), (["view", "--raw"], false), (["view", "--flatten"], false),
    ]

    /// A directory holding a copy of the kubeconfig (as `admin.conf`) and its certificate files.
    struct Copy {
        let directory: URL
        var path: String { directory.appendingPathComponent("admin.conf").path }

        init(_ text: String = ConfigDifferentialTests.kubeconfig) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-config-\(UUID().uuidString)")
            let certs = directory.appendingPathComponent("certs")
            try FileManager.default.createDirectory(at: certs, withIntermediateDirectories: true)
            for name in ["ca.crt", "dev.crt", "dev.key"] {
                try Data("-----BEGIN \(name)-----\n".utf8).write(to: certs.appendingPathComponent(name))
            }
            try Data(text.replacing("DIR", with: directory.path).utf8).write(to: URL(fileURLWithPath: path))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        /// `text` with this copy's directory as `DIR`.
        func normalised(_ text: String) -> String { text.replacing(directory.path, with: "DIR") }

        /// The file's document with this copy's directory as `DIR`, or nil when it does not parse.
        func document() -> JSONValue? {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
            return try? JSONValue.parseYAMLDocuments(normalised(text)).first
        }
    }

    /// Runs `arguments` through kubectl and kubesim on their own copies and compares what they did.
    static func compare(_ arguments: [String], source: Source, before: (Copy) throws -> Void = { _ in }) async throws {
        let kubectlCopy = try Copy()
        let kubesimCopy = try Copy()
        defer {
            kubectlCopy.remove()
            kubesimCopy.remove()
        }
        try before(kubectlCopy)
        try before(kubesimCopy)
        func line(_ copy: Copy) -> [String] { ["config"] + arguments.map { $0.replacing("DIR", with: copy.directory.path) } }
        let expected: CommandResult
        let actual: CommandResult
        switch source {
        case .flag:
            expected = try await CommandRunner.run(ServedCluster.kubectlPath, line(kubectlCopy) + ["--kubeconfig", kubectlCopy.path], environment: ["KUBECONFIG": ""])
            actual = try await CommandRunner.run(KubeSimBinary.path, line(kubesimCopy) + ["--kubeconfig", kubesimCopy.path], environment: ["KUBECONFIG": ""])
        case .environment:
            expected = try await CommandRunner.run(ServedCluster.kubectlPath, line(kubectlCopy), environment: ["KUBECONFIG": kubectlCopy.path])
            actual = try await CommandRunner.run(KubeSimBinary.path, line(kubesimCopy), environment: ["KUBECONFIG": kubesimCopy.path])
        case .defaultFile:
            expected = try await CommandRunner.run(ServedCluster.kubectlPath, line(kubectlCopy), environment: ["KUBECONFIG": kubectlCopy.path])
            actual = try await CommandRunner.run(
                KubeSimBinary.path, line(kubesimCopy) + ["--data-dir", kubesimCopy.directory.path], environment: ["KUBECONFIG": ""])
        }
        expectSame(arguments, source: source, expected: expected, kubectlCopy: kubectlCopy, actual: actual, kubesimCopy: kubesimCopy)
    }

    static func expectSame(
        _ arguments: [String], source: Source, expected: CommandResult, kubectlCopy: Copy, actual: CommandResult, kubesimCopy: Copy
    ) {
        let helpShown = expected.stdout.contains("\nUsage:\n")
        let sortedBody = arguments.first == "get-clusters"
        func normal(_ text: String, _ copy: Copy) -> String {
            var text = copy.normalised(text).replacing("kubesim", with: "kubectl")
            text = text.replacing(#/map\[[^\]]*\]/#, with: "map[…]")
            if sortedBody {
                var lines = text.split(separator: "\n").map(String.init)
                if !lines.isEmpty { lines = [lines[0]] + lines.dropFirst().sorted() }
                text = lines.joined(separator: "\n")
            }
            return text
        }
        let how = "\(source) \(arguments)"
        if helpShown {
            #expect(!actual.stdout.isEmpty, "\(how): help expected on standard output")
        } else {
            #expect(normal(actual.stdout, kubesimCopy) == normal(expected.stdout, kubectlCopy), "\(how)\n\(expected.stdout)---\n\(actual.stdout)")
        }
        #expect(normal(actual.stderr, kubesimCopy) == normal(expected.stderr, kubectlCopy), "\(how)\n\(expected.stderr)---\n\(actual.stderr)")
        #expect(actual.status == expected.status, "\(how): status \(expected.status) expected, \(actual.status)")
        let expectedFile = kubectlCopy.document()
        let actualFile = kubesimCopy.document()
        #expect(actualFile == expectedFile, "\(how): files differ\n\(expectedFile?.yamlString() ?? "nil")---\n\(actualFile?.yamlString() ?? "nil")")
    }

    @Test func everySubcommandMatchesKubectlWithTheKubeconfigFlag() async throws {
        for line in Self.lines { try await Self.compare(line.arguments, source: .flag) }
    }

    @Test(arguments: [Source.environment, .defaultFile])
    func theFileFromKUBECONFIGOrTheDataDirectoryIsUsedAsKubectlUsesItsOwn(_ source: Source) async throws {
        for line in Self.lines where line.all { try await Self.compare(line.arguments, source: source) }
    }

    /// `--kubeconfig` is a flag of `config` itself in kubectl: it may come before the subcommand.
    @Test func theKubeconfigFlagMayPrecedeTheSubcommand() async throws {
        for arguments in [["get-contexts"], ["use-context", "dev"], ["set-cluster", "prod", "--embed-certs"]] {
            let kubectlCopy = try Copy()
            let kubesimCopy = try Copy()
            defer {
                kubectlCopy.remove()
                kubesimCopy.remove()
            }
            let expected = try await CommandRunner.run(
                ServedCluster.kubectlPath, ["config", "--kubeconfig", kubectlCopy.path] + arguments, environment: ["KUBECONFIG": ""])
            let actual = try await CommandRunner.run(
                KubeSimBinary.path, ["config", "--kubeconfig=\(kubesimCopy.path)"] + arguments, environment: ["KUBECONFIG": ""])
            Self.expectSame(arguments, source: .flag, expected: expected, kubectlCopy: kubectlCopy, actual: actual, kubesimCopy: kubesimCopy)
        }
    }

    /// kubectl's lock (`FILE.lock`) held by another writer: both refuse and leave the file as it was.
    @Test func aLockedFileIsLeftAlone() async throws {
        for arguments in [["use-context", "dev"], ["delete-user", "admin"], ["current-context"]] {
            try await Self.compare(arguments, source: .flag) { copy in
                FileManager.default.createFile(atPath: copy.path + ".lock", contents: nil)
            }
        }
    }

    /// A file that does not exist reads as an empty kubeconfig, and the first write creates it.
    @Test func aMissingFileIsEmptyAndCreatedByTheFirstWrite() async throws {
        let lines: [[String]] = [
            ["current-context"], ["get-contexts"], ["get-users"], ["use-context", "x"], ["set-context", "x", "--cluster=c"],
            ["delete-context", "x"], ["set", "current-context", "x"], ["view"],
        ]
        for arguments in lines {
            try await Self.compare(arguments, source: .flag) { copy in try FileManager.default.removeItem(atPath: copy.path) }
        }
    }

    /// Files kubectl refuses to load, refused with its words and left as they were.
    @Test(arguments: [
        "clusters: 3\n", "- a\n- b\n", "apiVersion: v2\nkind: Config\n", "contexts:\n- name: a\n  context:\n    cluster: [1]\n",
        "users:\n- name: u\n  user:\n    client-key-data: '%%%'\n",
    ])
    func malformedFilesAreRefusedAsKubectlRefusesThem(_ text: String) async throws {
        for arguments in [["current-context"], ["set-context", "x"], ["get-contexts"]] {
            try await Self.compare(arguments, source: .flag) { copy in try Data(text.utf8).write(to: URL(fileURLWithPath: copy.path)) }
        }
    }

    /// `KUBECONFIG` with two files: stanzas merge (the first file's win), a changed stanza is written back to
    /// the file it came from, a new one to the first file that exists.
    @Test func mergedFilesAreReadAndWrittenAsKubectlDoes() async throws {
        let second = """
            current-context: other
            contexts:
            - name: dev
              context:
                cluster: shadowed
            - name: second-only
              context:
                cluster: local
            """
        let lines: [[String]] = [
            ["get-contexts"], ["current-context"], ["set-context", "prod-admin", "--namespace=x"], ["set-context", "brand-new", "--namespace=y"],
            ["use-context", "prod-admin"], ["delete-context", "second-only"], ["rename-context", "second-only", "renamed"],
            ["unset", "current-context"], ["view"],
        ]
        for arguments in lines {
            let kubectlCopy = try Copy()
            let kubesimCopy = try Copy()
            defer {
                kubectlCopy.remove()
                kubesimCopy.remove()
            }
            func environment(_ copy: Copy) throws -> [String: String] {
                let first = copy.directory.appendingPathComponent("first.conf").path
                try Data(second.utf8).write(to: URL(fileURLWithPath: first))
                return ["KUBECONFIG": "\(first):\(copy.path)"]
            }
            let expected = try await CommandRunner.run(ServedCluster.kubectlPath, ["config"] + arguments, environment: try environment(kubectlCopy))
            let actual = try await CommandRunner.run(KubeSimBinary.path, ["config"] + arguments, environment: try environment(kubesimCopy))
            Self.expectSame(arguments, source: .environment, expected: expected, kubectlCopy: kubectlCopy, actual: actual, kubesimCopy: kubesimCopy)
            let firstOf = { (copy: Copy) in
                (try? String(contentsOfFile: copy.directory.appendingPathComponent("first.conf").path, encoding: .utf8))
                    .flatMap { try? JSONValue.parseYAMLDocuments(copy.normalised($0)).first }
            }
            #expect(firstOf(kubesimCopy) == firstOf(kubectlCopy), "first file after \(arguments)")
        }
    }
}
