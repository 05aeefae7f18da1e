import EtcdCore
import Foundation
import KubeAPI
import Testing

/// The ServiceAccount and DefaultTolerationSeconds plugins as a pod's creation shows them.
@Suite("Admission: ServiceAccount", .serialized)
struct AdmissionServiceAccountTests {
    static func account(_ name: String = "default", namespace: String = "default", extra: JSONValue = .emptyObject) -> JSONValue {
        var account: JSONValue = ["apiVersion": "v1", "kind": "ServiceAccount", "metadata": ["name": .string(name), "namespace": .string(namespace)]]
        for (key, value) in extra.objectValue ?? [:] { account[key] = value }
        return account
    }

    @Test func aCreatedPodHasTheSpecOfARealOne() async throws {
        let fixture = try await RegistryFixture()
        let pod = try await fixture.create(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "nginx"],
                                            "spec": ["containers": [["name": "nginx", "image": "nginx"]]]])
        let volume = try #require(pod.json[["spec", "volumes", ]]?.arrayValue?.first?["name"]?.stringValue)
        #expect(volume.hasPrefix("kube-api-access-") && volume.count == "kube-api-access-".count + 5)
        // `kubectl run nginx --image=nginx` then `kubectl get pod nginx -o yaml` on 1.32, spec only.
        let expected = try #require(try JSONValue.parseYAMLDocuments("""
            containers:
            - image: nginx
              imagePullPolicy: Always
              name: nginx
              resources: {}
              terminationMessagePath: /dev/termination-log
              terminationMessagePolicy: File
              volumeMounts:
              - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
                name: \(volume)
                readOnly: true
            dnsPolicy: ClusterFirst
            enableServiceLinks: true
            preemptionPolicy: PreemptLowerPriority
            priority: 0
            restartPolicy: Always
            schedulerName: default-scheduler
            securityContext: {}
            serviceAccount: default
            serviceAccountName: default
            terminationGracePeriodSeconds: 30
            tolerations:
            - effect: NoExecute
              key: node.kubernetes.io/not-ready
              operator: Exists
              tolerationSeconds: 300
            - effect: NoExecute
              key: node.kubernetes.io/unreachable
              operator: Exists
              tolerationSeconds: 300
            volumes:
            - name: \(volume)
              projected:
                defaultMode: 420
                sources:
                - serviceAccountToken:
                    expirationSeconds: 3607
                    path: token
                - configMap:
                    items:
                    - key: ca.crt
                      path: ca.crt
                    name: kube-root-ca.crt
                - downwardAPI:
                    items:
                    - fieldRef:
                        apiVersion: v1
                        fieldPath: metadata.namespace
                      path: namespace
            """).first)
        #expect(pod.spec == expected)
        #expect(try await fixture.stored("/registry/pods/default/nginx")?["spec"] == expected)
        await fixture.finish()
    }

    @Test func whatAdmissionAddsBelongsToNoFieldManager() async throws {
        let fixture = try await RegistryFixture()
        let pod = try await fixture.registry.create(
            fixture.type("pods"), namespace: nil, object: RegistryFixture.pod("web"), options: WriteOptions(fieldManager: "kubectl"))
        let fields = try #require(pod.json[["metadata", "managedFields"]]?.arrayValue?.first?["fieldsV1"])
        #expect(fields[["f:spec", "f:containers"]] != nil)
        for field in ["f:serviceAccountName", "f:volumes", "f:tolerations", "f:priority"] {
            #expect(fields[["f:spec", field]] == nil, "\(field) was set by admission")
        }
        await fixture.finish()
    }

    @Test func aMissingServiceAccountIsForbidden() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        let error = await #expect(throws: StatusError.self) { try await fixture.create(RegistryFixture.pod("web")) }
        #expect(error?.code == 403)
        #expect(error?.reason == "Forbidden")
        #expect(error?.message == #"pods "web" is forbidden: error looking up service account default/default: serviceaccount "default" not found"#)
        var generated = RegistryFixture.pod("")
        generated["metadata"] = ["generateName": "web-7d4b9c-"]
        generated[["spec", "serviceAccountName"]] = "builder"
        let named = await #expect(throws: StatusError.self) { try await fixture.create(generated) }
        #expect(named?.message == #"pods "web-7d4b9c-" is forbidden: error looking up service account default/builder: serviceaccount "builder" not found"#)
        #expect(try await fixture.keys().filter { $0.hasPrefix("/registry/pods/") }.isEmpty)
        await fixture.finish()
    }

    @Test func theDeprecatedServiceAccountFieldNamesTheAccount() async throws {
        let fixture = try await RegistryFixture()
        try await fixture.create(Self.account("builder"))
        var pod = RegistryFixture.pod("web")
        pod[["spec", "serviceAccount"]] = "builder"
        let created = try await fixture.create(pod)
        #expect(created.json[["spec", "serviceAccountName"]] == "builder")
        #expect(created.json[["spec", "serviceAccount"]] == "builder")
        await fixture.finish()
    }

    @Test(arguments: [
        (nil, false, false), (false, nil, false), (false, true, true), (true, false, false), (nil, nil, true),
    ] as [(Bool?, Bool?, Bool)])
    func automountIsThePodsChoiceThenTheAccounts(account: Bool?, pod: Bool?, mounted: Bool) async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        try await fixture.create(Self.account(extra: account.map { ["automountServiceAccountToken": .bool($0)] } ?? .emptyObject))
        var object = RegistryFixture.pod("web")
        if let pod { object[["spec", "automountServiceAccountToken"]] = .bool(pod) }
        let created = try await fixture.create(object)
        #expect((created.json[["spec", "volumes"]] != nil) == mounted)
        #expect((created.json[["spec", "containers", ]]?.arrayValue?[0]["volumeMounts"] != nil) == mounted)
        #expect(created.json[["spec", "serviceAccountName"]] == "default")
        await fixture.finish()
    }

    @Test func everyContainerWithoutATokenMountGetsOneAfterItsOwnMounts() async throws {
        let fixture = try await RegistryFixture()
        var pod = RegistryFixture.pod("web")
        pod["spec"] = [
            "initContainers": [["name": "init", "image": "busybox"]],
            "containers": [
                ["name": "app", "image": "nginx", "volumeMounts": [["name": "data", "mountPath": "/data"]]],
                ["name": "own", "image": "nginx", "volumeMounts": [["name": "data", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"]]],
            ],
            "volumes": [["name": "data", "emptyDir": .emptyObject]],
        ]
        let created = try await fixture.create(pod)
        let volumes = try #require(created.json[["spec", "volumes"]]?.arrayValue)
        #expect(volumes.count == 2)
        #expect(volumes[0]["name"] == "data", "the user's volumes come first")
        let token = try #require(volumes[1]["name"])
        let mount: JSONValue = ["name": token, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true]
        #expect(created.json[["spec", "initContainers"]]?.arrayValue?[0]["volumeMounts"] == [mount])
        let containers = try #require(created.json[["spec", "containers"]]?.arrayValue)
        #expect(containers[0]["volumeMounts"] == [["name": "data", "mountPath": "/data"], mount])
        #expect(containers[1]["volumeMounts"]?.arrayValue?.count == 1, "a container with its own mount there keeps it")
        await fixture.finish()
    }

    @Test func aPodWithATokenVolumeKeepsIt() async throws {
        let fixture = try await RegistryFixture()
        var pod = RegistryFixture.pod("web")
        pod[["spec", "volumes"]] = [["name": "kube-api-access-abcde", "emptyDir": .emptyObject]]
        let created = try await fixture.create(pod)
        #expect(created.json[["spec", "volumes"]]?.arrayValue?.count == 1)
        #expect(created.json[["spec", "containers"]]?.arrayValue?[0]["volumeMounts"]?.arrayValue?[0]["name"] == "kube-api-access-abcde")
        await fixture.finish()
    }

    @Test func theVolumeSuffixComesFromTheRegistrysNameGenerator() async throws {
        func volume(seed: UInt64) async throws -> JSONValue? {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubeapi-test-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            var configuration = SQLiteStore.Configuration()
            configuration.leaseCheckInterval = nil
            let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
            let registry = Registry(store: store, names: .seeded(seed))
            try await registry.bootstrap()
            _ = try await registry.create(BuiltinResources.serviceAccounts, namespace: "default", object: Self.account())
            let pod = try await registry.create(BuiltinResources.pods, namespace: "default", object: RegistryFixture.pod("web"))
            await store.close()
            return pod.json[["spec", "volumes"]]?.arrayValue?.first?["name"]
        }
        #expect(try await volume(seed: 7) == volume(seed: 7))
        #expect(try await volume(seed: 7) != volume(seed: 8))
    }

    @Test func theAccountsImagePullSecretsAreCopiedToAPodWithout() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        try await fixture.create(Self.account(extra: ["imagePullSecrets": [["name": "registry-key"]]]))
        let created = try await fixture.create(RegistryFixture.pod("web"))
        #expect(created.json[["spec", "imagePullSecrets"]] == [["name": "registry-key"]])
        var own = RegistryFixture.pod("own")
        own[["spec", "imagePullSecrets"]] = [["name": "mine"]]
        #expect(try await fixture.create(own).json[["spec", "imagePullSecrets"]] == [["name": "mine"]])
        await fixture.finish()
    }

    @Test func anAccountEnforcingMountableSecretsRefusesOthers() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        try await fixture.create(Self.account(extra: [
            "metadata": ["name": "default", "namespace": "default", "annotations": ["kubernetes.io/enforce-mountable-secrets": "true"]],
            "secrets": [["name": "allowed"]],
        ]))
        var pod = RegistryFixture.pod("web")
        pod[["spec", "volumes"]] = [["name": "s", "secret": ["secretName": "other"]]]
        let error = await #expect(throws: StatusError.self) { try await fixture.create(pod) }
        #expect(error?.message == #"pods "web" is forbidden: volume with secret.secretName="other" is not allowed because service account default does not reference that secret"#)
        pod[["spec", "volumes"]] = [["name": "s", "secret": ["secretName": "allowed"]]]
        try await fixture.create(pod)
        await fixture.finish()
    }

    @Test func mirrorPodsAreLeftAloneButMayNotNameAccountsOrSecrets() async throws {
        let fixture = try await RegistryFixture()
        var mirror = RegistryFixture.pod("etcd-node1", namespace: "kube-system")
        mirror[["metadata", "annotations"]] = ["kubernetes.io/config.mirror": "abc"]
        mirror[["spec", "nodeName"]] = "node1"
        let created = try await fixture.create(mirror)
        #expect(created.json[["spec", "serviceAccountName"]] == nil)
        #expect(created.json[["spec", "volumes"]] == nil)
        var named = mirror
        named[["metadata", "name"]] = "named"
        named[["spec", "serviceAccountName"]] = "default"
        let error = await #expect(throws: StatusError.self) { try await fixture.create(named) }
        #expect(error?.message == #"pods "named" is forbidden: a mirror pod may not reference service accounts"#)
        var secret = mirror
        secret[["metadata", "name"]] = "secret"
        secret[["spec", "volumes"]] = [["name": "s", "secret": ["secretName": "key"]]]
        let secretError = await #expect(throws: StatusError.self) { try await fixture.create(secret) }
        #expect(secretError?.message == #"pods "secret" is forbidden: a mirror pod may not reference secrets"#)
        await fixture.finish()
    }

    @Test func anUpdateAddsNothingTwice() async throws {
        let fixture = try await RegistryFixture()
        let created = try await fixture.create(RegistryFixture.pod("web"))
        var changed = created.json
        changed[["metadata", "labels", "tier"]] = "front"
        let updated = try await fixture.registry.update(fixture.type("pods"), namespace: "default", name: "web", object: changed)
        #expect(updated.spec == created.spec)
        let patch: JSONValue = ["metadata": ["labels": ["tier": "back"]]]
        let patched = try await fixture.registry.patch(
            fixture.type("pods"), namespace: "default", name: "web", patchType: .merge, body: patch.jsonData(), options: WriteOptions()
        ).object
        #expect(patched.spec == created.spec)
        await fixture.finish()
    }
}
