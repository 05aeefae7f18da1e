import Testing

@testable import KubeAPI

/// Pod specs: containers, ports, environment, volumes, mounts, resources and policies.
struct ValidationPodTests {
    static func pod(_ containers: [JSONValue], _ extra: [String: JSONValue] = [:]) -> JSONValue {
        var spec: [String: JSONValue] = ["containers": .array(containers)]
        spec.merge(extra) { _, new in new }
        return Fixtures.pod(spec: .object(spec))
    }

    static func container(_ fields: [String: JSONValue]) -> JSONValue {
        var container = Fixtures.container.objectValue!
        container.merge(fields) { _, new in new }
        return .object(container)
    }

    static let cases: [ValidationCase] = [
        ValidationCase("a valid pod passes", "Pod", Fixtures.pod(), []),
        ValidationCase("containers are required", "Pod", pod([]), ["spec.containers: Required value"]),
        ValidationCase(
            "a container needs an image", "Pod", pod([["name": "web"]]), ["spec.containers[0].image: Required value"]),
        ValidationCase(
            "container names are DNS-1123 labels", "Pod", pod([container(["name": "Web"])]),
            ["spec.containers[0].name: Invalid value: \"Web\": \(Message.label)"]),
        ValidationCase(
            "container names are unique", "Pod", pod([Fixtures.container, Fixtures.container]),
            ["spec.containers[1].name: Duplicate value: \"web\""]),
        ValidationCase(
            "init container names differ from container names", "Pod", pod([Fixtures.container], ["initContainers": [Fixtures.container]]),
            ["spec.initContainers[0].name: Duplicate value: \"web\""]),
        ValidationCase(
            "images have no surrounding spaces", "Pod", pod([container(["image": "nginx "])]),
            ["spec.containers[0].image: Invalid value: \"nginx \": must not have leading or trailing whitespace"]),
        ValidationCase(
            "container ports are 1-65535", "Pod", pod([container(["ports": [["containerPort": 70000]]])]),
            ["spec.containers[0].ports[0].containerPort: Invalid value: 70000: \(Message.portRange)"]),
        ValidationCase(
            "a container port is required", "Pod", pod([container(["ports": [["name": "http"]]])]),
            ["spec.containers[0].ports[0].containerPort: Required value"]),
        ValidationCase(
            "port protocols are TCP, UDP or SCTP", "Pod", pod([container(["ports": [["containerPort": 80, "protocol": "HTTP"]]])]),
            ["spec.containers[0].ports[0].protocol: Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\""]),
        ValidationCase(
            "port names are IANA service names", "Pod", pod([container(["ports": [["containerPort": 80, "name": "web_port"]]])]),
            ["spec.containers[0].ports[0].name: Invalid value: \"web_port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"]),
        ValidationCase(
            "host ports are unique", "Pod",
            pod([container(["ports": [["containerPort": 80, "hostPort": 8080]]]), container(["name": "b", "ports": [["containerPort": 81, "hostPort": 8080]]])]),
            ["spec.containers[1].ports[0].hostPort: Duplicate value: \"TCP//8080\""]),
        ValidationCase(
            "restartPolicy is an enumeration", "Pod", pod([Fixtures.container], ["restartPolicy": "Sometimes"]),
            ["spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\""]),
        ValidationCase(
            "dnsPolicy is an enumeration", "Pod", pod([Fixtures.container], ["dnsPolicy": "Custom"]),
            ["spec.dnsPolicy: Unsupported value: \"Custom\": supported values: \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\""]),
        ValidationCase(
            "dnsPolicy None needs a dnsConfig", "Pod", pod([Fixtures.container], ["dnsPolicy": "None"]),
            ["spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None"]),
        ValidationCase(
            "env names are printable ASCII without '='", "Pod", pod([container(["env": [["name": "A=B", "value": "1"]]])]),
            [
                "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='"
            ]),
        ValidationCase(
            "env valueFrom needs a source", "Pod", pod([container(["env": [["name": "A", "valueFrom": .emptyObject]]])]),
            [
                "spec.containers[0].env[0].valueFrom: Invalid value: \"\": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`"
            ]),
        ValidationCase(
            "env field references name supported fields", "Pod",
            pod([container(["env": [["name": "A", "valueFrom": ["fieldRef": ["fieldPath": "spec.restartPolicy"]]]]])]),
            [
                "spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Unsupported value: \"spec.restartPolicy\": supported values: \"metadata.name\", \"metadata.namespace\", \"metadata.uid\", \"spec.nodeName\", \"spec.serviceAccountName\", \"status.hostIP\", \"status.hostIPs\", \"status.podIP\", \"status.podIPs\""
            ]),
        ValidationCase(
            "volume names are unique", "Pod",
            pod([Fixtures.container], ["volumes": [["name": "data", "emptyDir": .emptyObject], ["name": "data", "emptyDir": .emptyObject]]]),
            ["spec.volumes[1].name: Duplicate value: \"data\""]),
        ValidationCase(
            "a volume has one source", "Pod",
            pod([Fixtures.container], ["volumes": [["name": "data", "emptyDir": .emptyObject, "hostPath": ["path": "/tmp"]]]]),
            ["spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type"]),
        ValidationCase(
            "volume names are DNS-1123 labels", "Pod", pod([Fixtures.container], ["volumes": [["name": "Data", "emptyDir": .emptyObject]]]),
            ["spec.volumes[0].name: Invalid value: \"Data\": \(Message.label)"]),
        ValidationCase(
            "a secret volume names its secret", "Pod", pod([Fixtures.container], ["volumes": [["name": "certs", "secret": .emptyObject]]]),
            ["spec.volumes[0].secret.secretName: Required value"]),
        ValidationCase(
            "volume mounts refer to volumes", "Pod", pod([container(["volumeMounts": [["name": "missing", "mountPath": "/data"]]])]),
            ["spec.containers[0].volumeMounts[0].name: Not found: \"missing\""]),
        ValidationCase(
            "mount paths are unique", "Pod",
            pod(
                [container(["volumeMounts": [["name": "data", "mountPath": "/data"], ["name": "data", "mountPath": "/data"]]])],
                ["volumes": [["name": "data", "emptyDir": .emptyObject]]]),
            ["spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/data\": must be unique"]),
        ValidationCase(
            "requests may not exceed limits", "Pod", pod([container(["resources": ["limits": ["cpu": "500m"], "requests": ["cpu": "1"]]])]),
            ["spec.containers[0].resources.requests: Invalid value: \"1\": must be less than or equal to cpu limit of 500m"]),
        ValidationCase(
            "requests and limits are compared as quantities", "Pod",
            pod([container(["resources": ["limits": ["memory": "1Gi"], "requests": ["memory": "1024Mi"]]])]), []),
        ValidationCase(
            "container resources are standard or qualified", "Pod", pod([container(["resources": ["limits": ["gpu": "1"]]])]),
            [
                "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
                "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
                "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource type or fully qualified",
                "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a standard resource for containers",
            ]),
        ValidationCase(
            "extended resources are not overcommitted", "Pod",
            pod([container(["resources": ["limits": ["example.com/gpu": "2"], "requests": ["example.com/gpu": "1"]]])]),
            ["spec.containers[0].resources.requests: Invalid value: \"1\": must be equal to example.com/gpu limit of 2"]),
        ValidationCase(
            "liveness probes succeed once", "Pod",
            pod([container(["livenessProbe": ["tcpSocket": ["port": 80], "successThreshold": 2]])]),
            ["spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1"]),
        ValidationCase(
            "probes need a handler", "Pod", pod([container(["readinessProbe": ["periodSeconds": 5]])]),
            ["spec.containers[0].readinessProbe: Required value: must specify a handler type"]),
        ValidationCase(
            "tolerations without a key use Exists", "Pod", pod([Fixtures.container], ["tolerations": [["operator": "Equal", "value": "x"]]]),
            [
                "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\""
            ]),
        ValidationCase(
            "node selectors are labels", "Pod", pod([Fixtures.container], ["nodeSelector": ["disk": "fast ssd"]]),
            ["spec.nodeSelector: Invalid value: \"fast ssd\": \(Message.labelValue)"]),
        ValidationCase(
            "serviceAccountName is a DNS-1123 subdomain", "Pod", pod([Fixtures.container], ["serviceAccountName": "Builder"]),
            ["spec.serviceAccountName: Invalid value: \"Builder\": \(Message.subdomain)"]),
        ValidationCase(
            "activeDeadlineSeconds is positive", "Pod", pod([Fixtures.container], ["activeDeadlineSeconds": 0]),
            ["spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive"]),
        ValidationCase(
            "the deletion cost annotation is an int32", "Pod",
            Fixtures.with(Fixtures.pod(), ["metadata", "annotations"], ["controller.kubernetes.io/pod-deletion-cost": "high"]),
            ["metadata.annotations[controller.kubernetes.io/pod-deletion-cost]: Invalid value: \"high\": must be a 32bit integer"]),
        ValidationCase(
            "ephemeral containers are not set on create", "Pod",
            pod([Fixtures.container], ["ephemeralContainers": [["name": "debug", "image": "busybox"]]]),
            ["spec.ephemeralContainers: Forbidden: cannot be set on create"]),
    ]

    @Test(arguments: cases)
    func podRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }
}
