import Testing

@testable import KubeAPI

/// Values their Go field cannot hold, with encoding/json's `UnmarshalTypeError` text as kube-apiserver answers it.
@Suite("Decoding: Go JSON type mismatches of built-in kinds")
struct GoJSONTypesTests {
    static func pod(_ container: JSONValue) -> JSONValue {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": ["containers": [container]]]
    }

    @Test(arguments: [
        (pod(["name": "a", "image": "nginx", "ports": [["containerPort": "80"]]]),
         "json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
        (pod(["name": "a", "image": "nginx", "env": [["name": "A", "value": 123]]]),
         "json: cannot unmarshal number into Go struct field EnvVar.spec.containers.env.value of type string"),
        (pod(["name": "a", "image": "nginx", "ports": [["containerPort": 1.5]]]),
         "json: cannot unmarshal number 1.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
        (pod(["name": "a", "image": "nginx", "ports": [["containerPort": 4_294_967_296]]]),
         "json: cannot unmarshal number 4294967296 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32"),
        (pod(["name": "a", "image": "nginx", "ports": ["containerPort": 80]]),
         "json: cannot unmarshal object into Go struct field Container.spec.containers.ports of type []v1.ContainerPort"),
        (["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "labels": ["a": 1]]],
         "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string"),
        (["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p"], "spec": "x"],
         "json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec"),
    ] as [(JSONValue, String)])
    func aMismatchIsNamedAsEncodingJSONNamesIt(object: JSONValue, message: String) {
        #expect(GoJSONTypes.mismatch(in: object, type: BuiltinResources.pods) == message)
    }

    @Test func fittingValuesAndOpaqueFieldsPass() {
        let pod = Self.pod([
            "name": "a", "image": "nginx", "ports": [["containerPort": 80, "protocol": "TCP"]],
            "resources": ["limits": ["cpu": "500m", "memory": 128]], "livenessProbe": ["httpGet": ["port": "http"]],
        ])
        #expect(GoJSONTypes.mismatch(in: pod, type: BuiltinResources.pods) == nil)
        #expect(GoJSONTypes.mismatch(in: ["spec": ["group": 5]], type: ResourceType(group: "x.io", version: "v1", kind: "W", plural: "ws", namespaced: true)) == nil,
            "custom resources are checked against their schema instead")
    }

    @Test func ofSeveralMisfitsTheFirstInKeyOrderIsNamed() {
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": ["name": "p", "labels": ["z": 1, "b": true, "a": "ok"], "annotations": ["x": 2]],
            "spec": ["containers": [["name": "a", "image": "nginx", "ports": [["containerPort": "80"]]]], "hostname": 7],
        ]
        #expect(GoJSONTypes.mismatch(in: pod, type: BuiltinResources.pods)
            == "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string")
        var labelsOnly = pod
        labelsOnly[["metadata", "annotations"]] = nil
        #expect(GoJSONTypes.mismatch(in: labelsOnly, type: BuiltinResources.pods)
            == "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string")
    }

    @Test func unknownFieldsArePrunedFromBuiltInKinds() {
        let object: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c", "bogus": 1], "data": ["a": "b"], "extra": true]
        #expect(StrictFields.pruned(object, type: BuiltinResources.configMaps)
            == ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["a": "b"]])
        #expect(StrictFields.unknownFields(in: object, type: BuiltinResources.configMaps) == ["extra", "metadata.bogus"])
    }
}
