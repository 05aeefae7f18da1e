import Foundation
import KubeAPI
import Testing

/// The protobuf bodies kubectl's typed clients send decode to the JSON kube-apiserver would have read.
@Suite struct ProtobufDecodingTests {
    /// A minimal protobuf writer for the tests' messages.
    private struct Writer {
        var bytes: [UInt8] = []

        mutating func varint(_ value: UInt64) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7f) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        mutating func field(_ number: Int, _ value: Int64) {
            varint(UInt64(number << 3))
            varint(UInt64(bitPattern: value))
        }

        mutating func field(_ number: Int, _ content: [UInt8]) {
            varint(UInt64(number << 3 | 2))
            varint(UInt64(content.count))
            bytes += content
        }

        mutating func field(_ number: Int, _ text: String) { field(number, Array(text.utf8)) }

        static func message(_ build: (inout Writer) -> Void) -> [UInt8] {
            var writer = Writer()
            build(&writer)
            return writer.bytes
        }
    }

    /// `k8s\0` + runtime.Unknown{typeMeta{apiVersion, kind}, raw}.
    private func envelope(apiVersion: String, kind: String, raw: [UInt8]) -> Data {
        let typeMeta = Writer.message { $0.field(1, apiVersion); $0.field(2, kind) }
        return Data([0x6b, 0x38, 0x73, 0x00] + Writer.message { $0.field(1, typeMeta); $0.field(2, raw) })
    }

    /// ObjectMeta as Go writes it: every string, empty or not, and an empty creationTimestamp.
    private func objectMeta(name: String, labels: [String: String] = [:]) -> [UInt8] {
        Writer.message { meta in
            meta.field(1, name)
            meta.field(2, "")
            meta.field(3, "")
            meta.field(7, 0)
            meta.field(8, [UInt8]())
            for (key, value) in labels { meta.field(11, Writer.message { $0.field(1, key); $0.field(2, value) }) }
        }
    }

    @Test func configMapDecodesWithDataAndWithoutZeroFields() throws {
        let raw = Writer.message { map in
            map.field(1, objectMeta(name: "cfg"))
            map.field(2, Writer.message { $0.field(1, "color"); $0.field(2, "blue") })
        }
        let object = try KubernetesProtobuf.decodeObject(envelope(apiVersion: "v1", kind: "ConfigMap", raw: raw))
        #expect(
            object == [
                "apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": "cfg", "creationTimestamp": .null],
                "data": ["color": "blue"],
            ])
    }

    @Test func secretBytesBecomeBase64() throws {
        let raw = Writer.message { secret in
            secret.field(1, objectMeta(name: "pw"))
            secret.field(2, Writer.message { $0.field(1, "password"); $0.field(2, Array("s3cret".utf8)) })
            secret.field(3, "Opaque")
        }
        let object = try KubernetesProtobuf.decodeObject(envelope(apiVersion: "v1", kind: "Secret", raw: raw))
        #expect(object["data"] == ["password": .string(Data("s3cret".utf8).base64EncodedString())])
        #expect(object["type"] == "Opaque")
    }

    @Test func deploymentKeepsAZeroPointerAndDecodesIntOrString() throws {
        let strategy = Writer.message { strategy in
            strategy.field(1, "RollingUpdate")
            strategy.field(2, Writer.message { rolling in
                rolling.field(1, Writer.message { $0.field(1, 1); $0.field(3, "25%") })
                rolling.field(2, Writer.message { $0.field(1, 0); $0.field(2, 2) })
            })
        }
        let raw = Writer.message { deployment in
            deployment.field(1, objectMeta(name: "web", labels: ["app": "web"]))
            deployment.field(2, Writer.message { spec in
                spec.field(1, 0)  // replicas: a *int32 set to 0
                spec.field(4, strategy)
                spec.field(5, 0)  // minReadySeconds: a plain int32, left out at zero
            })
        }
        let object = try KubernetesProtobuf.decodeObject(envelope(apiVersion: "apps/v1", kind: "Deployment", raw: raw))
        #expect(object[["spec", "replicas"]] == .int(0))
        #expect(object[["spec", "minReadySeconds"]] == nil)
        #expect(object[["spec", "strategy", "rollingUpdate", "maxUnavailable"]] == "25%")
        #expect(object[["spec", "strategy", "rollingUpdate", "maxSurge"]] == .int(2))
        #expect(object[["metadata", "labels"]] == ["app": "web"])
    }

    @Test func bodiesWithoutTheMagicOrOfUnknownKindsAreRefused() throws {
        #expect(throws: StatusError.self) { try KubernetesProtobuf.decodeObject(Data("{}".utf8)) }
        do {
            _ = try KubernetesProtobuf.decodeObject(envelope(apiVersion: "example.com/v1", kind: "Widget", raw: []))
            Issue.record("a custom resource has no protobuf form")
        } catch let error as StatusError {
            #expect(error.code == 415)
        }
        let truncated = envelope(apiVersion: "v1", kind: "ConfigMap", raw: [0x0a, 0x05, 0x01])
        do {
            _ = try KubernetesProtobuf.decodeObject(truncated)
            Issue.record("a truncated message must not decode")
        } catch let error as StatusError {
            #expect(error.code == 400)
        }
    }
}
