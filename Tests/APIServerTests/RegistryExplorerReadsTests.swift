@testable import APIServer
import EtcdCore
import Foundation
import Testing

/// What the registry explorer reads of the store: branches with counts at any revision, paged; a key's history
/// (also of a deleted key); the changes between two revisions; and who made each write.
@Suite struct RegistryExplorerReadsTests {
    static func withStore(_ body: (SQLiteStore) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("explorer-test-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = SQLiteStore.Configuration()
        configuration.leaseCheckInterval = nil
        let store = try SQLiteStore.open(dataDirectory: directory.path, configuration: configuration)
        do {
            try await body(store)
            await store.close()
        } catch {
            await store.close()
            throw error
        }
    }

    @discardableResult
    static func put(_ store: SQLiteStore, _ key: String, _ value: String) async throws -> Revision {
        try await store.put(PutRequest(key: Data(key.utf8), value: Data(value.utf8))).header.revision
    }

    static func delete(_ store: SQLiteStore, _ key: String) async throws -> Revision {
        try await store.deleteRange(DeleteRangeRequest(key: Data(key.utf8))).header.revision
    }

    @Test func childrenCountKeysPerSegmentAtAnyRevisionAndPage() async throws {
        try await Self.withStore { store in
            for index in 0..<5 { try await Self.put(store, "/registry/configmaps/shop/config-\(index)", "{}") }
            try await Self.put(store, "/registry/configmaps/default/kube-root-ca.crt", "{}")
            let before = try await Self.put(store, "/registry/namespaces/shop", "{}")
            try await Self.put(store, "/registry/pods/shop/web", "{}")
            let reader = RegistryReader(store: store)

            let root = try await reader.children(of: "/registry/", at: 0, offset: 0, limit: 10)
            #expect(root.children.map(\.name) == ["configmaps", "namespaces", "pods"])
            #expect(root.children.map(\.count) == [6, 1, 1])
            #expect(root.keys == 8 && root.total == 3)
            let past = try await reader.children(of: "/registry/", at: before, offset: 0, limit: 10)
            #expect(past.children.map(\.name) == ["configmaps", "namespaces"] && past.revision == before)

            // A revision read before a compaction is not served from what was kept once it is compacted.
            _ = try await store.compact(before + 1)
            await #expect(throws: EtcdError.compacted) { try await reader.children(of: "/registry/", at: before, offset: 0, limit: 10) }

            let page = try await reader.children(of: "/registry/configmaps/shop/", at: 0, offset: 2, limit: 2)
            #expect(page.children.map(\.name) == ["config-2", "config-3"])
            #expect(page.children.first?.key == "/registry/configmaps/shop/config-2")
            #expect(page.total == 5)
        }
    }

    @Test func historyOfALiveAndOfADeletedKeyAndAfterCompaction() async throws {
        try await Self.withStore { store in
            let key = "/registry/configmaps/shop/web"
            let created = try await Self.put(store, key, #"{"data":{"a":"1"}}"#)
            try await Self.put(store, "/registry/configmaps/shop/other", "{}")
            let updated = try await Self.put(store, key, #"{"data":{"a":"2"}}"#)
            let reader = RegistryReader(store: store)
            let live = try await reader.history(of: key)
            #expect(live.map(\.kv.modRevision) == [created, updated])

            let deleted = try await Self.delete(store, key)
            try await Self.put(store, "/registry/configmaps/shop/later", "{}")
            let gone = try await reader.history(of: key)
            #expect(gone.map(\.kv.modRevision) == [created, updated, deleted])
            #expect(gone.last?.type == .delete)

            let again = try await Self.put(store, key, #"{"data":{"a":"3"}}"#)
            _ = try await store.compact(updated)
            let compacted = try await reader.history(of: key)
            // The key as it was at the compaction point, then what came after.
            #expect(compacted.map(\.kv.modRevision) == [updated, deleted, again])
        }
    }

    @Test func changesBetweenRevisionsListCreatedChangedAndDeletedKeys() async throws {
        try await Self.withStore { store in
            try await Self.put(store, "/registry/configmaps/shop/kept", #"{"data":{"a":"1"}}"#)
            try await Self.put(store, "/registry/configmaps/shop/changed", #"{"data":{"a":"1"}}"#)
            let from = try await Self.put(store, "/registry/configmaps/shop/removed", "{}")
            try await Self.put(store, "/registry/configmaps/shop/changed", #"{"data":{"a":"2"}}"#)
            _ = try await Self.delete(store, "/registry/configmaps/shop/removed")
            let to = try await Self.put(store, "/registry/configmaps/shop/added", "{}")
            let changes = try await RegistryChanges.between(from, and: to, in: store)
            #expect(changes.created.map { String(decoding: $0.key, as: UTF8.self) } == ["/registry/configmaps/shop/added"])
            #expect(changes.changed.map(\.key) == ["/registry/configmaps/shop/changed"])
            #expect(changes.changed.first?.diff == [#"- data.a: "1""#, #"+ data.a: "2""#])
            #expect(changes.deleted.map { String(decoding: $0.key, as: UTF8.self) } == ["/registry/configmaps/shop/removed"])

            _ = try await store.compact(to)
            await #expect(throws: EtcdError.compacted) { try await RegistryChanges.between(from, and: to, in: store) }
        }
    }

    static func event(_ value: String, previous: String? = nil, version: Int64 = 2) -> WatchEvent {
        let kv = { (text: String, version: Int64) in
            KeyValue(key: Data("/registry/pods/default/web".utf8), createRevision: 2, modRevision: 2 + version, version: version, value: Data(text.utf8))
        }
        return WatchEvent(type: .put, kv: kv(value, version), prevKv: previous.map { kv($0, version - 1) })
    }

    static func entry(_ manager: String, _ time: String, subresource: String? = nil, fields: String = "{}") -> String {
        let sub = subresource.map { #","subresource":"\#($0)""# } ?? ""
        return #"{"manager":"\#(manager)","operation":"Update","apiVersion":"v1","time":"\#(time)","fieldsType":"FieldsV1","fieldsV1":\#(fields)\#(sub)}"#
    }

    @Test func writerIsTheManagedFieldsEntryTheWriteChanged() {
        let created = #"{"metadata":{"managedFields":[\#(Self.entry("kubectl-create", "2026-01-01T00:00:00Z"))]}}"#
        #expect(WriteAttribution.writer(of: Self.event(created, version: 1)) == "kubectl-create")
        // The kubelet's status write, in the same second as an older entry of the controller manager.
        let byKCM = Self.entry("kube-controller-manager", "2026-01-01T00:00:05Z")
        let before = #"{"metadata":{"managedFields":[\#(byKCM)]}}"#
        let after = #"{"metadata":{"managedFields":[\#(byKCM),\#(Self.entry("kubelet", "2026-01-01T00:00:05Z", subresource: "status"))]}}"#
        #expect(WriteAttribution.writer(of: Self.event(after, previous: before)) == "kubelet (status)")
        // A binding sets spec.nodeName and changes no entry.
        let bound = #"{"spec":{"nodeName":"node01"},"metadata":{"managedFields":[\#(byKCM)]}}"#
        #expect(WriteAttribution.writer(of: Self.event(bound, previous: before)) == "kube-scheduler (binding)")
        #expect(WriteAttribution.writer(of: WatchEvent(type: .delete, kv: KeyValue(key: Data("/k".utf8), createRevision: 0, modRevision: 9, version: 0))) == "")
    }
}
