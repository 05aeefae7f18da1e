import KubeAPI
import Testing

@Suite("Strategic merge patch applies as kube-apiserver applies it")
struct PatchStrategicMergeTests {
    /// Kind, live object, patch, result.
    @Test(arguments: [
        PatchCase(
            "containers merge by name", "Pod",
            #"{"spec":{"containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"log","image":"busybox"}]}}"#,
            #"{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}"#,
            #"{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"},{"name":"log","image":"busybox"}]}}"#),
        PatchCase(
            "env merges by name", "Pod",
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"B","value":"3"}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}}"#),
        PatchCase(
            "$patch: delete removes a port by containerPort", "Pod",
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80},{"containerPort":443}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","ports":[{"$patch":"delete","containerPort":443}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80}]}]}}"#),
        PatchCase(
            "$patch: delete removes a container", "Pod",
            #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
            #"{"spec":{"containers":[{"$patch":"delete","name":"b"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x"}]}}"#),
        PatchCase(
            "$patch: replace in a list makes the patch items the whole list", "Pod",
            #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
            #"{"spec":{"containers":[{"$patch":"replace"},{"name":"c","image":"z"}]}}"#,
            #"{"spec":{"containers":[{"name":"c","image":"z"}]}}"#),
        PatchCase(
            "$patch: replace in an object makes the patch fields the whole object", "Service",
            #"{"spec":{"selector":{"app":"web","tier":"fe"}}}"#, #"{"spec":{"selector":{"$patch":"replace","app":"api"}}}"#,
            #"{"spec":{"selector":{"app":"api"}}}"#),
        PatchCase(
            "$setElementOrder orders listed items and keeps live-only items in place", "Pod",
            #"{"spec":{"containers":[{"name":"c1","other":"a"},{"name":"c2"},{"name":"c9"},{"name":"c3"},{"name":"c4"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"c2"},{"name":"c1"},{"name":"c4"},{"name":"c3"}]}}"#,
            #"{"spec":{"containers":[{"name":"c2"},{"name":"c1","other":"a"},{"name":"c9"},{"name":"c4"},{"name":"c3"}]}}"#),
        PatchCase(
            "patch items keep the patch's order and live-only items theirs", "Pod",
            #"{"spec":{"containers":[{"name":"c1"},{"name":"c2","image":"b"},{"name":"c3"}]}}"#,
            #"{"spec":{"containers":[{"name":"c3","image":"c"},{"name":"c1","image":"a"}]}}"#,
            #"{"spec":{"containers":[{"name":"c2","image":"b"},{"name":"c3","image":"c"},{"name":"c1","image":"a"}]}}"#),
        PatchCase(
            "a new item without $setElementOrder goes first", "Pod",
            #"{"spec":{"initContainers":[{"name":"a"},{"name":"b"}]}}"#, #"{"spec":{"initContainers":[{"name":"c"}]}}"#,
            #"{"spec":{"initContainers":[{"name":"c"},{"name":"a"},{"name":"b"}]}}"#),
        PatchCase(
            "$retainKeys clears the deployment strategy fields it does not list", "Deployment",
            #"{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}"#,
            #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#, #"{"spec":{"strategy":{"type":"Recreate"}}}"#),
        PatchCase(
            "$retainKeys on a volume switches its source", "Pod",
            #"{"spec":{"volumes":[{"name":"data","emptyDir":{}},{"name":"tmp","emptyDir":{}}]}}"#,
            #"{"spec":{"volumes":[{"$retainKeys":["configMap","name"],"name":"data","configMap":{"name":"cm"}}]}}"#,
            #"{"spec":{"volumes":[{"name":"data","configMap":{"name":"cm"}},{"name":"tmp","emptyDir":{}}]}}"#),
        PatchCase(
            "finalizers merge as a set", "Pod", #"{"metadata":{"finalizers":["a","b"]}}"#,
            #"{"metadata":{"finalizers":["b","c"]}}"#, #"{"metadata":{"finalizers":["a","b","c"]}}"#),
        PatchCase(
            "$deleteFromPrimitiveList removes finalizers", "Pod", #"{"metadata":{"finalizers":["a","b","c"]}}"#,
            #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}"#, #"{"metadata":{"finalizers":["a","c"]}}"#),
        PatchCase(
            "ownerReferences merge by uid", "Pod",
            #"{"metadata":{"ownerReferences":[{"uid":"1","name":"rs-a"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1","controller":true},{"uid":"2","name":"rs-b"}]}}"#,
            #"{"metadata":{"ownerReferences":[{"uid":"1","name":"rs-a","controller":true},{"uid":"2","name":"rs-b"}]}}"#),
        PatchCase(
            "service ports merge by port", "Service",
            #"{"spec":{"ports":[{"name":"http","port":80},{"name":"https","port":443}]}}"#,
            #"{"spec":{"ports":[{"port":443,"targetPort":8443}]}}"#,
            #"{"spec":{"ports":[{"name":"http","port":80},{"name":"https","port":443,"targetPort":8443}]}}"#),
        PatchCase(
            "tolerations have no merge key and are replaced", "Pod",
            #"{"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}"#, #"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"#,
            #"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"#),
        PatchCase(
            "RBAC subjects are replaced", "RoleBinding",
            #"{"subjects":[{"kind":"User","name":"a"}],"roleRef":{"kind":"Role","name":"r"}}"#,
            #"{"subjects":[{"kind":"User","name":"b"}]}"#,
            #"{"subjects":[{"kind":"User","name":"b"}],"roleRef":{"kind":"Role","name":"r"}}"#),
        PatchCase(
            "labels merge and null removes one", "ConfigMap",
            #"{"metadata":{"labels":{"app":"web","x":"1"}},"data":{"a":"1"}}"#,
            #"{"metadata":{"labels":{"x":null,"tier":"fe"}},"data":{"b":"2"}}"#,
            #"{"metadata":{"labels":{"app":"web","tier":"fe"}},"data":{"a":"1","b":"2"}}"#),
        PatchCase(
            "$patch: delete on an object empties it", "Pod", #"{"spec":{"nodeSelector":{"disk":"ssd"}}}"#,
            #"{"spec":{"nodeSelector":{"$patch":"delete"}}}"#, #"{"spec":{"nodeSelector":{}}}"#),
        PatchCase(
            "a null patch changes nothing", "Pod", #"{"metadata":{"name":"web"}}"#, #"null"#, #"{"metadata":{"name":"web"}}"#),
    ])
    func applies(_ row: PatchCase) throws {
        let type = try #require(BuiltinResources.all.first { $0.kind == row.documents[0] })
        #expect(try StrategicMergePatch.apply(row[2], to: row[1], type: type) == row[3])
    }

    /// Live pod, patch, HTTP code, message.
    @Test(arguments: [
        PatchCase(
            "a list item without its merge key", #"{"spec":{"containers":[{"name":"a"}]}}"#,
            #"{"spec":{"containers":[{"image":"nginx"}]}}"#, "500",
            #""map: map[image:nginx] does not contain declared merge key: name""#),
        PatchCase(
            "an unknown $patch directive", #"{"spec":{"containers":[{"name":"a"}]}}"#,
            #"{"spec":{"containers":[{"$patch":"frob","name":"a"}]}}"#, "500",
            #""unknown patch type: frob in map: map[$patch:frob name:a]""#),
        PatchCase(
            "patch items out of their $setElementOrder", #"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"name":"b"},{"name":"a"}]}}"#,
            "500", #""The order in patch list:\n[map[name:b] map[name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]\n""#),
        PatchCase(
            "a $retainKeys that is not a list", #"{"spec":{"volumes":[{"name":"v"}]}}"#,
            #"{"spec":{"volumes":[{"$retainKeys":"name","name":"v"}]}}"#, "400", #""invalid patch format of retainKeys""#),
        PatchCase(
            "a field missing from $retainKeys", #"{"spec":{"volumes":[{"name":"v"}]}}"#,
            #"{"spec":{"volumes":[{"$retainKeys":["name"],"name":"v","emptyDir":{}}]}}"#, "400",
            #""invalid patch format of retainKeys""#),
        PatchCase(
            "a $deleteFromPrimitiveList without a list name", #"{"metadata":{"finalizers":["a"]}}"#,
            #"{"metadata":{"$deleteFromPrimitiveList":["a"]}}"#, "400", #""invalid patch format of primitive list""#),
        PatchCase(
            "a list of lists", #"{"metadata":{"finalizers":[["a"]]}}"#, #"{"metadata":{"finalizers":[["b"]]}}"#, "422",
            #""lists of lists are not supported""#),
        PatchCase(
            "a patch that is not an object", #"{}"#, #"["a"]"#, "400",
            #""json: cannot unmarshal array into Go value of type map[string]interface {}""#),
    ])
    func failsAsKubeAPIServerDoes(_ row: PatchCase) {
        let error = #expect(throws: PatchError.self) { try StrategicMergePatch.apply(row[1], to: row[0], type: PatchFixture.pod) }
        #expect(error?.status.code == Int(row.documents[2]))
        #expect(error?.message == row[3].stringValue)
    }

    @Test func customResourcesTakeNoStrategicMergePatch() {
        let error = #expect(throws: PatchError.self) {
            try StrategicMergePatch.apply(["spec": ["size": 2]], to: ["spec": ["size": 1]], type: PatchFixture.widget)
        }
        #expect(error?.status.code == 415)
        #expect(error?.status.reason == "UnsupportedMediaType")
        #expect(
            error?.status.message
                == "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
        )
    }
}

@Suite("Patch metadata restates k8s.io/api's patch strategies")
struct PatchMetadataTests {
    /// Kind, path, merge key ("" for a merged list of scalars, "-" for no merge), retainKeys.
    @Test(arguments: [
        ("Pod", "spec.containers", "name", false),
        ("Pod", "spec.initContainers.env", "name", false),
        ("Pod", "spec.ephemeralContainers.volumeMounts", "mountPath", false),
        ("Pod", "spec.containers.ports", "containerPort", false),
        ("Pod", "spec.volumes", "name", true),
        ("Pod", "spec.imagePullSecrets", "name", false),
        ("Pod", "spec.hostAliases", "ip", false),
        ("Pod", "spec.topologySpreadConstraints", "topologyKey", false),
        ("Pod", "spec.tolerations", "-", false),
        ("Pod", "status.conditions", "type", false),
        ("Pod", "metadata.ownerReferences", "uid", false),
        ("Pod", "metadata.finalizers", "", false),
        ("Service", "spec.ports", "port", false),
        ("Deployment", "spec.template.spec.containers", "name", false),
        ("Deployment", "spec.strategy", "-", true),
        ("StatefulSet", "spec.template.spec.volumes", "name", true),
        ("StatefulSet", "spec.volumeClaimTemplates", "-", false),
        ("CronJob", "spec.jobTemplate.spec.template.spec.containers.env", "name", false),
        ("Job", "status.conditions", "type", false),
        ("Node", "spec.podCIDRs", "", false),
        ("Node", "status.addresses", "type", false),
        ("ServiceAccount", "secrets", "name", false),
        ("Endpoints", "subsets", "-", false),
        ("ClusterRoleBinding", "subjects", "-", false),
        ("ClusterRole", "rules", "-", false),
        ("Ingress", "spec.rules", "-", false),
    ])
    func describesTheField(kind: String, path: String, mergeKey: String, retainKeys: Bool) throws {
        let type = try #require(BuiltinResources.all.first { $0.kind == kind })
        let field = try #require(PatchMetadata(for: type)).field(at: path.split(separator: ".").map(String.init))
        #expect(field.merges == (mergeKey != "-"))
        #expect(field.mergeKey == (mergeKey == "-" || mergeKey.isEmpty ? nil : mergeKey))
        #expect(field.retainKeys == retainKeys)
    }

    @Test func everyBuiltinKindHasMetadataAndCustomResourcesNone() {
        for type in BuiltinResources.all {
            #expect(PatchMetadata(for: type)?.field(at: ["metadata", "finalizers"]).merges == true, "\(type.kind)")
        }
        #expect(PatchMetadata(for: PatchFixture.widget) == nil)
    }

    @Test func patchTypesAcceptedByKind() {
        #expect(PatchType.accepted(for: PatchFixture.pod) == [.json, .merge, .strategicMerge, .apply])
        #expect(PatchType.accepted(for: PatchFixture.widget) == [.json, .merge, .apply])
        #expect(PatchType(contentType: "application/strategic-merge-patch+json; charset=utf-8") == .strategicMerge)
        #expect(PatchType(contentType: "application/json") == nil)
    }
}
