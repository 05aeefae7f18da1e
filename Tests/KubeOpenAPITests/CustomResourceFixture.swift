import KubeAPI

/// The CronTab of Kubernetes' CRD documentation ("Extend the Kubernetes API with CustomResourceDefinitions").
enum CustomResourceFixture {
    static func cronTab(scale: Bool = false, preserveUnknownFields: Bool = false) -> JSONValue {
        var spec: JSONValue = [
            "type": "object",
            "description": "CronTabSpec is the desired state of a CronTab.",
            "properties": [
                "cronSpec": ["type": "string", "description": "The cron schedule.", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$"],
                "image": ["type": "string"],
                "replicas": ["type": "integer", "minimum": 1, "maximum": 10, "nullable": true],
            ],
        ]
        if preserveUnknownFields { spec["x-kubernetes-preserve-unknown-fields"] = true }
        var subresources: JSONValue = ["status": .emptyObject]
        if scale {
            subresources["scale"] = ["specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"]
        }
        return [
            "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": ["name": "crontabs.stable.example.com"],
            "spec": [
                "group": "stable.example.com", "scope": "Namespaced",
                "names": ["plural": "crontabs", "singular": "crontab", "kind": "CronTab", "shortNames": ["ct"]],
                "versions": [[
                    "name": "v1", "served": true, "storage": true, "subresources": subresources,
                    "schema": ["openAPIV3Schema": ["type": "object", "properties": ["spec": spec]]],
                ]],
            ],
        ]
    }

    static func catalog(_ definitions: JSONValue...) -> ResourceCatalog {
        let catalog = ResourceCatalog()
        for definition in definitions { catalog.register(definition: definition) }
        return catalog
    }
}
