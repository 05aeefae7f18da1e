import EtcdCore
import Foundation
import KubeAPI
import Testing

/// Objects stored as kube-apiserver stores them with `--storage-media-type=application/vnd.kubernetes.protobuf`,
/// and read back whatever the media type.
@Suite(.serialized) struct ProtobufStorageTests {
    static let pod: JSONValue = try! JSONValue.parse(json: Data("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","uid":"u-1",
         "creationTimestamp":"2024-05-01T12:00:00Z","labels":{"app":"web","tier":"front"},
         "managedFields":[{"manager":"kubectl","operation":"Update","apiVersion":"v1","time":"2024-05-01T12:00:00Z",
           "fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:containers":{}}}}]},
         "spec":{"containers":[{"name":"web","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}],
           "resources":{"requests":{"cpu":"250m","memory":"64Mi"}},
           "livenessProbe":{"httpGet":{"path":"/","port":"http"},"periodSeconds":10},
           "readinessProbe":{"tcpSocket":{"port":8080}}}],
           "terminationGracePeriodSeconds":0,"hostNetwork":false,"securityContext":{},
           "volumes":[{"name":"data","emptyDir":{}}]},
         "status":{"phase":"Running","startTime":"2024-05-01T12:00:01Z",
           "containerStatuses":[{"name":"web","ready":false,"restartCount":0,"image":"nginx","imageID":"",
             "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}
        """.utf8))

    @Test func builtinKindIsStoredInTheK8sEnvelopeAroundRuntimeUnknown() throws {
        let bytes = [UInt8](StorageMediaType.protobuf.encode(Self.pod))
        // k8s\0, typeMeta {apiVersion "v1", kind "Pod"}, raw, then empty contentEncoding and contentType.
        #expect(Array(bytes.prefix(15)) == [0x6b, 0x38, 0x73, 0x00, 0x0a, 0x09, 0x0a, 0x02, 0x76, 0x31, 0x12, 0x03, 0x50, 0x6f, 0x64])
        #expect(bytes[15] == 0x12)
        #expect(Array(bytes.suffix(4)) == [0x1a, 0x00, 0x22, 0x00])
    }

    @Test func protobufRoundTripGivesTheSameObject() throws {
        let event: JSONValue = try JSONValue.parse(json: Data("""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"e","namespace":"default"},
             "eventTime":"2024-05-01T12:00:00.123456Z","reportingComponent":"c","reportingInstance":"i","action":"A",
             "reason":"R","involvedObject":{"kind":"Pod","name":"web"},"type":"Normal","count":0,
             "firstTimestamp":null,"lastTimestamp":null,"source":{}}
            """.utf8))
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "namespace": "default"],
            "data": ["key": .string(Data([0, 1, 2, 255]).base64EncodedString()), "empty": ""], "type": "Opaque",
        ]
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web", "namespace": "default"],
            "spec": ["ports": [["port": 80, "targetPort": "http", "protocol": "TCP"], ["port": 81, "targetPort": 8081]]],
        ]
        for object in [Self.pod, event, secret, service] {
            let stored = StorageMediaType.protobuf.encode(object)
            #expect(KubernetesProtobuf.isProtobuf(stored))
            #expect(try StorageMediaType.decode(stored) == object)
        }
    }

    @Test func customResourcesAndUnrepresentableObjectsStayJSON() throws {
        let custom: JSONValue = ["apiVersion": "example.com/v1", "kind": "Widget", "metadata": ["name": "w"], "spec": ["size": 3]]
        let nullDrivers: JSONValue = ["apiVersion": "storage.k8s.io/v1", "kind": "CSINode", "metadata": ["name": "n"], "spec": ["drivers": .null]]
        for object in [custom, nullDrivers] {
            let stored = StorageMediaType.protobuf.encode(object)
            #expect(stored == object.jsonData())
            #expect(try StorageMediaType.decode(stored) == object)
        }
    }

    @Test(arguments: [(StorageMediaType.json, StorageMediaType.protobuf), (.protobuf, .json)])
    func storeWrittenWithOneMediaTypeIsServedWithTheOther(written: StorageMediaType, read: StorageMediaType) async throws {
        let fixture = try await RegistryFixture(serviceAccounts: false)
        defer { Task { await fixture.finish() } }
        let key = Data("/registry/secrets/default/s".utf8)
        let writer = Registry(store: fixture.store, storageMediaType: written)
        let secret: JSONValue = [
            "apiVersion": "v1", "kind": "Secret", "metadata": ["name": "s", "labels": ["tier": "front"]],
            "data": ["key": .string(Data([0, 1, 2, 255]).base64EncodedString())],
        ]
        let created = try await writer.create(BuiltinResources.secrets, namespace: "default", object: secret)
        #expect(KubernetesProtobuf.isProtobuf(try await fixture.store.range(RangeRequest(key: key)).kvs[0].value) == (written == .protobuf))
        let reader = Registry(store: fixture.store, storageMediaType: read)
        var got = try await reader.get(BuiltinResources.secrets, namespace: "default", name: "s")
        #expect(got.json == created.json)
        got.json["data"] = ["key": "YmFjaw=="]
        let updated = try await reader.update(BuiltinResources.secrets, namespace: "default", name: "s", object: got.json)
        #expect(KubernetesProtobuf.isProtobuf(try await fixture.store.range(RangeRequest(key: key)).kvs[0].value) == (read == .protobuf))
        #expect(try await writer.get(BuiltinResources.secrets, namespace: "default", name: "s").json == updated.json)
    }
}

/// The kinds multi-version serving added are stored in protobuf too, in their storage version.
@Suite struct ProtobufStorageVersionTests {
    @Test func aHorizontalPodAutoscalerAndAnEventsV1EventStoreAsProtobufInTheirStorageVersion() async throws {
        let fixture = try await RegistryFixture()
        let registry = Registry(store: fixture.store, storageMediaType: .protobuf)
        let hpa: JSONValue = [
            "apiVersion": "autoscaling/v1", "kind": "HorizontalPodAutoscaler", "metadata": ["name": "web"],
            "spec": [
                "scaleTargetRef": ["apiVersion": "apps/v1", "kind": "Deployment", "name": "web"], "minReplicas": 2,
                "maxReplicas": 5, "targetCPUUtilizationPercentage": 80,
            ],
        ]
        _ = try await registry.create(BuiltinResources.horizontalPodAutoscalersV1, namespace: "default", object: hpa)
        let event: JSONValue = [
            "apiVersion": "events.k8s.io/v1", "kind": "Event", "metadata": ["name": "e"],
            "eventTime": "2026-12-07T08:00:00.000000Z", "reportingController": "example.com/ctl", "reportingInstance": "ctl-1",
            "action": "Scale", "reason": "Scaled", "type": "Normal", "note": "scaled up",
            "regarding": ["kind": "Deployment", "name": "web", "namespace": "default"],
        ]
        _ = try await registry.create(BuiltinResources.eventsV1, namespace: "default", object: event)
        // The status the HPA controller writes without metrics (one empty metric status per metric) stays protobuf.
        _ = try await registry.updateStatus(
            BuiltinResources.horizontalPodAutoscalers, namespace: "default", name: "web",
            status: [
                "currentReplicas": 2, "desiredReplicas": 0, "currentMetrics": [["type": ""]], "lastScaleTime": "2026-12-07T08:00:00Z",
                "conditions": [["type": "AbleToScale", "status": "True", "lastTransitionTime": "2026-12-07T08:00:00Z", "reason": "SucceededGetScale", "message": "m"]],
            ])
        for (key, apiVersion) in [("/registry/horizontalpodautoscalers/default/web", "autoscaling/v2"), ("/registry/events/default/e", "v1")] {
            let kv = try #require(try await fixture.store.get(Data(key.utf8)))
            #expect(KubernetesProtobuf.isProtobuf(kv.value), "\(key) is stored as protobuf")
            #expect(try StorageMediaType.decode(kv.value)["apiVersion"] == .string(apiVersion))
        }
        await fixture.finish()
    }
}
