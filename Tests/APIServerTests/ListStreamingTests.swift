import EtcdCore
import Foundation
import KubeAPI
import RawConnection
import Testing

/// A whole list is written while it is read, in chunks: over the wire it is the same list, byte for byte, as one
/// written at once, with its resourceVersion.
@Suite struct ListStreamingTests {
    @Test func aListOfSeveralBatchesIsChunkedAndWhole() async throws {
        try await ServedAPI.with { served in
            let type = BuiltinResources.configMaps
            // More than one batch (5,000), stored straight in the store 100 keys to a transaction, as the registry
            // stores a ConfigMap.
            for first in stride(from: 0, to: 5_100, by: 100) {
                let puts = (first..<first + 100).map { index in
                    let name = String(format: "cm-%04d", index)
                    let object: JSONValue = [
                        "apiVersion": "v1", "kind": "ConfigMap", "data": ["v": .string(String(repeating: "x", count: 100))],
                        "metadata": ["name": .string(name), "namespace": "default", "uid": .string(UUID().uuidString.lowercased())],
                    ]
                    return RequestOp.put(
                        PutRequest(key: Data("/registry/configmaps/default/\(name)".utf8), value: Data(object.jsonBytes())))
                }
                _ = try await served.store.txn(TxnRequest(compare: [], success: puts, failure: []))
            }
            let expected = try await served.registry.listJSON(type, namespace: "default")
            #expect(expected.items.count == 5_100)

            let connection = try await served.connect()
            try await connection.send(
                "GET /api/v1/namespaces/default/configmaps HTTP/1.1\r\nHost: kubesim\r\nConnection: close\r\n\r\n")
            #expect(await connection.waitUntilClosed(within: .seconds(60)))
            let response = connection.text
            let (head, chunked) = try #require(Self.split(response))
            #expect(head.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(head)")
            #expect(head.lowercased().contains("transfer-encoding: chunked"), "\(head)")
            let body = try #require(Self.dechunk(chunked))
            let items = expected.items.map { String(decoding: $0, as: UTF8.self) }.joined(separator: ",")
            #expect(
                body == #"{"apiVersion":"v1","items":["# + items
                    + #"],"kind":"ConfigMapList","metadata":{"resourceVersion":"\#(expected.resourceVersion)"}}"# + "\n")
        }
    }

    /// The head and the body of a response.
    private static func split(_ response: String) -> (String, Substring)? {
        guard let end = response.range(of: "\r\n\r\n") else { return nil }
        return (String(response[..<end.lowerBound]), response[end.upperBound...])
    }

    /// A chunked body's content; nil when it is not whole (no last chunk).
    private static func dechunk(_ body: Substring) -> String? {
        var rest = body
        var content = ""
        while let line = rest.range(of: "\r\n") {
            guard let size = Int(rest[..<line.lowerBound], radix: 16) else { return nil }
            if size == 0 { return content }
            let start = line.upperBound
            let bytes = rest.utf8[start...].prefix(size)
            guard bytes.count == size else { return nil }
            content += String(decoding: bytes, as: UTF8.self)
            rest = rest[rest.utf8.index(start, offsetBy: size + 2)...]
        }
        return nil
    }
}
