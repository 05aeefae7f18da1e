import EtcdCore
import Foundation
import KubeAPI
import Testing

/// `kubesim init --storage-media-type`: the seeded kubeadm cluster stored as kube-apiserver stores it, readable
/// with either media type, every object giving back the same JSON.
@Suite(.serialized) struct StorageMediaTypeTests {
    private func run(_ arguments: [String]) async throws -> CommandResult {
        try await CommandRunner.run(KubeSimBinary.path, arguments)
    }

    @Test func seededClusterInProtobufIsReadWithEitherMediaTypeAndRoundTrips() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-pb-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let initResult = try await run(["init", "--data-dir", directory, "--storage-media-type", StorageMediaType.protobuf.rawValue])
        #expect(initResult.status == 0)
        #expect(try String(contentsOfFile: directory + "/storage-media-type", encoding: .utf8) == StorageMediaType.protobuf.rawValue + "\n")

        let raw = try await KubeSimBinary.etcdctl(
            ["get", "/registry/pods/kube-system/etcd-controlplane", "--print-value-only"], dataDirectory: directory)
        #expect(raw.stdout.hasPrefix("k8s\0\n\u{09}\n\u{02}v1\u{12}\u{03}Pod"))
        let shown = try await run(["registry", "show", "/registry/pods/kube-system/etcd-controlplane", "--data-dir", directory])
        #expect(shown.stdout.contains("\nkind: Pod\n"))
        #expect(shown.stdout.contains("\n# stored as application/vnd.kubernetes.protobuf, "))
        let pods = try await run(["get", "pods", "-n", "kube-system", "--data-dir", directory, "--storage-media-type", "application/json"])
        #expect(pods.stdout.contains("etcd-controlplane"))
        #expect(pods.stdout.contains("Running"))

        // Every stored value of a built-in kind is protobuf, but for what its message cannot hold, and decodes
        // to the JSON the JSON encoding holds.
        let kvs = try await withStore(directory) { try await $0.range(RangeRequest(key: Data("/registry/".utf8), rangeEnd: Data("/registry0".utf8))).kvs }
        var json: [String] = []
        for kv in kvs {
            let key = String(decoding: kv.key, as: UTF8.self)
            let object = try StorageMediaType.decode(kv.value)
            #expect(StorageMediaType.json.encode(object) == object.jsonData())
            if KubernetesProtobuf.isProtobuf(kv.value) {
                #expect(try StorageMediaType.decode(StorageMediaType.protobuf.encode(object)) == object, "\(key)")
            } else {
                json.append(key.split(separator: "/").dropFirst().dropLast().joined(separator: "/"))
            }
        }
        #expect(kvs.count > 250)
        // APIServices (no descriptors), CSINodes (`"drivers": null`, which protobuf cannot carry), the ranges.
        #expect(Set(json) == ["apiregistration.k8s.io/apiservices", "csinodes", "ranges"])
    }

    @Test func jsonClusterRecordsItsFlagOnTheAPIServerPodAndANewDirectoryDefaultsToProtobuf() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-json-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        #expect(try await run(["init", "--data-dir", directory, "--storage-media-type", "application/json"]).status == 0)
        #expect(try String(contentsOfFile: directory + "/storage-media-type", encoding: .utf8) == "application/json\n")
        let pod = try await run(["get", "pod", "kube-apiserver-controlplane", "-n", "kube-system", "--data-dir", directory, "-o", "jsonpath={.spec.containers[0].command}"])
        #expect(pod.stdout.contains("\"--storage-media-type=application/json\""), "\(pod)")
        let raw = try await KubeSimBinary.etcdctl(["get", "/registry/pods/kube-system/etcd-controlplane", "--print-value-only"], dataDirectory: directory)
        #expect(raw.stdout.hasPrefix("{\"apiVersion\":\"v1\""))

        let fresh = directory + "-new"
        defer { try? FileManager.default.removeItem(atPath: fresh) }
        #expect(try await run(["init", "--data-dir", fresh, "--bare"]).status == 0)
        #expect(try String(contentsOfFile: fresh + "/storage-media-type", encoding: .utf8) == StorageMediaType.protobuf.rawValue + "\n")
    }

    private func withStore<T>(_ directory: String, _ body: (SQLiteStore) async throws -> T) async throws -> T {
        let store = try SQLiteStore.open(dataDirectory: directory)
        do {
            let result = try await body(store)
            await store.close()
            return result
        } catch {
            await store.close()
            throw error
        }
    }
}
