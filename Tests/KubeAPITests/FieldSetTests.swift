import Foundation
import Testing

import KubeAPI

/// The fields server-side apply records for an object, as kube-apiserver 1.32's structured-merge-diff finds them
/// with the types' `+listType`, `+mapType` and `+structType` markers.
struct FieldSetTests {
    static let deployment: JSONValue = [
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": ["name": "web", "labels": ["app": "web"]],
        "spec": [
            "selector": ["matchLabels": ["app": "web"]],
            "template": [
                "metadata": ["labels": ["app": "web"], "creationTimestamp": .null],
                "spec": [
                    "nodeSelector": ["disk": "ssd"],
                    "imagePullSecrets": [["name": "reg"]],
                    "containers": [[
                        "name": "nginx", "image": "nginx:1.27", "ports": [["containerPort": 80, "protocol": "TCP"]],
                        "env": [["name": "A", "valueFrom": ["configMapKeyRef": ["name": "cm", "key": "a"]]]],
                        "resources": ["limits": ["cpu": "100m"]],
                    ]],
                ],
            ],
        ],
    ]

    static func paths(_ object: JSONValue) -> Set<String> {
        Set(FieldSet(of: object).paths.map { $0.joined(separator: " ") })
    }

    @Test func atomicStructsAndMapsAreOneLeaf() {
        let paths = Self.paths(Self.deployment)
        // LabelSelector (+structType=atomic), PodSpec.nodeSelector (+mapType=atomic), ConfigMapKeySelector.
        #expect(paths.contains("f:spec f:selector"))
        #expect(paths.contains("f:spec f:template f:spec f:nodeSelector"))
        #expect(paths.contains(#"f:spec f:template f:spec f:containers k:{"name":"nginx"} f:env k:{"name":"A"} f:valueFrom f:configMapKeyRef"#))
        // imagePullSecrets is a map list of LocalObjectReference, an atomic struct: the item is the leaf.
        #expect(paths.contains(#"f:spec f:template f:spec f:imagePullSecrets k:{"name":"reg"}"#))
        #expect(!paths.contains { $0.hasPrefix(#"f:spec f:template f:spec f:imagePullSecrets k:{"name":"reg"} "#) })
        #expect(!paths.contains { $0.hasPrefix("f:spec f:selector ") || $0.hasPrefix("f:spec f:template f:spec f:nodeSelector ") })
    }

    @Test func granularMapsAndKeyedListsOwnTheirEntries() {
        let paths = Self.paths(Self.deployment)
        #expect(paths.isSuperset(of: [
            "f:metadata f:labels .", "f:metadata f:labels f:app",
            #"f:spec f:template f:spec f:containers k:{"name":"nginx"} ."#,
            #"f:spec f:template f:spec f:containers k:{"name":"nginx"} f:ports k:{"containerPort":80,"protocol":"TCP"} ."#,
            #"f:spec f:template f:spec f:containers k:{"name":"nginx"} f:ports k:{"containerPort":80,"protocol":"TCP"} f:containerPort"#,
            #"f:spec f:template f:spec f:containers k:{"name":"nginx"} f:resources f:limits ."#,
            #"f:spec f:template f:spec f:containers k:{"name":"nginx"} f:resources f:limits f:cpu"#,
        ]))
        // A null is no value (Go's `creationTimestamp: null` in a template).
        #expect(!paths.contains("f:spec f:template f:metadata f:creationTimestamp"))
    }

    @Test func serviceSelectorIsAtomicAndPortsAreKeyedByPortAndProtocol() {
        let service: JSONValue = [
            "apiVersion": "v1", "kind": "Service", "metadata": ["name": "web"],
            "spec": ["selector": ["app": "web"], "ports": [["port": 80, "protocol": "TCP", "targetPort": 8080]]],
        ]
        let paths = Self.paths(service)
        #expect(paths.contains("f:spec f:selector"))
        #expect(!paths.contains("f:spec f:selector ."))
        #expect(paths.contains(#"f:spec f:ports k:{"port":80,"protocol":"TCP"} f:targetPort"#))
    }

    @Test func ownerReferencesAreKeyedByUIDAndFinalizersAreASet() {
        let pod: JSONValue = [
            "apiVersion": "v1", "kind": "Pod",
            "metadata": [
                "name": "p", "finalizers": ["example.com/x"],
                "ownerReferences": [["apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "u1"]],
            ],
            "spec": ["containers": [["name": "c", "image": "i"]]],
        ]
        let paths = Self.paths(pod)
        #expect(paths.contains(#"f:metadata f:finalizers v:"example.com/x""#))
        #expect(paths.contains(#"f:metadata f:ownerReferences k:{"uid":"u1"}"#))
        #expect(!paths.contains(#"f:metadata f:ownerReferences k:{"uid":"u1"} ."#))
    }

    @Test func customResourcesFallBackToFieldNames() {
        let custom: JSONValue = [
            "apiVersion": "example.com/v1", "kind": "Backup", "metadata": ["name": "b", "labels": ["a": "b"]],
            "spec": ["containers": [["name": "x", "image": "y"]], "schedule": "@daily"],
        ]
        let paths = Self.paths(custom)
        #expect(paths.isSuperset(of: [
            "f:metadata f:labels .", "f:spec f:schedule", #"f:spec f:containers k:{"name":"x"} f:image"#,
        ]))
    }
}
