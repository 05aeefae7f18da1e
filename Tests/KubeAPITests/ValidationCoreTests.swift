import Testing

@testable import KubeAPI

/// ConfigMaps, Secrets, Namespaces, Nodes, volumes and claims, LimitRanges, quotas, Events and ServiceAccounts.
struct ValidationCoreTests {
    static func secret(_ type: String, _ data: JSONValue = .emptyObject, annotations: JSONValue? = nil) -> JSONValue {
        var secret = Fixtures.object("Secret", "v1", name: "creds", ["type": .string(type), "data": data])
        if let annotations { secret[["metadata", "annotations"]] = annotations }
        return secret
    }

    static let volume: [String: JSONValue] = ["capacity": ["storage": "1Gi"], "accessModes": ["ReadWriteOnce"], "hostPath": ["path": "/data"]]

    static let cases: [ValidationCase] = [
        ValidationCase(
            "configmap keys use the config key charset", "ConfigMap", Fixtures.object("ConfigMap", "v1", ["data": ["bad key": "x"]]),
            ["data[bad key]: Invalid value: \"bad key\": \(Message.configKey)"]),
        ValidationCase(
            "configmap keys are not '..'", "ConfigMap", Fixtures.object("ConfigMap", "v1", ["data": ["..": "x"]]),
            ["data[..]: Invalid value: \"..\": must not be '..'"]),
        ValidationCase(
            "a key is in data or binaryData", "ConfigMap", Fixtures.object("ConfigMap", "v1", ["data": ["a": "x"], "binaryData": ["a": "eA=="]]),
            ["data[a]: Invalid value: \"a\": duplicate of key present in binaryData"]),
        ValidationCase(
            "TLS secrets hold a certificate and a key", "Secret", secret("kubernetes.io/tls"),
            ["data[tls.crt]: Required value", "data[tls.key]: Required value"]),
        ValidationCase(
            "dockerconfigjson secrets hold .dockerconfigjson", "Secret", secret("kubernetes.io/dockerconfigjson"),
            ["data[.dockerconfigjson]: Required value"]),
        ValidationCase(
            "basic-auth secrets hold a username or password", "Secret", secret("kubernetes.io/basic-auth"),
            ["data[username]: Required value", "data[password]: Required value"]),
        ValidationCase(
            "service account token secrets name the account", "Secret", secret("kubernetes.io/service-account-token"),
            ["metadata.annotations[kubernetes.io/service-account.name]: Required value"]),
        ValidationCase("opaque secrets hold anything", "Secret", secret("Opaque", ["any.key": "eA=="]), []),
        ValidationCase(
            "secret keys use the config key charset", "Secret", secret("Opaque", ["a/b": "eA=="]),
            ["data[a/b]: Invalid value: \"a/b\": \(Message.configKey)"]),
        ValidationCase(
            "namespace names are DNS-1123 labels", "Namespace", Fixtures.object("Namespace", "v1", name: "Team-A", namespace: nil),
            ["metadata.name: Invalid value: \"Team-A\": \(Message.label)"]),
        ValidationCase(
            "namespace spec finalizers are standard or qualified", "Namespace",
            Fixtures.object("Namespace", "v1", name: "team-a", namespace: nil, ["spec": ["finalizers": ["foo"]]]),
            ["spec.finalizers: Invalid value: \"foo\": name is neither a standard finalizer name nor is it fully qualified"]),
        ValidationCase(
            "node names are DNS-1123 subdomains", "Node", Fixtures.object("Node", "v1", name: "Node_1", namespace: nil),
            ["metadata.name: Invalid value: \"Node_1\": \(Message.subdomain)"]),
        ValidationCase(
            "service account names are DNS-1123 subdomains", "ServiceAccount", Fixtures.object("ServiceAccount", "v1", name: "Builder"),
            ["metadata.name: Invalid value: \"Builder\": \(Message.subdomain)"]),
        ValidationCase("a valid persistent volume passes", "PersistentVolume",
            Fixtures.object("PersistentVolume", "v1", name: "pv1", namespace: nil, ["spec": .object(volume)]), []),
        ValidationCase(
            "a persistent volume has a source", "PersistentVolume",
            Fixtures.object("PersistentVolume", "v1", name: "pv1", namespace: nil, ["spec": ["capacity": ["storage": "1Gi"], "accessModes": ["ReadWriteOnce"]]]),
            ["spec: Required value: must specify a volume type"]),
        ValidationCase(
            "a persistent volume has access modes and a storage capacity", "PersistentVolume",
            Fixtures.object("PersistentVolume", "v1", name: "pv1", namespace: nil, ["spec": ["hostPath": ["path": "/data"]]]),
            [
                "spec.accessModes: Required value", "spec.capacity: Required value",
                "spec.capacity: Unsupported value: core.ResourceList(nil): supported values: \"storage\"",
            ]),
        ValidationCase(
            "a claim has access modes and a storage request", "PersistentVolumeClaim",
            Fixtures.object("PersistentVolumeClaim", "v1", name: "data", ["spec": .emptyObject]),
            ["spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value"]),
        ValidationCase(
            "access modes are an enumeration", "PersistentVolumeClaim",
            Fixtures.object(
                "PersistentVolumeClaim", "v1", name: "data",
                ["spec": ["accessModes": ["ReadWriteSometimes"], "resources": ["requests": ["storage": "1Gi"]]]]),
            [
                "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\""
            ]),
        ValidationCase(
            "a claim's storage request is positive", "PersistentVolumeClaim",
            Fixtures.object(
                "PersistentVolumeClaim", "v1", name: "data", ["spec": ["accessModes": ["ReadWriteOnce"], "resources": ["requests": ["storage": "0"]]]]),
            ["spec.resources[storage]: Invalid value: \"0\": must be greater than zero"]),
        ValidationCase(
            "limit types are standard or qualified", "LimitRange",
            Fixtures.object("LimitRange", "v1", name: "limits", ["spec": ["limits": [["type": "Node", "max": ["cpu": "2"]]]]]),
            ["spec.limits[0].type: Invalid value: \"Node\": must be a standard limit type or fully qualified"]),
        ValidationCase(
            "pod limits take no defaults", "LimitRange",
            Fixtures.object("LimitRange", "v1", name: "limits", ["spec": ["limits": [["type": "Pod", "default": ["cpu": "1"]]]]]),
            ["spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'"]),
        ValidationCase(
            "quota resources are standard for quota", "ResourceQuota",
            Fixtures.object("ResourceQuota", "v1", name: "quota", ["spec": ["hard": ["foo": "1"]]]),
            [
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified",
                "spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota",
            ]),
        ValidationCase(
            "event namespaces match their object's", "Event",
            Fixtures.object("Event", "v1", name: "web.1", ["involvedObject": ["kind": "Pod", "name": "web", "namespace": "other"], "reason": "Started"]),
            ["involvedObject.namespace: Invalid value: \"other\": does not match event.namespace"]),
    ]

    @Test(arguments: cases)
    func coreRule(_ row: ValidationCase) {
        #expect(Fixtures.createErrors(row.object, row.type) == row.expected)
    }
}
