import KubeAPI
import Testing

@Suite("Three-way merge computes the patch kubectl apply sends")
struct PatchThreeWayMergeTests {
    // MARK: - The patches of the kubectl 1.32 traces

    /// `deploy.yaml` as kube-apiserver holds it after `kubectl apply` created it: defaults, status and the
    /// annotation kubectl wrote (apply4 trace).
    static let liveDeployment = PatchFixture.json(
        #"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{"deployment.kubernetes.io/revision":"1",
        "kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"replicas\":2,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"nginx\"}]}}}}\n"},
        "creationTimestamp":"2026-11-25T08:32:06Z","generation":1,"name":"web","namespace":"default","resourceVersion":"98",
        "uid":"0b8c1f0e-6c1e-4a55-9f57-1d1f0e0c3a10"},
        "spec":{"progressDeadlineSeconds":600,"replicas":2,"revisionHistoryLimit":10,"selector":{"matchLabels":{"app":"web"}},
        "strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"},
        "template":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.27",
        "imagePullPolicy":"IfNotPresent","name":"nginx","resources":{},"terminationMessagePath":"/dev/termination-log",
        "terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler",
        "securityContext":{},"terminationGracePeriodSeconds":30}}},
        "status":{"availableReplicas":2,"observedGeneration":1,"readyReplicas":2,"replicas":2,"updatedReplicas":2}}
        """#)

    @Test func scalingADeploymentSendsTheTracedPatch() throws {
        let manifest = PatchFixture.json(
            #"""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":3,
            "selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},
            "spec":{"containers":[{"name":"nginx","image":"nginx:1.27"}]}}}}
            """#)
        let (type, patch) = try ThreeWayMerge.patch(
            original: LastAppliedConfiguration.recorded(in: Self.liveDeployment),
            modified: LastAppliedConfiguration.annotated(manifest), current: Self.liveDeployment, type: PatchFixture.deployment)
        #expect(type == .strategicMerge)
        #expect(
            patch.jsonString()
                == #"{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"annotations\":{},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"replicas\":3,\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"nginx\"}]}}}}\n"}},"spec":{"replicas":3}}"#
        )

        let patched = try StrategicMergePatch.apply(patch, to: Self.liveDeployment, type: PatchFixture.deployment)
        #expect(patched[["spec", "replicas"]] == 3)
        #expect(patched[["spec", "strategy"]] == Self.liveDeployment[["spec", "strategy"]])
        let again = try ThreeWayMerge.patch(
            original: LastAppliedConfiguration.recorded(in: patched), modified: LastAppliedConfiguration.annotated(manifest),
            current: patched, type: PatchFixture.deployment)
        #expect(again.patch == .emptyObject, "re-applying the same manifest is unchanged")
    }

    @Test func updatingAPodSendsTheTracedPatch() throws {
        let live = PatchFixture.json(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{
            "kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\"},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"nginx\"}]}}\n"},
            "creationTimestamp":"2026-11-25T08:31:28Z","labels":{"app":"web"},"name":"web","namespace":"default",
            "resourceVersion":"101","uid":"a3537c0a-713f-4bab-8adf-3eb27743d3c1"},
            "spec":{"containers":[{"image":"nginx:1.27","imagePullPolicy":"IfNotPresent","name":"nginx","resources":{},
            "terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}],"dnsPolicy":"ClusterFirst",
            "enableServiceLinks":true,"preemptionPolicy":"PreemptLowerPriority","priority":0,"restartPolicy":"Always",
            "schedulerName":"default-scheduler","securityContext":{},"serviceAccountName":"default","terminationGracePeriodSeconds":30,
            "tolerations":[{"effect":"NoExecute","key":"node.kubernetes.io/not-ready","operator":"Exists","tolerationSeconds":300}]},
            "status":{"phase":"Pending","qosClass":"BestEffort"}}
            """#)
        let manifest = PatchFixture.json(
            #"""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default","labels":{"app":"web","tier":"fe"}},
            "spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}
            """#)
        let patch = try ThreeWayMerge.strategicMergePatch(
            original: LastAppliedConfiguration.recorded(in: live), modified: LastAppliedConfiguration.annotated(manifest),
            current: live, metadata: #require(PatchMetadata(for: PatchFixture.pod)))
        #expect(
            patch.jsonString()
                == #"{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\",\"tier\":\"fe\"},\"name\":\"web\",\"namespace\":\"default\"},\"spec\":{\"containers\":[{\"image\":\"nginx:1.28\",\"name\":\"nginx\"}]}}\n"},"labels":{"tier":"fe"}},"spec":{"$setElementOrder/containers":[{"name":"nginx"}],"containers":[{"image":"nginx:1.28","name":"nginx"}]}}"#
        )

        let patched = try StrategicMergePatch.apply(patch, to: live, type: PatchFixture.pod)
        #expect(patched[["spec", "containers"]]?.arrayValue?.first?["image"] == "nginx:1.28")
        #expect(patched[["spec", "containers"]]?.arrayValue?.first?["imagePullPolicy"] == "IfNotPresent")
        #expect(patched[["metadata", "labels"]] == ["app": "web", "tier": "fe"])
    }

    // MARK: - Strategic merge patches

    /// Kind, original (last applied), modified, current (live), patch, the live object once patched.
    @Test(arguments: [
        PatchCase(
            "re-applying an unchanged configuration sends nothing", "Pod",
            #"{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x"}]}}"#,
            #"{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"a","image":"x"}]}}"#,
            #"{"metadata":{"labels":{"app":"web"},"uid":"1"},"spec":{"containers":[{"name":"a","image":"x","imagePullPolicy":"Always"}],"nodeName":"n1"}}"#,
            #"{}"#,
            #"{"metadata":{"labels":{"app":"web"},"uid":"1"},"spec":{"containers":[{"name":"a","image":"x","imagePullPolicy":"Always"}],"nodeName":"n1"}}"#),
        PatchCase(
            "a label the configuration dropped is deleted, others' labels stay", "Pod",
            #"{"metadata":{"labels":{"app":"web","x":"1"}}}"#, #"{"metadata":{"labels":{"app":"web"}}}"#,
            #"{"metadata":{"labels":{"app":"web","x":"1","team":"ops"}}}"#,
            #"{"metadata":{"labels":{"x":null}}}"#, #"{"metadata":{"labels":{"app":"web","team":"ops"}}}"#),
        PatchCase(
            "without a last applied configuration nothing is deleted", "Pod", #"null"#,
            #"{"metadata":{"labels":{"app":"web"}}}"#, #"{"metadata":{"labels":{"app":"web","x":"1"}}}"#,
            #"{}"#, #"{"metadata":{"labels":{"app":"web","x":"1"}}}"#),
        PatchCase(
            "an env value change is a keyed item with the list's order", "Pod",
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$setElementOrder/env":[{"name":"A"},{"name":"B"}],"env":[{"name":"B","value":"3"}],"name":"app"}]}}"#,
            #"{"spec":{"containers":[{"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"3"}]}]}}"#),
        PatchCase(
            "a removed port is a $patch: delete item", "Pod",
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80},{"containerPort":443}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"protocol":"TCP"}]}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[{"$setElementOrder/ports":[{"containerPort":80}],"name":"app","ports":[{"$patch":"delete","containerPort":443}]}]}}"#,
            #"{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"protocol":"TCP"}]}]}}"#),
        PatchCase(
            "a removed container is a $patch: delete item", "Pod",
            #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x","resources":{}},{"name":"b","image":"y","resources":{}}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$patch":"delete","name":"b"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x","resources":{}}]}}"#),
        PatchCase(
            "an added container is sent whole", "Pod", #"{"spec":{"containers":[{"name":"a","image":"x"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x","resources":{}}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"a"},{"name":"b"}],"containers":[{"image":"y","name":"b"}]}}"#,
            #"{"spec":{"containers":[{"name":"a","image":"x","resources":{}},{"name":"b","image":"y"}]}}"#),
        PatchCase(
            "a reordered list sends only its order", "Pod",
            #"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#, #"{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}"#,
            #"{"spec":{"containers":[{"name":"a"},{"name":"b"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}]}}"#,
            #"{"spec":{"containers":[{"name":"b"},{"name":"a"}]}}"#),
        PatchCase(
            "$setElementOrder keeps items only the live list has among the ordered ones", "Pod",
            #"{"spec":{"containers":[{"name":"c1"},{"name":"c2"},{"name":"c3"},{"name":"c4"}]}}"#,
            #"{"spec":{"containers":[{"name":"c2"},{"name":"c1"},{"name":"c4"},{"name":"c3"}]}}"#,
            #"{"spec":{"containers":[{"name":"c1","other":"a"},{"name":"c2"},{"name":"c9"},{"name":"c3"},{"name":"c4"}]}}"#,
            #"{"spec":{"$setElementOrder/containers":[{"name":"c2"},{"name":"c1"},{"name":"c4"},{"name":"c3"}]}}"#,
            #"{"spec":{"containers":[{"name":"c2"},{"name":"c1","other":"a"},{"name":"c9"},{"name":"c4"},{"name":"c3"}]}}"#),
        PatchCase(
            "a list without merge strategy is sent whole", "Pod",
            #"{"spec":{"tolerations":[{"key":"a","operator":"Exists"}]}}"#,
            #"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"#,
            #"{"spec":{"tolerations":[{"key":"a","operator":"Exists"},{"key":"c","operator":"Exists"}]}}"#,
            #"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"#,
            #"{"spec":{"tolerations":[{"key":"b","operator":"Exists"}]}}"#),
        PatchCase(
            "a finalizer added keeps those others added", "Pod",
            #"{"metadata":{"finalizers":["a"]}}"#, #"{"metadata":{"finalizers":["a","b"]}}"#,
            #"{"metadata":{"finalizers":["a","c"]}}"#,
            #"{"metadata":{"$setElementOrder/finalizers":["a","b"],"finalizers":["b"]}}"#,
            #"{"metadata":{"finalizers":["a","b","c"]}}"#),
        PatchCase(
            "a finalizer removed is a $deleteFromPrimitiveList", "Pod",
            #"{"metadata":{"finalizers":["a","b"]}}"#, #"{"metadata":{"finalizers":["a"]}}"#,
            #"{"metadata":{"finalizers":["a","b","c"]}}"#,
            #"{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"],"$setElementOrder/finalizers":["a"]}}"#,
            #"{"metadata":{"finalizers":["a","c"]}}"#),
        PatchCase(
            "strategy Recreate retains only type, clearing the defaulted rollingUpdate", "Deployment",
            #"{"spec":{"replicas":1}}"#, #"{"spec":{"replicas":1,"strategy":{"type":"Recreate"}}}"#,
            #"{"spec":{"replicas":1,"strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"},"type":"RollingUpdate"}}}"#,
            #"{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}"#,
            #"{"spec":{"replicas":1,"strategy":{"type":"Recreate"}}}"#),
        PatchCase(
            "strategy Recreate deletes the rollingUpdate the configuration had", "Deployment",
            #"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1},"type":"RollingUpdate"}}}"#,
            #"{"spec":{"strategy":{"type":"Recreate"}}}"#,
            #"{"spec":{"strategy":{"rollingUpdate":{"maxSurge":1,"maxUnavailable":"25%"},"type":"RollingUpdate"}}}"#,
            #"{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}"#,
            #"{"spec":{"strategy":{"type":"Recreate"}}}"#),
        PatchCase(
            "a volume switching source retains only its new fields", "Pod",
            #"{"spec":{"volumes":[{"name":"data","emptyDir":{}}]}}"#,
            #"{"spec":{"volumes":[{"name":"data","configMap":{"name":"cm"}}]}}"#,
            #"{"spec":{"volumes":[{"name":"data","emptyDir":{}}]}}"#,
            #"{"spec":{"$setElementOrder/volumes":[{"name":"data"}],"volumes":[{"$retainKeys":["configMap","name"],"configMap":{"name":"cm"},"emptyDir":null,"name":"data"}]}}"#,
            #"{"spec":{"volumes":[{"name":"data","configMap":{"name":"cm"}}]}}"#),
    ])
    func strategicMergePatch(_ row: PatchCase) throws {
        let type = try #require(BuiltinResources.all.first { $0.kind == row.documents[0] })
        let metadata = try #require(PatchMetadata(for: type))
        let original = row[1] == .null ? nil : row[1]
        let patch = try ThreeWayMerge.strategicMergePatch(original: original, modified: row[2], current: row[3], metadata: metadata)
        #expect(patch == row[4])
        #expect(try StrategicMergePatch.apply(patch, to: row[3], metadata: metadata) == row[5])
    }

    // MARK: - JSON merge patches, for custom resources

    /// Original (last applied), modified, current (live), patch.
    @Test(arguments: [
        PatchCase(
            "changes are set and dropped fields deleted; fields others set stay", #"{"spec":{"a":1,"b":2}}"#,
            #"{"spec":{"a":1,"c":3}}"#, #"{"spec":{"a":1,"b":2,"d":4},"status":{"ready":true}}"#, #"{"spec":{"b":null,"c":3}}"#),
        PatchCase("a changed list is sent whole", #"{"spec":{"l":[1,2]}}"#, #"{"spec":{"l":[1]}}"#, #"{"spec":{"l":[1,2]}}"#, #"{"spec":{"l":[1]}}"#),
        PatchCase(
            "an emptied object deletes its fields", #"{"spec":{"m":{"a":1}}}"#, #"{"spec":{"m":{}}}"#, #"{"spec":{"m":{"a":1}}}"#,
            #"{"spec":{"m":{"a":null}}}"#),
        PatchCase(
            "an unchanged configuration sends nothing", #"{"spec":{"a":1}}"#, #"{"spec":{"a":1}}"#,
            #"{"metadata":{"uid":"1"},"spec":{"a":1,"d":4}}"#, #"{}"#),
    ])
    func jsonMergePatchForCustomResources(_ row: PatchCase) throws {
        let (type, patch) = try ThreeWayMerge.patch(original: row[0], modified: row[1], current: row[2], type: PatchFixture.widget)
        #expect(type == .merge)
        #expect(patch == row[3])
    }

    @Test func aJSONMergePatchMayNotRenameTheObject() {
        let error = #expect(throws: PatchError.self) {
            try ThreeWayMerge.jsonMergePatch(
                original: ["metadata": ["name": "a"]], modified: ["metadata": ["name": "b"]], current: ["metadata": ["name": "a"]])
        }
        #expect(error?.message == "At least one of apiVersion, kind and name was changed")
    }

    // MARK: - The last-applied-configuration annotation

    @Test func theAnnotationRecordsTheConfigurationWithoutItself() throws {
        let manifest: JSONValue = ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "c"], "data": ["k": "<v>"]]
        let annotated = LastAppliedConfiguration.annotated(manifest)
        #expect(
            annotated[["metadata", "annotations", LastAppliedConfiguration.annotation]]
                == .string(#"{"apiVersion":"v1","data":{"k":"\u003cv\u003e"},"kind":"ConfigMap","metadata":{"annotations":{},"name":"c"}}"# + "\n"))
        #expect(try LastAppliedConfiguration.recorded(in: annotated) == LastAppliedConfiguration.annotated(manifest).removingAnnotation())
        #expect(LastAppliedConfiguration.annotated(annotated) == annotated, "annotating again changes nothing")
        #expect(try LastAppliedConfiguration.recorded(in: manifest) == nil)
    }
}

extension JSONValue {
    fileprivate func removingAnnotation() -> JSONValue {
        var copy = self
        copy[["metadata", "annotations", LastAppliedConfiguration.annotation]] = nil
        return copy
    }
}
