import Testing

@testable import KubeAPI

/// Expected texts are what the real kubectl 1.32 printed for the same Table served from a fake API server.
@Suite struct OutputHumanReadablePrinterTests {
    static func column(_ name: String, _ type: String = "string", format: String = "", priority: Int64 = 0) -> JSONValue
    {
        [
            "name": .string(name), "type": .string(type), "format": .string(format), "description": "d",
            "priority": .int(priority),
        ]
    }

    static func row(_ cells: [JSONValue], name: String, namespace: String = "default", labels: JSONValue? = nil)
        -> JSONValue
    {
        var metadata: JSONValue = ["name": .string(name), "namespace": .string(namespace)]
        if let labels { metadata["labels"] = labels }
        return [
            "cells": .array(cells),
            "object": ["kind": "PartialObjectMetadata", "apiVersion": "meta.k8s.io/v1", "metadata": metadata],
        ]
    }

    static let podTable: JSONValue = [
        "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": ["resourceVersion": "42"],
        "columnDefinitions": [
            column("Name", format: "name"), column("Ready"), column("Status"), column("Restarts"), column("Age"),
            column("IP", priority: 1), column("Node", priority: 1), column("Nominated Node", priority: 1),
            column("Readiness Gates", priority: 1),
        ],
        "rows": [
            row(
                ["web", "1/1", "Running", "0", "5m", "10.0.0.1", "node-1", "<none>", "<none>"], name: "web",
                labels: ["app": "web", "tier": "fe"]),
            row(
                [
                    "a-very-long-pod-name-here", "0/2", "CrashLoopBackOff", "3 (5m ago)", "119s", "<none>", "<none>",
                    "<none>", "<none>",
                ],
                name: "a-very-long-pod-name-here", namespace: "kube-system"),
            row(["x", "0/1", "Pending", "0", "2d3h", "<none>", "<none>", "<none>", "<none>"], name: "x"),
        ],
    ]

    typealias Options = HumanReadablePrinter.Options

    @Test(arguments: [
        (
            Options(),
            [
                "NAME                        READY   STATUS             RESTARTS     AGE",
                "web                         1/1     Running            0            5m",
                "a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s",
                "x                           0/1     Pending            0            2d3h",
            ]
        ),
        (
            Options(wide: true),
            [
                "NAME                        READY   STATUS             RESTARTS     AGE    IP         NODE     NOMINATED NODE   READINESS GATES",
                "web                         1/1     Running            0            5m     10.0.0.1   node-1   <none>           <none>",
                "a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s   <none>     <none>   <none>           <none>",
                "x                           0/1     Pending            0            2d3h   <none>     <none>   <none>           <none>",
            ]
        ),
        (
            Options(showLabels: true, withNamespace: true),
            [
                "NAMESPACE     NAME                        READY   STATUS             RESTARTS     AGE    LABELS",
                "default       web                         1/1     Running            0            5m     app=web,tier=fe",
                "kube-system   a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s   <none>",
                "default       x                           0/1     Pending            0            2d3h   <none>",
            ]
        ),
        (
            Options(noHeaders: true),
            [
                "web                         1/1   Running            0            5m",
                "a-very-long-pod-name-here   0/2   CrashLoopBackOff   3 (5m ago)   119s",
                "x                           0/1   Pending            0            2d3h",
            ]
        ),
        (
            Options(showLabels: true, labelColumns: ["app", "example.com/tier"]),
            [
                "NAME                        READY   STATUS             RESTARTS     AGE    APP   TIER   LABELS",
                "web                         1/1     Running            0            5m     web          app=web,tier=fe",
                "a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s                <none>",
                "x                           0/1     Pending            0            2d3h                <none>",
            ]
        ),
        (
            Options(wide: true, withNamespace: true, labelColumns: ["app"]),
            [
                "NAMESPACE     NAME                        READY   STATUS             RESTARTS     AGE    IP         NODE     NOMINATED NODE   READINESS GATES   APP",
                "default       web                         1/1     Running            0            5m     10.0.0.1   node-1   <none>           <none>            web",
                "kube-system   a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s   <none>     <none>   <none>           <none>            ",
                "default       x                           0/1     Pending            0            2d3h   <none>     <none>   <none>           <none>            ",
            ]
        ),
        (
            Options(kindPrefix: "pod"),
            [
                "NAME                            READY   STATUS             RESTARTS     AGE",
                "pod/web                         1/1     Running            0            5m",
                "pod/a-very-long-pod-name-here   0/2     CrashLoopBackOff   3 (5m ago)   119s",
                "pod/x                           0/1     Pending            0            2d3h",
            ]
        ),
    ])
    func printsPodTableLikeKubectl(options: Options, lines: [String]) {
        let printer = HumanReadablePrinter(options: options)
        #expect(printer.print(table: Self.podTable) == lines.joined(separator: "\n") + "\n")
    }

    @Test func printsNonStringCellsAsGoDoes() {
        let table: JSONValue = [
            "kind": "Table", "apiVersion": "meta.k8s.io/v1", "metadata": [:],
            "columnDefinitions": [
                Self.column("Name", format: "name"), Self.column("Int", "integer"), Self.column("Bool", "boolean"),
                Self.column("Nil"), Self.column("Float", "number"), Self.column("Text"), Self.column("Last"),
            ],
            "rows": [
                Self.row(["a", 3, true, .null, 2.5, "line1\nline2", "é"], name: "a"),
                Self.row(["bb", 1_000_000, false, .null, 1e6, "tab\there", "x\u{1B}y\rz"], name: "bb"),
                Self.row(["ccc", -1, false, "s", 0.00001, "日本語", ""], name: "ccc"),
            ],
        ]
        let expected = [
            "NAME   INT       BOOL    NIL   FLOAT   TEXT       LAST",
            "a      3         true          2.5     line1...   é",
            "bb     1000000   false         1e+06   tab        here   x^[y...",
            "ccc    -1        false   s     1e-05   日本語        ",
        ]
        #expect(HumanReadablePrinter().print(table: table) == expected.joined(separator: "\n") + "\n")
    }

    @Test func printsNothingForATableWithoutRows() {
        var table = Self.podTable
        table["rows"] = []
        #expect(HumanReadablePrinter().print(table: table) == "")
        table["rows"] = .null
        #expect(HumanReadablePrinter(options: Options(noHeaders: true)).print(table: table) == "")
    }

    @Test func leavesAddedCellsEmptyForRowsWithoutMetadata() {
        var table = Self.podTable
        table["rows"] = [["cells": ["web", "1/1", "Running", "0", "5m"]]]
        let text = HumanReadablePrinter(options: Options(showLabels: true, withNamespace: true)).print(table: table)
        #expect(
            text
                == "NAMESPACE   NAME   READY   STATUS    RESTARTS   AGE   LABELS\n            web    1/1     Running   0          5m    \n"
        )
    }

    @Test func alignsTheServersOwnTable() throws {
        let type = try #require(ResourceCatalog().type(named: "deploy"))
        let now = try #require(RFC3339Timestamp.date(from: "2024-05-01T12:00:00Z"))
        let deployment = KubeObject([
            "apiVersion": "apps/v1", "kind": "Deployment",
            "metadata": ["name": "web", "namespace": "default", "creationTimestamp": "2024-05-01T11:55:00Z"],
            "spec": [
                "replicas": 3, "selector": ["matchLabels": ["app": "web"]],
                "template": ["spec": ["containers": [["name": "nginx", "image": "nginx:1.25"]]]],
            ],
            "status": ["readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2],
        ])
        let table = TableConverter.table(for: [deployment], type: type, resourceVersion: "7", now: now)
        #expect(
            HumanReadablePrinter().print(table: table)
                == "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2/3     3            2           5m\n")
        #expect(
            HumanReadablePrinter(options: Options(wide: true)).print(table: table)
                == "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n"
                + "web    2/3     3            2           5m    nginx        nginx:1.25   app=web\n")
    }
}
