import EtcdCore
import Foundation
import KubeAPI
import RawConnection
import Testing

/// Many watchers of one resource share each change's decoding and JSON; each must still receive exactly the
/// lines a watch alone writes: the object decoded from the store and encoded, with the same event types under
/// selectors as kube-apiserver's watch cache reports.
@Suite struct WatchFanOutTests {
    private static let path = "/api/v1/namespaces/default/configmaps"
    private static let tableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"

    /// One watch the test opens: with the `app=web` label selector or not, as JSON or as a Table.
    private struct Watch {
        var selected: Bool
        var table: Bool
    }

    @Test(arguments: StorageMediaType.allCases)
    func concurrentWatchersReceiveTheLinesOfAnUnsharedWatch(storageMediaType: StorageMediaType) async throws {
        try await ServedAPI.with(storageMediaType: storageMediaType) { served in
            let start = try await served.revision()
            let watches =
                Array(repeating: Watch(selected: false, table: false), count: 3)
                + Array(repeating: Watch(selected: true, table: false), count: 3)
                + Array(repeating: Watch(selected: false, table: true), count: 2)
                + Array(repeating: Watch(selected: true, table: true), count: 2)
            var connections: [RawConnection] = []
            for watch in watches {
                let connection = try await served.connect()
                let selector = watch.selected ? "&labelSelector=app%3Dweb" : ""
                let accept = watch.table ? "Accept: \(Self.tableAccept)\r\n" : ""
                try await connection.send(
                    "GET \(Self.path)?watch=true&resourceVersion=\(start)\(selector) HTTP/1.1\r\nHost: kubesim\r\n\(accept)\r\n")
                #expect(await connection.wait(for: .seconds(20)) { $0.contains("\r\n\r\n") })
                connections.append(connection)
            }

            // ADDED a; ADDED b (not selected); MODIFIED a; b starts matching; a stops matching; DELETE b; DELETE a.
            let registry = served.registry
            let type = BuiltinResources.configMaps
            _ = try await registry.create(type, namespace: "default", object: Self.configMap("a", app: "web", value: "<b>&"))
            _ = try await registry.create(type, namespace: "default", object: Self.configMap("b", app: "db", value: "1"))
            _ = try await registry.update(type, namespace: "default", name: "a", object: Self.configMap("a", app: "web", value: "é\u{2028}"))
            _ = try await registry.update(type, namespace: "default", name: "b", object: Self.configMap("b", app: "web", value: "2"))
            _ = try await registry.update(type, namespace: "default", name: "a", object: Self.configMap("a", app: "other", value: "3"))
            try await registry.delete(type, namespace: "default", name: "b")
            try await registry.delete(type, namespace: "default", name: "a")

            let changes = try await Self.history(served.store, after: start, count: 7)
            let all = Self.events(changes, selected: false)
            let selected = Self.events(changes, selected: true)
            #expect(all.map(\.type) == ["ADDED", "ADDED", "MODIFIED", "MODIFIED", "MODIFIED", "DELETED", "DELETED"])
            #expect(selected.map(\.type) == ["ADDED", "MODIFIED", "ADDED", "DELETED", "DELETED"])
            #expect(selected.map(\.object.name) == ["a", "a", "b", "a", "b"])

            for (watch, connection) in zip(watches, connections) {
                let expected = watch.selected ? selected : all
                #expect(await connection.wait(for: .seconds(20)) { Self.lines($0).count >= expected.count })
                let lines = Self.lines(connection.text)
                #expect(lines.count == expected.count)
                for (index, (line, event)) in zip(lines, expected).enumerated() {
                    if watch.table {
                        #expect(line == Self.tableLine(event, first: index == 0, agedAs: line))
                    } else {
                        let reference: JSONValue = ["type": .string(event.type), "object": event.object.json]
                        #expect(line == reference.jsonString())
                    }
                }
                await connection.close()
            }
        }
    }

    private static func configMap(_ name: String, app: String, value: String) -> JSONValue {
        [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": .string(name), "namespace": "default", "labels": ["app": .string(app)]],
            "data": ["value": .string(value)],
        ]
    }

    /// The first `count` changes to the default namespace's config maps after `revision`, with previous values.
    private static func history(_ store: SQLiteStore, after revision: Revision, count: Int) async throws -> [WatchEvent] {
        let prefix = Data("/registry/configmaps/default/".utf8)
        let stream = try await store.watch(
            WatchRequest(key: prefix, rangeEnd: KeyRange.prefixEnd(prefix), startRevision: revision + 1, prevKv: true))
        defer { stream.cancel() }
        var events: [WatchEvent] = []
        for try await response in stream {
            events += response.events
            if events.count >= count { break }
        }
        return events
    }

    /// The events a watch reports for `changes`, each object decoded from its stored value without the registry
    /// (the server's store is unencrypted): a put's new object at its revision, a deleted key's last object at
    /// the delete's; with the selector, an object that starts matching is ADDED and one that stops is DELETED.
    private static func events(_ changes: [WatchEvent], selected: Bool) -> [(type: String, object: KubeObject)] {
        func decoded(_ kv: KeyValue, at revision: Int64) -> KubeObject {
            var object = KubeObject((try? StorageMediaType.decode(kv.value)) ?? .null)
            object.resourceVersion = String(revision)
            return object
        }
        func matches(_ object: KubeObject?) -> Bool { object.map { !selected || $0.labels["app"] == "web" } ?? false }
        return changes.compactMap { change in
            let revision = change.kv.modRevision
            let old = change.prevKv.map { decoded($0, at: revision) }
            guard change.type == .put else { return matches(old) ? ("DELETED", old!) : nil }
            let new = decoded(change.kv, at: revision)
            switch (matches(old), matches(new)) {
            case (false, true): return ("ADDED", new)
            case (true, true): return ("MODIFIED", new)
            case (true, false): return ("DELETED", new)
            case (false, false): return nil
            }
        }
    }

    /// The Table line of `event` as a watch writes it: a one-row Table whose column definitions only the first
    /// event carries. The row's age depends on the clock, so it is taken from the received `line`.
    private static func tableLine(_ event: (type: String, object: KubeObject), first: Bool, agedAs line: String) -> String {
        var table = TableConverter.table(
            for: [event.object], type: BuiltinResources.configMaps, resourceVersion: event.object.resourceVersion ?? "",
            now: Date())
        if !first { table["columnDefinitions"] = .null }
        let received = try? JSONValue.parse(json: Data(line.utf8))
        if let age = received?["object"]?["rows"]?.arrayValue?.first?["cells"]?.arrayValue?.last,
            var rows = table["rows"]?.arrayValue, var cells = rows.first?["cells"]?.arrayValue, !cells.isEmpty
        {
            cells[cells.count - 1] = age
            rows[0]["cells"] = .array(cells)
            table["rows"] = .array(rows)
        }
        let reference: JSONValue = ["type": .string(event.type), "object": table]
        return reference.jsonString()
    }

    /// The lines of a chunked watch response received so far (without their newlines).
    private static func lines(_ text: String) -> [String] {
        guard let head = text.range(of: "\r\n\r\n") else { return [] }
        let bytes = Array(text[head.upperBound...].utf8)
        var body: [UInt8] = []
        var index = 0
        while let end = bytes[index...].firstIndex(of: UInt8(ascii: "\r")),
            let size = Int(String(decoding: bytes[index..<end], as: UTF8.self), radix: 16), size > 0,
            end + 2 + size <= bytes.count
        {
            body += bytes[(end + 2)..<(end + 2 + size)]
            index = min(bytes.count, end + 2 + size + 2)
        }
        return String(decoding: body, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
