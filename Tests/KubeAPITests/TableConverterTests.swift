import Foundation
import Testing

@testable import KubeAPI

@Suite struct TableConverterTests {
    static let now = RFC3339Timestamp.date(from: "2024-05-01T12:00:00Z")!
    static let catalog = ResourceCatalog()

    /// An object from JSON, created five minutes before `now` unless it says otherwise.
    static func object(_ json: String) -> KubeObject {
        var value = try! JSONValue.parse(json: Data(json.utf8))
        if value[["metadata", "creationTimestamp"]] == nil {
            value[["metadata", "creationTimestamp"]] = "2024-05-01T11:55:00Z"
        }
        return KubeObject(value)
    }

    static func cells(_ typeName: String, _ json: String) -> [JSONValue] {
        TableConverter.cells(for: object(json), type: catalog.type(named: typeName)!, now: now)
    }

    // MARK: - Pods

    @Test(arguments: [
        (
            "running and ready",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running","conditions":[{"type":"Ready","status":"True"}],"containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}"#,
            ["web", "1/1", "Running", "0", "5m"]
        ),
        (
            "container creating",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]}}"#,
            ["web", "0/1", "ContainerCreating", "0", "5m"]
        ),
        (
            "crash loop with restarts",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":3,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2024-05-01T11:55:00Z"}}}]}}"#,
            ["web", "0/1", "CrashLoopBackOff", "3 (5m ago)", "5m"]
        ),
        (
            "restarts without a finish time",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":2,"state":{"running":{}}}]}}"#,
            ["web", "1/1", "Running", "2", "5m"]
        ),
        (
            "completed",
            #"{"metadata":{"name":"job-x"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Succeeded","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}}"#,
            ["job-x", "0/1", "Completed", "0", "5m"]
        ),
        (
            "killed without a reason",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Failed","containerStatuses":[{"name":"a","restartCount":0,"state":{"terminated":{"exitCode":137}}}]}}"#,
            ["web", "0/1", "ExitCode:137", "0", "5m"]
        ),
        (
            "signalled",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Failed","containerStatuses":[{"name":"a","restartCount":0,"state":{"terminated":{"exitCode":0,"signal":9}}}]}}"#,
            ["web", "0/1", "Signal:9", "0", "5m"]
        ),
        (
            "terminating",
            #"{"metadata":{"name":"web","deletionTimestamp":"2024-05-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running","containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}"#,
            ["web", "1/1", "Terminating", "0", "5m"]
        ),
        (
            "node lost",
            #"{"metadata":{"name":"web","deletionTimestamp":"2024-05-01T11:59:00Z"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Running","reason":"NodeLost"}}"#,
            ["web", "0/1", "Unknown", "0", "5m"]
        ),
        (
            "pending before scheduling",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":"Pending"}}"#,
            ["web", "0/2", "Pending", "0", "5m"]
        ),
        (
            "scheduling gated",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"}]},"status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}}"#,
            ["web", "0/1", "SchedulingGated", "0", "5m"]
        ),
        (
            "first init container running",
            #"{"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"i1"},{"name":"i2"}],"containers":[{"name":"a"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","restartCount":0,"state":{"running":{}}},{"name":"i2","restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}],"containerStatuses":[{"name":"a","restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}}"#,
            ["web", "0/1", "Init:0/2", "0", "5m"]
        ),
        (
            "init container crash looping",
            #"{"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"2024-05-01T11:59:40Z"}}}]}}"#,
            ["web", "0/1", "Init:CrashLoopBackOff", "4 (20s ago)", "5m"]
        ),
        (
            "init container failed",
            #"{"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"i1"}],"containers":[{"name":"a"}]},"status":{"phase":"Pending","initContainerStatuses":[{"name":"i1","restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]}}"#,
            ["web", "0/1", "Init:Error", "0", "5m"]
        ),
        (
            "started sidecar counts as a container",
            #"{"metadata":{"name":"web"},"spec":{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"a"}]},"status":{"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],"initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}}}],"containerStatuses":[{"name":"a","ready":true,"restartCount":0,"state":{"running":{}}}]}}"#,
            ["web", "2/2", "Running", "1", "5m"]
        ),
        (
            "completed container beside a running one without readiness",
            #"{"metadata":{"name":"web"},"spec":{"containers":[{"name":"a"},{"name":"b"}]},"status":{"phase":"Running","containerStatuses":[{"name":"a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},{"name":"b","ready":true,"restartCount":0,"state":{"running":{}}}]}}"#,
            ["web", "1/2", "NotReady", "0", "5m"]
        ),
    ])
    func summarizesPodsLikeKubeApiserver(_ label: String, json: String, expected: [String]) {
        let cells = Self.cells("pods", json)
        #expect(Array(cells.prefix(5)) == expected.map(JSONValue.string), "\(label)")
    }

    @Test func fillsThePodWideColumns() {
        let cells = Self.cells(
            "po",
            #"{"metadata":{"name":"web"},"spec":{"nodeName":"node-1","containers":[{"name":"a"}],"readinessGates":[{"conditionType":"www.example.com/ready"},{"conditionType":"other"}]},"status":{"phase":"Running","podIP":"10.0.0.1","podIPs":[{"ip":"10.0.0.1"}],"conditions":[{"type":"www.example.com/ready","status":"True"}]}}"#
        )
        #expect(Array(cells.suffix(4)) == ["10.0.0.1", "node-1", "<none>", "1/2"])
        #expect(
            Array(Self.cells("po", #"{"metadata":{"name":"web"},"spec":{"containers":[]}}"#).suffix(4)) == [
                "<none>", "<none>", "<none>", "<none>",
            ])
    }

    @Test func marksFinishedPodsCompletedInTheirRow() {
        let type = Self.catalog.type(named: "pods")!
        let pod = Self.object(#"{"metadata":{"name":"done"},"status":{"phase":"Succeeded"}}"#)
        let table = TableConverter.table(for: [pod], type: type, resourceVersion: "9", now: Self.now)
        #expect(
            table["rows"]?.arrayValue?.first?["conditions"]
                == [
                    [
                        "type": "Completed", "status": "True", "reason": "Succeeded",
                        "message": "The pod has completed successfully.",
                    ]
                ])
    }

    // MARK: - Other kinds

    @Test(
        arguments: [
            (
                "deployments",
                #"{"metadata":{"name":"web"},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]}]},"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"},{"name":"log","image":"busybox"}]}}},"status":{"readyReplicas":2,"updatedReplicas":3,"availableReplicas":2}}"#,
                ["web", "2/3", 3, 2, "5m", "nginx,log", "nginx:1.25,busybox", "app=web,tier in (be,fe)"]
            ),
            (
                "replicasets",
                #"{"metadata":{"name":"web-1"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}},"status":{"replicas":2,"readyReplicas":1}}"#,
                ["web-1", 2, 2, 1, "5m", "c", "i", "app=web"]
            ),
            (
                "statefulsets",
                #"{"metadata":{"name":"db"},"spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"pg","image":"postgres"}]}}},"status":{"readyReplicas":3}}"#,
                ["db", "3/3", "5m", "pg", "postgres"]
            ),
            (
                "daemonsets",
                #"{"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"a","image":"agent:1"}]}}},"status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}"#,
                ["agent", 3, 3, 2, 3, 2, "kubernetes.io/os=linux", "5m", "a", "agent:1", "app=agent"]
            ),
            (
                "replicationcontrollers", #"{"metadata":{"name":"rc"},"spec":{"selector":{"app":"x"}}}"#,
                ["rc", 1, 0, 0, "5m", "", "", "app=x"]
            ),
            (
                "jobs",
                #"{"metadata":{"name":"pi"},"spec":{"completions":1,"template":{"spec":{"containers":[{"name":"pi","image":"perl"}]}}},"status":{"succeeded":1,"startTime":"2024-05-01T11:55:00Z","completionTime":"2024-05-01T11:55:30Z","conditions":[{"type":"Complete","status":"True"}]}}"#,
                ["pi", "Complete", "1/1", "30s", "5m", "pi", "perl", "<none>"]
            ),
            (
                "jobs",
                #"{"metadata":{"name":"work"},"spec":{"parallelism":3,"selector":{"matchLabels":{"batch.kubernetes.io/job-name":"work"}}},"status":{"startTime":"2024-05-01T11:58:00Z"}}"#,
                ["work", "Running", "0/1 of 3", "2m", "5m", "", "", "batch.kubernetes.io/job-name=work"]
            ),
            (
                "jobs", #"{"metadata":{"name":"stuck"},"status":{"conditions":[{"type":"Failed","status":"True"}]}}"#,
                ["stuck", "Failed", "0/1", "", "5m", "", "", "<none>"]
            ),
            (
                "cronjobs",
                #"{"metadata":{"name":"nightly"},"spec":{"schedule":"0 3 * * *","suspend":false,"jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"backup"}]}}}}},"status":{"active":[{"name":"nightly-1"}],"lastScheduleTime":"2024-05-01T03:00:00Z"}}"#,
                ["nightly", "0 3 * * *", "<none>", "False", 1, "9h", "5m", "b", "backup", "<none>"]
            ),
            (
                "cronjobs", #"{"metadata":{"name":"tz"},"spec":{"schedule":"@hourly","timeZone":"Europe/Paris"}}"#,
                ["tz", "@hourly", "Europe/Paris", "<unset>", 0, "<none>", "5m", "", "", "<none>"]
            ),
            (
                "services",
                #"{"metadata":{"name":"web"},"spec":{"type":"ClusterIP","clusterIP":"10.96.0.10","clusterIPs":["10.96.0.10"],"ports":[{"port":80,"protocol":"TCP"}],"selector":{"app":"web"}}}"#,
                ["web", "ClusterIP", "10.96.0.10", "<none>", "80/TCP", "5m", "app=web"]
            ),
            (
                "services",
                #"{"metadata":{"name":"np"},"spec":{"type":"NodePort","clusterIPs":["10.96.0.11"],"ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":53,"protocol":"UDP"}]}}"#,
                ["np", "NodePort", "10.96.0.11", "<none>", "80:30080/TCP,53/UDP", "5m", "<none>"]
            ),
            (
                "services",
                #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.12"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}}"#,
                ["lb", "LoadBalancer", "10.96.0.12", "<pending>", "443:31443/TCP", "5m", "<none>"]
            ),
            (
                "services",
                #"{"metadata":{"name":"lb"},"spec":{"type":"LoadBalancer","clusterIPs":["10.96.0.12"],"externalIPs":["192.0.2.9"],"ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.7"},{"hostname":"a-long-load-balancer-name.example.com"}]}}}"#,
                [
                    "lb", "LoadBalancer", "10.96.0.12", "203.0.113.7,a-long-load-balancer-name.example.com,192.0.2.9",
                    "443:31443/TCP", "5m", "<none>",
                ]
            ),
            (
                "services",
                #"{"metadata":{"name":"db"},"spec":{"type":"ClusterIP","clusterIPs":["None"],"externalIPs":["1.2.3.4"]}}"#,
                ["db", "ClusterIP", "None", "1.2.3.4", "<none>", "5m", "<none>"]
            ),
            (
                "services",
                #"{"metadata":{"name":"ext"},"spec":{"type":"ExternalName","externalName":"db.example.com"}}"#,
                ["ext", "ExternalName", "<none>", "db.example.com", "<none>", "5m", "<none>"]
            ),
            (
                "nodes",
                #"{"metadata":{"name":"cp","labels":{"node-role.kubernetes.io/control-plane":"","node-role.kubernetes.io/worker":"","kubernetes.io/role":"master"}},"status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True"}],"addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"cp"}],"nodeInfo":{"kubeletVersion":"v1.32.4","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.1.0","containerRuntimeVersion":"containerd://1.7.24"}}}"#,
                [
                    "cp", "Ready", "control-plane,master,worker", "5m", "v1.32.4", "172.18.0.2", "<none>",
                    "Debian GNU/Linux 12 (bookworm)", "6.1.0", "containerd://1.7.24",
                ]
            ),
            (
                "nodes",
                #"{"metadata":{"name":"n1"},"spec":{"unschedulable":true},"status":{"conditions":[{"type":"Ready","status":"True"}]}}"#,
                [
                    "n1", "Ready,SchedulingDisabled", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>",
                    "<unknown>",
                ]
            ),
            (
                "nodes", #"{"metadata":{"name":"n2"},"status":{"conditions":[{"type":"Ready","status":"Unknown"}]}}"#,
                ["n2", "NotReady", "<none>", "5m", "", "<none>", "<none>", "<unknown>", "<unknown>", "<unknown>"]
            ),
            (
                "nodes", #"{"metadata":{"name":"n3"},"spec":{"unschedulable":true}}"#,
                [
                    "n3", "Unknown,SchedulingDisabled", "<none>", "5m", "", "<none>", "<none>", "<unknown>",
                    "<unknown>", "<unknown>",
                ]
            ),
            ("namespaces", #"{"metadata":{"name":"dev"},"status":{"phase":"Active"}}"#, ["dev", "Active", "5m"]),
            (
                "namespaces",
                #"{"metadata":{"name":"old","creationTimestamp":"2021-04-01T12:00:00Z"},"status":{"phase":"Terminating"}}"#,
                ["old", "Terminating", "3y31d"]
            ),
            (
                "secrets",
                #"{"metadata":{"name":"tls"},"type":"kubernetes.io/tls","data":{"tls.crt":"eA==","tls.key":"eA=="}}"#,
                ["tls", "kubernetes.io/tls", 2, "5m"]
            ),
            ("secrets", #"{"metadata":{"name":"empty"},"type":"Opaque"}"#, ["empty", "Opaque", 0, "5m"]),
            (
                "configmaps", #"{"metadata":{"name":"cfg"},"data":{"a":"1","b":"2"},"binaryData":{"c":"eA=="}}"#,
                ["cfg", 3, "5m"]
            ),
            ("serviceaccounts", #"{"metadata":{"name":"default"}}"#, ["default", 0, "5m"]),
            (
                "endpoints",
                #"{"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80},{"port":443}]}]}"#,
                ["web", "10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...", "5m"]
            ),
            (
                "endpoints", #"{"metadata":{"name":"headless"},"subsets":[{"addresses":[{"ip":"fd00::1"}]}]}"#,
                ["headless", "fd00::1", "5m"]
            ),
            (
                "endpoints",
                #"{"metadata":{"name":"v6"},"subsets":[{"addresses":[{"ip":"fd00::1"}],"ports":[{"port":80}]}]}"#,
                ["v6", "[fd00::1]:80", "5m"]
            ),
            ("endpoints", #"{"metadata":{"name":"none"}}"#, ["none", "<none>", "5m"]),
            (
                "events",
                #"{"metadata":{"name":"web.17c"},"type":"Normal","reason":"Scheduled","message":"Successfully assigned default/web to node-1\n","involvedObject":{"kind":"Pod","name":"web","fieldPath":"spec.containers{a}"},"source":{"component":"default-scheduler"},"firstTimestamp":"2024-05-01T11:50:00Z","lastTimestamp":"2024-05-01T11:58:00Z","count":4}"#,
                [
                    "2m", "Normal", "Scheduled", "pod/web", "spec.containers{a}", "default-scheduler",
                    "Successfully assigned default/web to node-1", "10m", 4, "web.17c",
                ]
            ),
            (
                "events",
                #"{"metadata":{"name":"e2"},"type":"Warning","reason":"Failed","involvedObject":{"kind":"Node"},"eventTime":"2024-05-01T11:59:30.000000Z","reportingComponent":"kubelet","reportingInstance":"node-1"}"#,
                ["30s", "Warning", "Failed", "node", "", "kubelet, node-1", "", "30s", 1, "e2"]
            ),
            (
                "resourcequotas",
                #"{"metadata":{"name":"q"},"status":{"hard":{"pods":"10","requests.cpu":"2","limits.memory":"4Gi","limits.cpu":"4"},"used":{"pods":"3","requests.cpu":"500m","limits.cpu":"1"}}}"#,
                ["q", "pods: 3/10, requests.cpu: 500m/2", "limits.cpu: 1/4, limits.memory: 0/4Gi", "5m"]
            ),
            (
                "persistentvolumes",
                #"{"metadata":{"name":"pv1"},"spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain","claimRef":{"namespace":"default","name":"data"},"storageClassName":"standard","volumeMode":"Filesystem"},"status":{"phase":"Bound"}}"#,
                [
                    "pv1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "5m",
                    "Filesystem",
                ]
            ),
            (
                "persistentvolumeclaims",
                #"{"metadata":{"name":"data"},"spec":{"volumeName":"pv1","storageClassName":"standard","resources":{"requests":{"storage":"5Gi"}}},"status":{"phase":"Bound","capacity":{"storage":"10Gi"},"accessModes":["ReadWriteOnce"]}}"#,
                ["data", "Bound", "pv1", "10Gi", "RWO", "standard", "<unset>", "5m", "<unset>"]
            ),
            (
                "persistentvolumeclaims",
                #"{"metadata":{"name":"new","annotations":{"volume.beta.kubernetes.io/storage-class":"fast"}},"spec":{"resources":{"requests":{"storage":"5Gi"}}},"status":{"phase":"Pending"}}"#,
                ["new", "Pending", "", "", "", "fast", "<unset>", "5m", "<unset>"]
            ),
            (
                "rolebindings",
                #"{"metadata":{"name":"rb"},"roleRef":{"kind":"ClusterRole","name":"view"},"subjects":[{"kind":"User","name":"alice"},{"kind":"User","name":"bob"},{"kind":"Group","name":"devs"},{"kind":"ServiceAccount","namespace":"ci","name":"builder"}]}"#,
                ["rb", "ClusterRole/view", "5m", "alice, bob", "devs", "ci/builder"]
            ),
            (
                "clusterrolebindings",
                #"{"metadata":{"name":"crb"},"roleRef":{"kind":"ClusterRole","name":"cluster-admin"}}"#,
                ["crb", "ClusterRole/cluster-admin", "5m", "", "", ""]
            ),
            (
                "ingresses",
                #"{"metadata":{"name":"ing"},"spec":{"ingressClassName":"nginx","rules":[{"host":"a.example.com"},{"host":"b.example.com"},{},{"host":"d.example.com"},{"host":"e.example.com"}],"tls":[{"hosts":["a.example.com"]}]},"status":{"loadBalancer":{"ingress":[{"ip":"203.0.113.5"}]}}}"#,
                [
                    "ing", "nginx", "a.example.com,b.example.com,d.example.com + 2 more...", "203.0.113.5", "80, 443",
                    "5m",
                ]
            ),
            (
                "ingresses", #"{"metadata":{"name":"bare"},"spec":{"defaultBackend":{}}}"#,
                ["bare", "<none>", "*", "", "80", "5m"]
            ),
            ("networkpolicies", #"{"metadata":{"name":"deny"},"spec":{"podSelector":{}}}"#, ["deny", "<none>", "5m"]),
            (
                "networkpolicies",
                #"{"metadata":{"name":"db"},"spec":{"podSelector":{"matchExpressions":[{"key":"spot","operator":"DoesNotExist"},{"key":"app","operator":"Exists"}]}}}"#,
                ["db", "app,!spot", "5m"]
            ),
            (
                "leases", #"{"metadata":{"name":"kube-scheduler"},"spec":{"holderIdentity":"cp_1234"}}"#,
                ["kube-scheduler", "cp_1234", "5m"]
            ),
            ("leases", #"{"metadata":{"name":"free"},"spec":{}}"#, ["free", "", "5m"]),
            (
                "priorityclasses",
                #"{"metadata":{"name":"high"},"value":1000000,"globalDefault":true,"preemptionPolicy":"Never"}"#,
                ["high", 1_000_000, true, "5m", "Never"]
            ),
            ("priorityclasses", #"{"metadata":{"name":"low"},"value":-5}"#, ["low", -5, false, "5m", ""]),
            (
                "endpointslices",
                #"{"metadata":{"name":"web-x1"},"addressType":"IPv4","ports":[{"name":"http","port":80},{"name":"metrics"},{},{"port":9090}],"endpoints":[{"addresses":["10.0.0.1"]},{"addresses":["10.0.0.2","10.0.0.3"]},{"addresses":["10.0.0.4"]},{"addresses":["10.0.0.5"]}]}"#,
                ["web-x1", "IPv4", "80,metrics,* + 1 more...", "10.0.0.1,10.0.0.2,10.0.0.3 + 2 more...", "5m"]
            ),
            (
                "endpointslices",
                #"{"metadata":{"name":"web-x2"},"addressType":"IPv6","ports":[{"port":443}],"endpoints":[{"addresses":["fd00::1"]},{"addresses":["fd00::2"]},{"addresses":["fd00::3"]}]}"#,
                ["web-x2", "IPv6", "443", "fd00::1,fd00::2,fd00::3", "5m"]
            ),
            (
                "endpointslices", #"{"metadata":{"name":"idle"},"addressType":"FQDN","endpoints":[{"addresses":[]}]}"#,
                ["idle", "FQDN", "<unset>", "<unset>", "5m"]
            ),
            (
                "controllerrevisions",
                #"{"metadata":{"name":"fluentd-5d8f","ownerReferences":[{"apiVersion":"v1","kind":"Node","name":"n","uid":"1"},{"apiVersion":"apps/v1","kind":"DaemonSet","name":"fluentd","uid":"2","controller":true}]},"revision":3}"#,
                ["fluentd-5d8f", "daemonset.apps/fluentd", 3, "5m"]
            ),
            (
                "controllerrevisions",
                #"{"metadata":{"name":"rc-1","ownerReferences":[{"apiVersion":"v1","kind":"ReplicationController","name":"rc","uid":"1","controller":true}]},"revision":1}"#,
                ["rc-1", "replicationcontroller/rc", 1, "5m"]
            ),
            ("controllerrevisions", #"{"metadata":{"name":"orphan"},"revision":2}"#, ["orphan", "<none>", 2, "5m"]),
            (
                "csinodes",
                #"{"metadata":{"name":"node-1"},"spec":{"drivers":[{"name":"a.csi.io","nodeID":"n1"},{"name":"b.csi.io","nodeID":"n1"}]}}"#,
                ["node-1", 2, "5m"]
            ),
            ("csinodes", #"{"metadata":{"name":"node-2"},"spec":{"drivers":[]}}"#, ["node-2", 0, "5m"]),
            (
                "flowschemas",
                #"{"metadata":{"name":"system-leader-election"},"spec":{"priorityLevelConfiguration":{"name":"leader-election"},"matchingPrecedence":100,"distinguisherMethod":{"type":"ByUser"}},"status":{"conditions":[{"type":"Dangling","status":"False"}]}}"#,
                ["system-leader-election", "leader-election", 100, "ByUser", "5m", "False"]
            ),
            (
                "flowschemas",
                #"{"metadata":{"name":"exempt"},"spec":{"priorityLevelConfiguration":{"name":"exempt"},"matchingPrecedence":1}}"#,
                ["exempt", "exempt", 1, "<none>", "5m", "?"]
            ),
            (
                "prioritylevelconfigurations",
                #"{"metadata":{"name":"exempt"},"spec":{"type":"Exempt","exempt":{"nominalConcurrencyShares":0}}}"#,
                ["exempt", "Exempt", "<none>", "<none>", "<none>", "<none>", "5m"]
            ),
            (
                "prioritylevelconfigurations",
                #"{"metadata":{"name":"global-default"},"spec":{"type":"Limited","limited":{"nominalConcurrencyShares":20,"limitResponse":{"type":"Queue","queuing":{"queues":128,"handSize":6,"queueLengthLimit":50}}}}}"#,
                ["global-default", "Limited", 20, 128, 6, 50, "5m"]
            ),
            (
                "prioritylevelconfigurations",
                #"{"metadata":{"name":"catch-all"},"spec":{"type":"Limited","limited":{"nominalConcurrencyShares":5,"limitResponse":{"type":"Reject"}}}}"#,
                ["catch-all", "Limited", 5, "<none>", "<none>", "<none>", "5m"]
            ),
            (
                "certificatesigningrequests",
                #"{"metadata":{"name":"csr-x7k2p"},"spec":{"signerName":"kubernetes.io/kube-apiserver-client-kubelet","username":"system:node:node-1","request":"LS0t"}}"#,
                [
                    "csr-x7k2p", "5m", "kubernetes.io/kube-apiserver-client-kubelet", "system:node:node-1", "<none>",
                    "Pending",
                ]
            ),
            (
                "certificatesigningrequests",
                #"{"metadata":{"name":"alice"},"spec":{"signerName":"kubernetes.io/kube-apiserver-client","username":"admin","expirationSeconds":86400},"status":{"conditions":[{"type":"Approved","status":"True"}],"certificate":"LS0t"}}"#,
                ["alice", "5m", "kubernetes.io/kube-apiserver-client", "admin", "24h", "Approved,Issued"]
            ),
            (
                "certificatesigningrequests",
                #"{"metadata":{"name":"bob"},"spec":{"username":"admin","expirationSeconds":600},"status":{"conditions":[{"type":"Approved","status":"True"},{"type":"Denied","status":"True"},{"type":"Failed","status":"True"}]}}"#,
                ["bob", "5m", "<none>", "admin", "10m", "Denied,Failed"]
            ),
            (
                "apiservices",
                #"{"metadata":{"name":"v1.apps"},"spec":{"group":"apps","version":"v1"},"status":{"conditions":[{"type":"Available","status":"True","reason":"Local"}]}}"#,
                ["v1.apps", "Local", "True", "5m"]
            ),
            (
                "apiservices",
                #"{"metadata":{"name":"v1beta1.metrics.k8s.io"},"spec":{"service":{"namespace":"kube-system","name":"metrics-server","port":443}},"status":{"conditions":[{"type":"Available","status":"False","reason":"MissingEndpoints"}]}}"#,
                ["v1beta1.metrics.k8s.io", "kube-system/metrics-server", "False (MissingEndpoints)", "5m"]
            ),
            (
                "apiservices", #"{"metadata":{"name":"v1.example.com"},"spec":{"service":{"namespace":"x","name":"y"}}}"#,
                ["v1.example.com", "x/y", "Unknown", "5m"]
            ),
            ("roles", #"{"metadata":{"name":"reader"}}"#, ["reader", "2024-05-01T11:55:00Z"]),
            (
                "clusterroles", #"{"metadata":{"name":"admin","creationTimestamp":"2024-05-01T13:55:00+02:00"}}"#,
                ["admin", "2024-05-01T11:55:00Z"]
            ),
            ("limitranges", #"{"metadata":{"name":"limits"}}"#, ["limits", "2024-05-01T11:55:00Z"]),
            ("crd", #"{"metadata":{"name":"widgets.example.com"}}"#, ["widgets.example.com", "2024-05-01T11:55:00Z"]),
        ] as [(String, String, [JSONValue])])
    func computesCellsLikeKubeApiserver(typeName: String, json: String, expected: [JSONValue]) {
        #expect(Self.cells(typeName, json) == expected)
    }

    /// Every built-in type has as many cells as columns, even for an object with nothing but a name.
    @Test(arguments: BuiltinResources.all)
    func givesEveryBuiltinTypeOneCellPerColumn(type: ResourceType) {
        let columns = TableConverter.columns(for: type)
        let cells = TableConverter.cells(for: KubeObject(["metadata": ["name": "x"]]), type: type, now: Self.now)
        #expect(cells.count == columns.count)
        #expect(columns.contains { $0.name == "Name" && $0.format == "name" })
    }

    @Test(arguments: [
        ("pods", ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"]),
        ("deployments", ["Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector"]),
        ("services", ["Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector"]),
        (
            "nodes",
            [
                "Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version",
                "Container-Runtime",
            ]
        ),
        ("jobs", ["Name", "Status", "Completions", "Duration", "Age", "Containers", "Images", "Selector"]),
        (
            "cronjobs",
            [
                "Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images",
                "Selector",
            ]
        ),
        (
            "events",
            ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"]
        ),
        ("roles", ["Name", "Created At"]),
        ("priorityclasses", ["Name", "Value", "Global-Default", "Age", "PreemptionPolicy"]),
        ("endpointslices", ["Name", "AddressType", "Ports", "Endpoints", "Age"]),
        ("controllerrevisions", ["Name", "Controller", "Revision", "Age"]),
        ("csinodes", ["Name", "Drivers", "Age"]),
        ("flowschemas", ["Name", "PriorityLevel", "MatchingPrecedence", "DistinguisherMethod", "Age", "MissingPL"]),
        (
            "prioritylevelconfigurations",
            ["Name", "Type", "NominalConcurrencyShares", "Queues", "HandSize", "QueueLengthLimit", "Age"]
        ),
        (
            "certificatesigningrequests",
            ["Name", "Age", "SignerName", "Requestor", "RequestedDuration", "Condition"]
        ),
        ("apiservices", ["Name", "Service", "Available", "Age"]),
    ])
    func namesColumnsLikeKubeApiserver(typeName: String, names: [String]) {
        #expect(TableConverter.columns(for: Self.catalog.type(named: typeName)!).map(\.name) == names)
    }

    /// Column types and priorities, and descriptions kube-apiserver takes from other API versions' docs.
    @Test(arguments: [
        ("priorityclasses", ["string", "integer", "boolean", "string", "string"]),
        ("csinodes", ["string", "integer", "string"]),
        ("controllerrevisions", ["string", "string", "string", "string"]),
        ("flowschemas", ["string", "string", "string", "string", "string", "string"]),
    ])
    func typesColumnsLikeKubeApiserver(typeName: String, types: [String]) {
        let columns = TableConverter.columns(for: Self.catalog.type(named: typeName)!)
        #expect(columns.map(\.type) == types)
        #expect(columns.allSatisfy { $0.priority == 0 })
    }

    @Test func describesColumnsWithTheDocsKubeApiserverUses() {
        func description(_ typeName: String, _ column: String) -> String? {
            TableConverter.columns(for: Self.catalog.type(named: typeName)!).first { $0.name == column }?.description
        }
        #expect(description("certificatesigningrequests", "Requestor") == "Base64-encoded PKCS#10 CSR data")
        #expect(
            description("controllerrevisions", "Revision")
                == "revision indicates the revision of the state represented by Data.")
        #expect(description("apiservices", "Service") == "The reference to the service that hosts this API endpoint.")
        #expect(description("csinodes", "Age") == APIFieldDocs.objectMetaCreationTimestamp)
    }

    @Test func listsFlowSchemasByPrecedenceThenName() {
        let schemas = [("global-default", 9900), ("probes", 2), ("exempt", 1), ("catch-all", 10000), ("b", 2)].map {
            Self.object(#"{"metadata":{"name":"\#($0.0)"},"spec":{"matchingPrecedence":\#($0.1)}}"#)
        }
        let table = TableConverter.table(
            for: schemas, type: Self.catalog.type(named: "flowschemas")!, resourceVersion: "1", now: Self.now)
        let names = table["rows"]?.arrayValue?.compactMap { $0["cells"]?.arrayValue?.first?.stringValue }
        #expect(names == ["exempt", "b", "probes", "global-default", "catch-all"])
    }

    // MARK: - The Table document

    @Test func servesATableWithPartialObjectMetadataRows() throws {
        let type = try #require(Self.catalog.type(named: "secrets"))
        let secret = Self.object(
            #"{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s","namespace":"default","labels":{"a":"b"}},"type":"Opaque","data":{"k":"dg=="}}"#
        )
        let table = TableConverter.table(for: [secret], type: type, resourceVersion: "123", now: Self.now)
        let name = APIFieldDocs.objectMetaName
        let created = APIFieldDocs.objectMetaCreationTimestamp
        #expect(name.hasPrefix("Name must be unique within a namespace."))
        #expect(created.hasPrefix("CreationTimestamp is a timestamp representing the server time"))
        let expected: JSONValue = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": "123"],
            "columnDefinitions": [
                ["name": "Name", "type": "string", "format": "name", "description": .string(name), "priority": 0],
                [
                    "name": "Type", "type": "string", "format": "",
                    "description":
                        "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types",
                    "priority": 0,
                ],
                [
                    "name": "Data", "type": "string", "format": "",
                    "description":
                        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
                    "priority": 0,
                ],
                ["name": "Age", "type": "string", "format": "", "description": .string(created), "priority": 0],
            ],
            "rows": [
                [
                    "cells": ["s", "Opaque", 1, "5m"],
                    "object": [
                        "kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1",
                        "metadata": [
                            "name": "s", "namespace": "default", "labels": ["a": "b"],
                            "creationTimestamp": "2024-05-01T11:55:00Z",
                        ],
                    ],
                ]
            ],
        ]
        #expect(table == expected)
    }

    @Test func includesWholeObjectsOrNoneWhenAsked() throws {
        let type = try #require(Self.catalog.type(named: "cm"))
        let configMap = Self.object(#"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}"#)
        let full = TableConverter.table(
            for: [configMap], type: type, resourceVersion: "1", includeObject: .object, now: Self.now)
        #expect(full["rows"]?.arrayValue?.first?["object"] == configMap.json)
        let bare = TableConverter.table(
            for: [configMap], type: type, resourceVersion: "", includeObject: .none, now: Self.now)
        #expect(bare["rows"]?.arrayValue?.first?["object"] == .null)
        #expect(bare["metadata"] == [:])
    }

    @Test func servesEmptyListsAsKubeApiserverDoes() throws {
        let pods = TableConverter.table(
            for: [], type: try #require(Self.catalog.type(named: "pods")), resourceVersion: "5", now: Self.now)
        #expect(pods["rows"] == [])
        let roles = TableConverter.table(
            for: [], type: try #require(Self.catalog.type(named: "roles")), resourceVersion: "5", now: Self.now)
        #expect(roles["rows"] == .null)
        #expect(roles["columnDefinitions"]?.arrayValue?.map { $0["type"] } == ["string", "date"])
    }

    // MARK: - Custom resources

    static let widgetDefinition = try! JSONValue.parse(
        json: Data(
            #"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"widgets","kind":"Widget"},
              "versions":[
               {"name":"v1","served":true,"storage":true,"additionalPrinterColumns":[
                 {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
                 {"name":"Size","type":"string","jsonPath":".spec.size","description":"How big"},
                 {"name":"Labels","type":"string","jsonPath":".metadata.labels","priority":1},
                 {"name":"Ratio","type":"number","jsonPath":".spec.ratio"},
                 {"name":"On","type":"boolean","jsonPath":".spec.on"},
                 {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]},
               {"name":"v0","served":true,"storage":false}]}}
            """#.utf8))

    @Test func printsCustomResourcesWithTheirDeclaredColumns() throws {
        let type = try #require(ResourceCatalog.resourceType(fromDefinition: Self.widgetDefinition))
        let columns = CustomResourceColumn.columns(fromDefinition: Self.widgetDefinition, version: "v1")
        #expect(
            TableConverter.columns(for: type, printerColumns: columns).map(\.json) == [
                TableColumn.nameColumn.json,
                [
                    "name": "Replicas", "type": "integer", "format": "",
                    "description": "Custom resource definition column (in JSONPath format): .spec.replicas",
                    "priority": 0,
                ],
                ["name": "Size", "type": "string", "format": "", "description": "How big", "priority": 0],
                [
                    "name": "Labels", "type": "string", "format": "",
                    "description": "Custom resource definition column (in JSONPath format): .metadata.labels",
                    "priority": 1,
                ],
                [
                    "name": "Ratio", "type": "number", "format": "",
                    "description": "Custom resource definition column (in JSONPath format): .spec.ratio", "priority": 0,
                ],
                [
                    "name": "On", "type": "boolean", "format": "",
                    "description": "Custom resource definition column (in JSONPath format): .spec.on", "priority": 0,
                ],
                [
                    "name": "Age", "type": "date", "format": "",
                    "description":
                        "Custom resource definition column (in JSONPath format): .metadata.creationTimestamp",
                    "priority": 0,
                ],
            ])
        let widget = Self.object(
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","labels":{"a":"b"}},"spec":{"replicas":3,"size":"L","ratio":2,"on":true}}"#
        )
        #expect(
            TableConverter.cells(for: widget, type: type, printerColumns: columns, now: Self.now) == [
                "w", 3, "L", #"{"a":"b"}"#, 2.0, true, "5m",
            ])
        let bare = Self.object(
            #"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"b"},"spec":{"replicas":"many","size":null}}"#
        )
        #expect(
            TableConverter.cells(for: bare, type: type, printerColumns: columns, now: Self.now) == [
                "b", .null, "<no value>", .null, .null, .null, "5m",
            ])
    }

    @Test func givesCustomResourcesWithoutColumnsAnAge() throws {
        let type = try #require(ResourceCatalog.resourceType(fromDefinition: Self.widgetDefinition))
        let columns = CustomResourceColumn.columns(fromDefinition: Self.widgetDefinition, version: "v0")
        #expect(columns == CustomResourceColumn.defaultColumns)
        #expect(TableConverter.columns(for: type).map(\.name) == ["Name", "Age"])
        #expect(TableConverter.columns(for: type).last?.type == "date")
        let widget = Self.object(#"{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"}}"#)
        #expect(TableConverter.cells(for: widget, type: type, now: Self.now) == ["w", "5m"])
    }
}
