import Foundation
import Testing

/// The real kubectl 1.32 (`/usr/bin/kubectl`) against `kubesim serve` over HTTPS with the client certificate of
/// the kubeconfig the server writes; each step checks kubectl's output and what the store holds.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct KubectlServeInteropTests {
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          labels: {app: web}
        spec:
          replicas: 2
          selector:
            matchLabels: {app: web}
          template:
            metadata:
              labels: {app: web}
            spec:
              containers:
              - name: nginx
                image: nginx:1.27

        """

    @Test func clientSideApplyCreatesConfiguresAndLeavesUnchanged() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("web.yaml", Self.deployment)
            let created = try await cluster.kubectl(["apply", "-f", file])
            #expect(created.stdout == "deployment.apps/web created\n", "\(created)")
            let stored = try #require(try await cluster.storedValue("/registry/deployments/default/web"))
            let annotations = (stored["metadata"] as? [String: Any])?["annotations"] as? [String: String]
            #expect(annotations?["kubectl.kubernetes.io/last-applied-configuration"] != nil)

            let unchanged = try await cluster.kubectl(["apply", "-f", file])
            #expect(unchanged.stdout == "deployment.apps/web unchanged\n", "\(unchanged)")

            try cluster.workspace.write("web.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 3"))
            let configured = try await cluster.kubectl(["apply", "-f", file])
            #expect(configured.stdout == "deployment.apps/web configured\n", "\(configured)")
            let spec = try #require(try await cluster.storedValue("/registry/deployments/default/web"))["spec"] as? [String: Any]
            #expect(spec?["replicas"] as? Int == 3)

            // kubesim apply through the same server sees kubectl's last-applied configuration: nothing to do.
            let again = try await cluster.kubesim(["apply", "-f", file])
            #expect(again.stdout == "deployment.apps/web unchanged\n", "\(again)")
        }
    }

    /// What the real kubectl does with its own `get -o yaml` output: the last-applied annotation changes (it now
    /// holds uid, resourceVersion, status...), so the first re-apply is `configured`, and the stale
    /// resourceVersion in the file makes the next one a Conflict. `kubesim apply` does the same. The output is
    /// taken once the deployment controller has counted the ReplicaSet's pods (they stay Pending: the cluster has
    /// no nodes): before, its status writes change the resourceVersion under the file, and the first re-apply
    /// conflicts too, as against a real cluster.
    @Test func reapplyingGetOutputIsConfiguredThenConflicts() async throws {
        try await ServedCluster.with { cluster in
            for client in ["kubectl", "kubesim"] {
                let run = { (arguments: [String]) in
                    client == "kubectl" ? try await cluster.kubectl(arguments) : try await cluster.kubesim(arguments)
                }
                let file = try cluster.workspace.write("web.yaml", Self.deployment)
                #expect(try await run(["apply", "-f", file]).stdout == "deployment.apps/web created\n", "\(client)")
                try await Self.waitForDeploymentStatus(replicas: 2, in: cluster)
                let got = try cluster.workspace.write("got.yaml", try await run(["get", "deploy", "web", "-o", "yaml"]).stdout)
                let first = try await run(["apply", "-f", got])
                #expect(first.stdout == "deployment.apps/web configured\n", "\(client): \(first)")
                let second = try await run(["apply", "-f", got])
                #expect(second.status != 0 && second.stderr.contains("(Conflict)"), "\(client): \(second)")
                _ = try await run(["delete", "deploy", "web"])
            }
        }
    }

    /// Waits until the stored deployment `web`'s status counts `replicas` replicas, all of the current template.
    static func waitForDeploymentStatus(replicas: Int, in cluster: ServedCluster) async throws {
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let status = try await cluster.storedValue("/registry/deployments/default/web")?["status"] as? [String: Any]
            if status?["replicas"] as? Int == replicas && status?["updatedReplicas"] as? Int == replicas { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the deployment's status did not count \(replicas) replicas in 120 s")
    }

    /// kubectl's and kubesim's client-side apply share the last-applied configuration, so a field one applied
    /// and the other's manifest leaves out is removed, as between two kubectl runs.
    @Test func kubectlAndKubesimApplyMergeBothWays() async throws {
        try await ServedCluster.with { cluster in
            let labelled = Self.deployment.replacingOccurrences(of: "labels: {app: web}\nspec:", with: "labels: {app: web, tier: front}\nspec:")
            let file = try cluster.workspace.write("web.yaml", labelled)
            #expect(try await cluster.kubectl(["apply", "-f", file]).stdout == "deployment.apps/web created\n")
            try cluster.workspace.write("web.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replicas: 4"))
            let byKubesim = try await cluster.kubesim(["apply", "-f", file])
            #expect(byKubesim.stdout == "deployment.apps/web configured\n", "\(byKubesim)")
            var stored = try #require(try await cluster.storedValue("/registry/deployments/default/web"))
            #expect((stored["metadata"] as? [String: Any])?["labels"] as? [String: String] == ["app": "web"])
            #expect((stored["spec"] as? [String: Any])?["replicas"] as? Int == 4)

            try cluster.workspace.write("web.yaml", labelled)
            let byKubectl = try await cluster.kubectl(["apply", "-f", file])
            #expect(byKubectl.stdout == "deployment.apps/web configured\n", "\(byKubectl)")
            stored = try #require(try await cluster.storedValue("/registry/deployments/default/web"))
            #expect((stored["metadata"] as? [String: Any])?["labels"] as? [String: String] == ["app": "web", "tier": "front"])
            #expect((stored["spec"] as? [String: Any])?["replicas"] as? Int == 2)
            #expect(try await cluster.kubesim(["apply", "-f", file]).stdout == "deployment.apps/web unchanged\n")
        }
    }

    /// A raw watch starts with the objects that exist and ends after `timeoutSeconds`.
    @Test func watchStreamsInitialEventsAndEndsAtItsTimeout() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\n")
            _ = try await cluster.kubectl(["apply", "-f", file])
            let started = ContinuousClock.now
            let watched = try await cluster.kubectl(
                ["get", "--raw", "/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=2&allowWatchBookmarks=true"])
            #expect(ContinuousClock.now - started < .seconds(10))
            // Besides the root CA publisher's `kube-root-ca.crt`, which every namespace has.
            let events = watched.stdout.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }.filter { (($0["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String != "kube-root-ca.crt" }
            #expect(events.count == 1, "\(watched)")
            #expect(events.first?["type"] as? String == "ADDED")
            #expect(((events.first?["object"] as? [String: Any])?["metadata"] as? [String: Any])?["name"] as? String == "first")
        }
    }

    @Test func serverSideApplyReportsConflictsAndForcesThem() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write(
                "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n")
            let applied = try await cluster.kubectl(["apply", "--server-side", "-f", file])
            #expect(applied.stdout == "configmap/settings serverside-applied\n", "\(applied)")
            try cluster.workspace.write(
                "cm2.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: slow\n")
            let other = cluster.workspace.directory.appendingPathComponent("cm2.yaml").path
            let conflict = try await cluster.kubectl(["apply", "--server-side", "--field-manager=other", "-f", other])
            #expect(conflict.status != 0)
            #expect(conflict.stderr.contains("Apply failed with 1 conflict: conflict with \"kubectl\" using v1: .data.mode"), "\(conflict)")
            let forced = try await cluster.kubectl(["apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", other])
            #expect(forced.stdout == "configmap/settings serverside-applied\n", "\(forced)")
            let data = try #require(try await cluster.storedValue("/registry/configmaps/default/settings"))["data"] as? [String: String]
            #expect(data == ["mode": "slow"])
        }
    }

    @Test func getPrintsTablesAndObjects() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("web.yaml", Self.deployment)
            _ = try await cluster.kubectl(["apply", "-f", file])
            let table = try await cluster.kubectl(["get", "deploy"])
            // No node to run on: the ReplicaSet's pods (up to date once the deployment controller has made it) pend.
            #expect(table.stdout.wholeMatch(of: #/NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/2     [02]            0           \S+\n/#) != nil, "\(table)")
            let wide = try await cluster.kubectl(["get", "deployments.apps", "-o", "wide"])
            #expect(wide.stdout.contains("CONTAINERS   IMAGES       SELECTOR"), "\(wide)")
            #expect(wide.stdout.contains("nginx        nginx:1.27   app=web"), "\(wide)")
            let labels = try await cluster.kubectl(["get", "deploy", "-l", "app=web", "--show-labels"])
            #expect(labels.stdout.contains("LABELS") && labels.stdout.contains("app=web"), "\(labels)")
            let none = try await cluster.kubectl(["get", "deploy", "-l", "app=db"])
            #expect(none.stderr == "No resources found in default namespace.\n", "\(none)")
            let all = try await cluster.kubectl(["get", "ns", "-A"])
            #expect(all.stdout.contains("kube-system") && all.stdout.hasPrefix("NAME "), "\(all)")
            let everywhere = try await cluster.kubectl(["get", "deploy", "-A"])
            #expect(everywhere.stdout.hasPrefix("NAMESPACE   NAME   READY"), "\(everywhere)")
            #expect(everywhere.stdout.contains("default     web    0/2"), "\(everywhere)")
            let yaml = try await cluster.kubectl(["get", "deploy", "web", "-o", "yaml"])
            #expect(yaml.stdout.contains("kind: Deployment") && yaml.stdout.contains("image: nginx:1.27"), "\(yaml)")
            let revision = try #require(yaml.stdout.firstMatch(of: /resourceVersion: "(\d+)"/)?.1)
            #expect(Int(revision) ?? 0 > 0)
            let missing = try await cluster.kubectl(["get", "pod", "nope"])
            #expect(missing.stderr == "Error from server (NotFound): pods \"nope\" not found\n", "\(missing)")
            #expect(missing.status == 1)
        }
    }

    @Test func getWatchSeesALaterChange() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("watched.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: watched\n")
            _ = try await cluster.kubectl(["apply", "-f", file])
            // kubectl prints the object it listed, then watches from the list's resourceVersion: once the row is
            // out, a change is sure to reach the watch. It is interrupted when the change's row is out.
            let output = OutputSoFar()
            async let watching = cluster.kubectl(
                ["get", "configmaps", "watched", "-w"], interruptAfter: .seconds(30),
                interruptWhen: { output.record($0) || $0.split(separator: "\n").count >= 3 })
            #expect(await output.waitFor { $0.split(separator: "\n").count >= 2 }, "\(output.current)")
            _ = try await cluster.kubectl(["label", "configmap", "watched", "seen=yes"])
            let watched = try await watching
            let rows = watched.stdout.split(separator: "\n")
            #expect(rows.first?.hasPrefix("NAME") == true, "\(watched)")
            #expect(rows.count == 3, "\(watched)")
            #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("watched ") }, "\(watched)")
        }
    }

    @Test func imperativeCommandsWriteTheRealKeys() async throws {
        try await ServedCluster.with { cluster in
            // kubectl's typed `create` subcommands send protobuf bodies.
            #expect(try await cluster.kubectl(["create", "namespace", "team"]).stdout == "namespace/team created\n")
            #expect(
                try await cluster.kubectl(["create", "configmap", "cfg", "-n", "team", "--from-literal=color=blue"]).stdout
                    == "configmap/cfg created\n")
            #expect(
                try await cluster.kubectl(["create", "secret", "generic", "pw", "-n", "team", "--from-literal=password=s3cret"]).stdout
                    == "secret/pw created\n")
            #expect(
                try await cluster.kubectl(["create", "deployment", "idle", "-n", "team", "--image=nginx", "--replicas=0"]).stdout
                    == "deployment.apps/idle created\n")
            let idle = try #require(try await cluster.storedValue("/registry/deployments/team/idle"))
            let idleSpec = idle["spec"] as? [String: Any]
            #expect(idleSpec?["replicas"] as? Int == 0, "a pointer field's zero is kept")
            let template = (idleSpec?["template"] as? [String: Any])?["metadata"] as? [String: Any]
            #expect(template?["labels"] as? [String: String] == ["app": "idle"])
            #expect(template?.keys.contains("creationTimestamp") == true && template?["creationTimestamp"] is NSNull)
            #expect(
                try await cluster.kubectl(["create", "priorityclass", "high", "--value=1000", "--description=batch"]).stdout
                    == "priorityclass.scheduling.k8s.io/high created\n")
            let priority = try #require(try await cluster.storedValue("/registry/priorityclasses/high"))
            #expect(priority["value"] as? Int == 1000 && priority["description"] as? String == "batch")
            let secret = try #require(try await cluster.storedValue("/registry/secrets/team/pw"))
            #expect((secret["data"] as? [String: String])?["password"] == Data("s3cret".utf8).base64EncodedString())
            let keys = try await cluster.keys("/registry/")
            #expect(keys.contains("/registry/namespaces/team"))
            #expect(keys.contains("/registry/configmaps/team/cfg"))

            #expect(try await cluster.kubectl(["label", "configmap", "cfg", "-n", "team", "tier=web"]).stdout == "configmap/cfg labeled\n")
            #expect(
                try await cluster.kubectl(["annotate", "configmap", "cfg", "-n", "team", "note=hi"]).stdout
                    == "configmap/cfg annotated\n")
            let metadata = try #require(try await cluster.storedValue("/registry/configmaps/team/cfg"))["metadata"] as? [String: Any]
            #expect((metadata?["labels"] as? [String: String]) == ["tier": "web"])
            #expect((metadata?["annotations"] as? [String: String])?["note"] == "hi")

            let strategic = try await cluster.kubectl(["patch", "configmap", "cfg", "-n", "team", "-p", #"{"data":{"size":"L"}}"#])
            #expect(strategic.stdout == "configmap/cfg patched\n", "\(strategic)")
            let merge = try await cluster.kubectl(
                ["patch", "configmap", "cfg", "-n", "team", "--type=merge", "-p", #"{"data":{"color":null}}"#])
            #expect(merge.stdout == "configmap/cfg patched\n", "\(merge)")
            let json = try await cluster.kubectl(
                ["patch", "configmap", "cfg", "-n", "team", "--type=json", "-p", #"[{"op":"add","path":"/data/shape","value":"round"}]"#])
            #expect(json.stdout == "configmap/cfg patched\n", "\(json)")
            let data = try #require(try await cluster.storedValue("/registry/configmaps/team/cfg"))["data"] as? [String: String]
            #expect(data == ["size": "L", "shape": "round"])

            let file = try cluster.workspace.write("web.yaml", Self.deployment)
            _ = try await cluster.kubectl(["apply", "-f", file])
            #expect(try await cluster.kubectl(["scale", "deployment", "web", "--replicas=5"]).stdout == "deployment.apps/web scaled\n")
            let spec = try #require(try await cluster.storedValue("/registry/deployments/default/web"))["spec"] as? [String: Any]
            #expect(spec?["replicas"] as? Int == 5)

            let deleted = try await cluster.kubectl(["delete", "configmap", "cfg", "-n", "team"])
            #expect(deleted.stdout == "configmap \"cfg\" deleted\n", "\(deleted)")
            #expect(try await cluster.storedValue("/registry/configmaps/team/cfg") == nil)
        }
    }

    @Test func discoveryVersionAndDiff() async throws {
        try await ServedCluster.with { cluster in
            let version = try await cluster.kubectl(["version"])
            #expect(version.stdout.contains("Server Version: v1.32"), "\(version)")
            let resources = try await cluster.kubectl(["api-resources"])
            #expect(resources.stdout.hasPrefix("NAME"), "\(resources)")
            let rows = resources.stdout.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
            #expect(rows.contains(["deployments", "deploy", "apps/v1", "true", "Deployment"]), "\(resources)")
            #expect(rows.contains(["nodes", "no", "v1", "false", "Node"]), "\(resources)")
            #expect(rows.contains(["pods", "po", "v1", "true", "Pod"]), "\(resources)")
            let versions = try await cluster.kubectl(["api-versions"])
            #expect(versions.stdout.contains("apps/v1\n") && versions.stdout.contains("\nv1\n"), "\(versions)")

            let file = try cluster.workspace.write("web.yaml", Self.deployment)
            _ = try await cluster.kubectl(["apply", "-f", file])
            let same = try await cluster.kubectl(["diff", "-f", file])
            #expect(same.status == 0 && same.stdout.isEmpty, "\(same)")
            try cluster.workspace.write("web.yaml", Self.deployment.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28"))
            let changed = try await cluster.kubectl(["diff", "-f", file])
            #expect(changed.status == 1, "\(changed)")
            #expect(changed.stdout.contains("-      - image: nginx:1.27") && changed.stdout.contains("+      - image: nginx:1.28"), "\(changed)")
            let image = try await cluster.kubectl(["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
            #expect(image.stdout == "nginx:1.27", "diff must not change the object")
        }
    }

    @Test func errorsComeOutAsOnARealCluster() async throws {
        try await ServedCluster.with { cluster in
            let one = try cluster.workspace.write("one.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n")
            _ = try await cluster.kubectl(["create", "-f", one])
            let exists = try await cluster.kubectl(["create", "-f", one])
            #expect(exists.stderr == "Error from server (AlreadyExists): error when creating \"\(one)\": configmaps \"one\" already exists\n", "\(exists)")
            let invalid = try cluster.workspace.write(
                "bad.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web_Bad\nspec:\n  containers:\n  - name: c\n    image: nginx\n")
            let rejected = try await cluster.kubectl(["apply", "-f", invalid])
            #expect(rejected.status != 0)
            #expect(rejected.stderr.contains("The Pod \"Web_Bad\" is invalid: metadata.name: Invalid value: \"Web_Bad\""), "\(rejected)")
            let conflictFile = try cluster.workspace.write(
                "stale.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: one\n  resourceVersion: \"1\"\ndata:\n  a: b\n")
            let conflict = try await cluster.kubectl(["replace", "-f", conflictFile])
            #expect(
                conflict.stderr.contains(
                    "Error from server (Conflict): error when replacing \"\(conflictFile)\": Operation cannot be fulfilled on configmaps \"one\": the object has been modified"),
                "\(conflict)")
            #expect(try await cluster.storedValue("/registry/pods/default/Web_Bad") == nil)

            let misspelt = try cluster.workspace.write(
                "typo.yaml", Self.deployment.replacingOccurrences(of: "replicas: 2", with: "replica: 2"))
            let strict = try await cluster.kubectl(["apply", "-f", misspelt])
            #expect(
                strict.stderr
                    == "Error from server (BadRequest): error when creating \"\(misspelt)\": Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding error: unknown field \"spec.replica\"\n",
                "\(strict)")
            #expect(try await cluster.storedValue("/registry/deployments/default/web") == nil)
            let noVersion = try await cluster.kubectl(["get", "--raw", "/api/v1/namespaces/default/configmaps?resourceVersionMatch=Exact"])
            #expect(
                noVersion.stderr
                    == "The ListOptions \"\" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided\n",
                "\(noVersion)")
            let twoProblems = try await cluster.kubectl(
                ["get", "--raw", "/api/v1/namespaces/default/configmaps?resourceVersionMatch=exact"])
            #expect(
                twoProblems.stderr
                    == "The ListOptions \"\" is invalid: \n"
                    + "* resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided\n"
                    + "* resourceVersionMatch: Unsupported value: \"exact\": supported values: \"Exact\", \"NotOlderThan\", \"\"\n",
                "\(twoProblems)")
            let warned = try await cluster.kubectl(["apply", "--validate=warn", "-f", misspelt])
            #expect(warned.stderr == "Warning: unknown field \"spec.replica\"\n", "\(warned)")
            #expect(warned.stdout == "deployment.apps/web created\n", "\(warned)")
        }
    }

    /// `kubesim apply -f` prints the real kubectl's lines for a file's errors, word for word: a document that fails
    /// kubectl's check, an object the server refuses, a namespace that does not exist, and a lone invalid object.
    @Test(arguments: [
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: good}\n---\napiVersion: apps/v1\nkind: Deployment\n"
            + "metadata: {name: broken}\nspec:\n  template:\n    metadata: {labels: {app: x}}\n"
            + "    spec: {containers: [{name: c, image: i}]}\n---\nkind: ConfigMap\nmetadata: {name: noversion}\n",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: nope}\n",
        "apiVersion: v1\nkind: Pod\nmetadata: {name: Web_Bad}\nspec: {containers: [{name: c, image: nginx}]}\n",
        "metadata: {name: nothing}\n",
    ])
    func applyErrorsAreKubectlsOwnLines(manifest: String) async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("manifest.yaml", manifest)
            let real = try await cluster.kubectl(["apply", "-f", file])
            let workspace = try KubectlWorkspace()
            defer { workspace.remove() }
            let own = try await workspace.kubesim(["apply", "-f", file])
            #expect(own.stderr == real.stderr)
            #expect(own.stdout == real.stdout)
            #expect(own.status == real.status)
        }
    }

    /// A client certificate another CA signed: kube-apiserver asks for client certificates without requiring
    /// them at the handshake and checks them in its x509 authenticator, whose failure is a 401 (anonymous is
    /// not tried after an authenticator error), so kubectl prints `You must be logged in to the server`.
    @Test func aClientCertificateFromAnotherCAIsUnauthorized() async throws {
        try await ServedCluster.with { cluster in
            let before = try await cluster.settledKeys("/registry/")
            let directory = cluster.workspace.directory.appendingPathComponent("foreign").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let openssl = "/usr/bin/openssl"
            let file = { (name: String) in directory + "/" + name }
            for arguments in [
                ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", file("ca.key"), "-out", file("ca.crt"), "-subj", "/CN=foreign-ca", "-days", "1"],
                ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", file("admin.key"), "-out", file("admin.csr"), "-subj", "/O=system:masters/CN=kubernetes-admin"],
                ["x509", "-req", "-in", file("admin.csr"), "-CA", file("ca.crt"), "-CAkey", file("ca.key"), "-CAcreateserial", "-out", file("admin.crt"), "-days", "1"],
            ] {
                let made = try await CommandRunner.run(openssl, arguments)
                #expect(made.status == 0, "\(made)")
            }
            let ca = cluster.workspace.dataDirectory + "/pki/ca.crt"
            let curl = try await CommandRunner.run(
                "/usr/bin/curl",
                ["-s", "--cacert", ca, "--cert", directory + "/admin.crt", "--key", directory + "/admin.key", "-X", "POST",
                 "-H", "Content-Type: application/json", "-d", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"#,
                 cluster.url + "/api/v1/namespaces/default/configmaps", "-w", "\n%{http_code}"])
            let kubectl = try await CommandRunner.run(
                ServedCluster.kubectlPath,
                ["--server", cluster.url, "--certificate-authority", ca, "--client-certificate", directory + "/admin.crt",
                 "--client-key", directory + "/admin.key", "get", "namespaces"])
            #expect(kubectl.status != 0 && kubectl.stdout.isEmpty, "\(kubectl)")
            #expect(curl.stdout.hasSuffix("\n401"), "\(curl)")
            let status = try JSONSerialization.jsonObject(with: Data(curl.stdout.dropLast(4).utf8)) as? [String: Any]
            #expect(status?["kind"] as? String == "Status" && status?["reason"] as? String == "Unauthorized", "\(curl)")
            #expect(status?["message"] as? String == "Unauthorized" && status?["code"] as? Int == 401, "\(curl)")
            // kubectl's discovery fails first (its memcache lines), then the command, in client-go's words for a
            // 401 met in discovery.
            #expect(
                kubectl.stderr.hasSuffix(
                    "error: You must be logged in to the server (the server has asked for the client to provide credentials)\n"),
                "\(kubectl)")
            #expect(try await cluster.keys("/registry/") == before)
        }
    }

    @Test func requestsWithoutCertificateOrWithBadBodiesChangeNothing() async throws {
        try await ServedCluster.with { cluster in
            let before = try await cluster.settledKeys("/registry/")
            let anonymous = try await CommandRunner.run(
                "/usr/bin/curl",
                ["-s", "--cacert", cluster.workspace.dataDirectory + "/pki/ca.crt", "-X", "POST", "-H", "Content-Type: application/json",
                 "-d", #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"#, cluster.url + "/api/v1/namespaces/default/configmaps",
                 "-w", "\n%{http_code}"])
            #expect(anonymous.stdout.hasSuffix("\n401"), "\(anonymous)")
            #expect(anonymous.stdout.contains(#""reason":"Unauthorized""#))
            let malformed = try cluster.workspace.write("bad.json", "{not json")
            let bad = try await cluster.kubectl(["create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", malformed])
            #expect(bad.stderr.hasPrefix("Error from server (BadRequest)"), "\(bad)")
            let huge = try cluster.workspace.write(
                "huge.json",
                #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"huge"},"data":{"a":""# + String(repeating: "x", count: 3_200_000) + #""}}"#)
            let tooLarge = try await cluster.kubectl(["create", "--raw", "/api/v1/namespaces/default/configmaps", "-f", huge])
            #expect(tooLarge.stderr.contains("Request entity too large: limit is 3145728"), "\(tooLarge)")
            #expect(try await cluster.keys("/registry/") == before)
        }
    }

    @Test func foregroundDeleteWaitsAndSIGTERMStopsTheServer() async throws {
        let cluster = try await ServedCluster()
        _ = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("gone.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gone\n")])
        // Foreground: kube-apiserver answers the object marked with the `foregroundDeletion` finalizer and
        // kubectl waits until the garbage collector has deleted it.
        let deleted = try await cluster.kubectl(["delete", "configmap", "gone", "--cascade=foreground"])
        #expect(deleted.stdout == "configmap \"gone\" deleted\n", "\(deleted)")
        #expect(try await cluster.storedValue("/registry/configmaps/default/gone") == nil)
        // A graceful stop exits 0, as kube-apiserver does on SIGTERM (a kill by the signal would not).
        let output = cluster.output
        let status = await cluster.stop()
        #expect(status == 0, "exit status \(status); \(output)")
    }

    @Test func kubesimCommandsRunAgainstTheServer() async throws {
        try await ServedCluster.with { cluster in
            let file = try cluster.workspace.write("web.yaml", Self.deployment)
            let applied = try await cluster.kubesim(["apply", "-f", file])
            #expect(applied.stdout == "deployment.apps/web created\n", "\(applied)")
            let viaKubectl = try await cluster.kubectl(["apply", "-f", file])
            #expect(viaKubectl.stdout == "deployment.apps/web unchanged\n", "\(viaKubectl)")
            let listed = try await cluster.kubesim(["get", "deploy"])
            #expect(listed.stdout.hasPrefix("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    0/2"), "\(listed)")
            let missing = try await cluster.kubesim(["get", "deploy", "nope"])
            #expect(missing.stderr == "Error from server (NotFound): deployments.apps \"nope\" not found\n", "\(missing)")
            let deleted = try await cluster.kubesim(["delete", "deploy", "web"])
            #expect(deleted.stdout == "deployment.apps \"web\" deleted\n", "\(deleted)")
            #expect(try await cluster.storedValue("/registry/deployments/default/web") == nil)
        }
    }

    /// `kubectl drain` cordons the node, then POSTs a policy/v1 Eviction to each pod's `eviction` subresource
    /// and waits until the pod is gone.
    @Test func drainEvictsThroughTheEvictionSubresource() async throws {
        try await ServedCluster.with { cluster in
            let objects = """
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: default}
                ---
                apiVersion: v1
                kind: Node
                metadata: {name: worker-1}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: worker-1
                  containers: [{name: nginx, image: "nginx:1.27"}]

                """
            let applied = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("objects.yaml", objects)])
            #expect(applied.status == 0, "\(applied)")
            let drained = try await cluster.kubectl(["drain", "worker-1", "--force"])
            #expect(drained.stdout.contains("node/worker-1 cordoned\n"), "\(drained)")
            #expect(drained.stdout.contains("pod/web evicted\nnode/worker-1 drained\n"), "\(drained)")
            #expect(try await cluster.storedValue("/registry/pods/default/web") == nil)
            let missing = try await cluster.kubectl(["drain", "worker-1", "--force"])
            #expect(missing.stdout.hasSuffix("node/worker-1 drained\n"), "\(missing)")
        }
    }
}
