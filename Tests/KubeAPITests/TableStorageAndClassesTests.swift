import EtcdCore
import Foundation
import Testing

@testable import KubeAPI

/// The `kubectl get` rows of the storage, class, admission and componentstatus kinds (`printers.go`).
@Suite struct TableStorageAndClassesTests {
    static func cells(_ typeName: String, _ json: String) -> [JSONValue] {
        TableConverterTests.cells(typeName, json)
    }

    @Test func marksTheDefaultStorageClassAndFillsItsDefaults() {
        let annotated = Self.cells("storageclasses", """
            {"metadata":{"name":"standard","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "provisioner":"rancher.io/local-path","volumeBindingMode":"WaitForFirstConsumer"}
            """)
        #expect(annotated == ["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "5m"])
        let plain = Self.cells("storageclasses", """
            {"metadata":{"name":"fast"},"provisioner":"csi.example.com","reclaimPolicy":"Retain","allowVolumeExpansion":true}
            """)
        #expect(plain == ["fast", "csi.example.com", "Retain", "Immediate", true, "5m"])
    }

    @Test func namesTheColumnsOfEachKindAsKubectlPrintsThem() {
        func names(_ plural: String) -> [String] {
            let type = TableConverterTests.catalog.type(named: plural)!
            return KindTable.printer(group: type.group, kind: type.kind)!.columns.map(\.name)
        }
        #expect(names("storageclasses") == ["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"])
        #expect(names("csidrivers") == [
            "Name", "AttachRequired", "PodInfoOnMount", "StorageCapacity", "TokenRequests", "RequiresRepublish", "Modes", "Age",
        ])
        #expect(names("volumeattachments") == ["Name", "Attacher", "PV", "Node", "Attached", "Age"])
        #expect(names("csistoragecapacities") == ["Name", "StorageClassName", "Capacity"])
        #expect(names("componentstatuses") == ["Name", "Status", "Message", "Error"])
        #expect(names("runtimeclasses") == ["Name", "Handler", "Age"])
        #expect(names("ingressclasses") == ["Name", "Controller", "Parameters", "Age"])
        #expect(names("podtemplates") == ["Name", "Containers", "Images", "Pod Labels"])
        #expect(names("validatingwebhookconfigurations") == ["Name", "Webhooks", "Age"])
        #expect(names("validatingadmissionpolicies") == ["Name", "Validations", "ParamKind", "Age"])
        #expect(names("validatingadmissionpolicybindings") == ["Name", "PolicyName", "ParamRef", "Age"])
    }

    @Test func printsDriversAttachmentsAndCapacities() {
        #expect(Self.cells("csidrivers", """
            {"metadata":{"name":"csi.example.com"},"spec":{"attachRequired":false,"volumeLifecycleModes":["Persistent","Ephemeral"]}}
            """) == ["csi.example.com", false, false, false, "<unset>", false, "Persistent,Ephemeral", "5m"])
        #expect(Self.cells("volumeattachments", """
            {"metadata":{"name":"csi-123"},"spec":{"attacher":"csi.example.com","source":{"persistentVolumeName":"pv-1"},
             "nodeName":"node-1"},"status":{"attached":true}}
            """) == ["csi-123", "csi.example.com", "pv-1", "node-1", true, "5m"])
        #expect(Self.cells("csistoragecapacities", """
            {"metadata":{"name":"cap","namespace":"default"},"storageClassName":"standard"}
            """) == ["cap", "standard", "<unset>"])
    }

    @Test func printsClassesTemplatesAndAdmissionKinds() {
        #expect(Self.cells("ingressclasses", """
            {"metadata":{"name":"lb"},"spec":{"controller":"example.com/lb",
             "parameters":{"apiGroup":"k8s.example.com","kind":"IngressParameters","name":"external-lb","scope":"Cluster"}}}
            """) == ["lb", "example.com/lb", "IngressParameters.k8s.example.com/external-lb", "5m"])
        #expect(Self.cells("runtimeclasses", #"{"metadata":{"name":"gvisor"},"handler":"runsc"}"#) == ["gvisor", "runsc", "5m"])
        #expect(Self.cells("podtemplates", """
            {"metadata":{"name":"tpl","namespace":"default"},"template":{"metadata":{"labels":{"app":"web"}},
             "spec":{"containers":[{"name":"web","image":"nginx"}]}}}
            """) == ["tpl", "web", "nginx", "app=web"])
        #expect(Self.cells("validatingadmissionpolicybindings", """
            {"metadata":{"name":"b"},"spec":{"policyName":"p","paramRef":{"name":"limits"},"validationActions":["Deny"]}}
            """) == ["b", "p", "*/limits", "5m"])
        #expect(Self.cells("validatingadmissionpolicies", """
            {"metadata":{"name":"p"},"spec":{"paramKind":{"apiVersion":"v1","kind":"ConfigMap"},"validations":[{"expression":"true"}]}}
            """) == ["p", 1, "v1/ConfigMap", "5m"])
    }

    @Test func reportsComponentsFromTheirHealthyCondition() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        let registry = fixture.registry
        let type = BuiltinResources.componentStatuses
        func rows() async throws -> [[JSONValue]] {
            try await registry.list(type, namespace: nil).items.map { TableConverter.cells(for: $0, type: type, now: Date()) }
        }
        #expect(try await rows() == [
            ["scheduler", "Unhealthy", "",
             "Get \"https://127.0.0.1:10259/healthz\": dial tcp 127.0.0.1:10259: connect: connection refused"],
            ["controller-manager", "Unhealthy", "",
             "Get \"https://127.0.0.1:10257/healthz\": dial tcp 127.0.0.1:10257: connect: connection refused"],
            ["etcd-0", "Healthy", "ok", ""],
        ])
        registry.health.setControlLoopsRunning(true)
        #expect(try await rows().map { $0[1] } == ["Healthy", "Healthy", "Healthy"])
        let scheduler = try await registry.get(type, namespace: nil, name: "scheduler")
        #expect(scheduler.json == [
            "kind": "ComponentStatus", "apiVersion": "v1", "metadata": ["name": "scheduler", "creationTimestamp": .null],
            "conditions": [["type": "Healthy", "status": "True", "message": "ok"]],
        ])
        await #expect(throws: StatusError.self) { try await registry.get(type, namespace: nil, name: "kubelet") }
        await fixture.finish()
    }

    @Test func storesTheNewKindsUnderTheirOwnPrefixes() async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        let registry = fixture.registry
        let sc = try await registry.create(
            BuiltinResources.storageClasses, namespace: nil,
            object: ["apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": ["name": "standard"], "provisioner": "rancher.io/local-path"])
        #expect(sc.json["reclaimPolicy"] == "Delete" && sc.generation == nil)
        #expect(try await registry.store.get(Data("/registry/storageclasses/standard".utf8)) != nil)
        let attachment = try await registry.create(
            TableConverterTests.catalog.type(named: "volumeattachments")!, namespace: nil,
            object: [
                "apiVersion": "storage.k8s.io/v1", "kind": "VolumeAttachment", "metadata": ["name": "va"],
                "spec": ["attacher": "csi.example.com", "nodeName": "node-1", "source": ["persistentVolumeName": "pv-1"]],
                "status": ["attached": true],
            ])
        #expect(attachment.json["status"] == ["attached": false], "status is the subresource's")
        let ingressClass = try await registry.create(
            TableConverterTests.catalog.type(named: "ingressclasses")!, namespace: nil,
            object: ["apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": ["name": "nginx"], "spec": ["controller": "k8s.io/ingress-nginx"]])
        #expect(ingressClass.generation == 1)
        #expect(try await registry.store.get(Data("/registry/ingressclasses/nginx".utf8)) != nil)
        await fixture.finish()
    }
}
