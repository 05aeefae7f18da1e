import Foundation
import KubeAPI
import RobustnessKit
import Synchronization
import Testing

/// A seeded mutation-fuzzing pass over the request-body decoders (JSON, YAML, Kubernetes protobuf), with
/// issue 12's hostile documents in the corpus: every input returns or throws, fast and within a memory bound,
/// and whatever a decoder accepts is readable again at the stored depth (what storage and lists re-parse).
/// Replay a run with `KUBESIM_ROBUSTNESS_SEED=<seed>`.
@Suite(.serialized) struct DecoderFuzzTests {
    static let perInputLimit: Duration = .seconds(5)
    static let memoryLimit = 512 << 20

    static let pod = #"{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"app":"web"},"annotations":{"a":"\u00e9\ud83d\ude00"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"100m"}}}],"priority":-0,"x":1e308,"y":12345678901234567890}}"#
    static let deepArray = String(repeating: "[", count: 6_000) + String(repeating: "]", count: 6_000)
    static let deepObject = String(repeating: #"{"a":"#, count: 6_000) + "1" + String(repeating: "}", count: 6_000)
    static let billionLaughs: String = {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = [#"a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n")
    }()
    static let podYAML = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: p
          labels: &labels {app: web, tier: "1"}
        spec:
          nodeSelector: *labels
          containers:
          - name: c
            image: nginx
            command: [sh, -c, 'echo "hi"']
            env:
            - {name: A, value: !!str 0x10}
            - <<: {name: B}
              value: |
                multi
                line
        ---
        kind: ConfigMap
        data: {k: 1.0e+3, t: 2024-01-01, n: ~, b: !!binary aGk=}
        """
    static let deepYAML = String(repeating: "- ", count: 3_000) + "x\n" + String(repeating: "[", count: 6_000)

    /// Findings where a decoder accepted something it cannot read back.
    private let unreadable = MutationFuzzer.Findings()

    private func checkReadable(_ value: JSONValue, _ what: String) {
        do {
            _ = try JSONValue.parse(json: value.jsonData(), maxDepth: NestingLimit.stored)
            _ = value.yamlString()
        } catch {
            unreadable.append("\(what): accepted, then \(error)")
        }
    }

    private func expectBounded(_ summary: MutationFuzzer.Summary) {
        #expect(summary.slowest < Self.perInputLimit, "\(summary): slowest input \(summary.slowestInput.prefix(200))")
        #expect(summary.memoryGrowthBytes < Self.memoryLimit, "\(summary)")
        #expect(unreadable.all.isEmpty, "\(unreadable.all.prefix(3))")
    }

    static let jsonTokens: [[UInt8]] = ["{", "}", "[", "]", "\"", ":", ",", "\\u", "\\ud800", "1e999", "-", "null", "true"]
        .map { Array($0.utf8) }
    static let yamlTokens: [[UInt8]] = ["&a ", "*a", "<<: ", "- ", "? ", "!!", "---\n", "\n  ", "[", "{", "|\n", "'", "%YAML 1.1\n"]
        .map { Array($0.utf8) }

    @Test func jsonBodies() async {
        let fuzzer = MutationFuzzer(
            seed: robustnessSeed(), corpus: [Self.pod, Self.deepArray, Self.deepObject, #"{"a":1,"a":2}"#].map { Array($0.utf8) },
            dictionary: Self.jsonTokens)
        let summary = await fuzzer.run("json", iterations: 4_000) { bytes in
            let data = Data(bytes)
            let value = try JSONValue.parse(json: data)
            checkReadable(value, "json \(bytes.prefix(80))")
            _ = try? JSONValue.parseNotingDuplicates(json: data)
        }
        expectBounded(summary)
    }

    @Test func yamlBodiesAndManifests() async {
        let fuzzer = MutationFuzzer(
            seed: robustnessSeed(), corpus: [Self.podYAML, Self.billionLaughs, Self.deepYAML, Self.pod].map { Array($0.utf8) },
            dictionary: Self.yamlTokens)
        let summary = await fuzzer.run("yaml", iterations: 2_500) { bytes in
            for value in try JSONValue.parseYAMLDocuments(String(decoding: bytes, as: UTF8.self)) {
                checkReadable(value, "yaml \(String(decoding: bytes.prefix(80), as: UTF8.self).debugDescription)")
            }
        }
        expectBounded(summary)
    }

    // MARK: - Kubernetes protobuf

    private static func varint(_ value: Int) -> [UInt8] {
        var value = UInt64(value)
        var bytes: [UInt8] = []
        while value >= 0x80 {
            bytes.append(UInt8(value & 0x7f) | 0x80)
            value >>= 7
        }
        return bytes + [UInt8(value)]
    }

    private static func field(_ number: Int, _ content: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(content.count) + content
    }

    private static func field(_ number: Int, _ text: String) -> [UInt8] { field(number, Array(text.utf8)) }

    static func protobufBody(kind: String, apiVersion: String = "v1", raw: [UInt8]) -> [UInt8] {
        [0x6b, 0x38, 0x73, 0x00] + field(1, field(1, apiVersion) + field(2, kind)) + field(2, raw)
    }

    static let configMap = protobufBody(
        kind: "ConfigMap",
        raw: field(1, field(1, "cm") + field(3, "default") + field(11, field(1, "app") + field(2, "web")))
            + field(2, field(1, "k") + field(2, "v")) + field(3, field(1, "b") + field(2, [0, 1, 2])))
    static let deployment = protobufBody(
        kind: "Deployment", apiVersion: "apps/v1",
        raw: field(1, field(1, "web"))
            + field(2, varint(1 << 3) + varint(3) + field(3, field(2, field(2, field(1, "c") + field(2, "nginx"))))))
    /// Ten thousand nested messages in the place of the object.
    static let deepProtobuf = protobufBody(
        kind: "ConfigMap", raw: (0..<10_000).reduce([UInt8]("x".utf8)) { inner, _ in field(1, inner) })

    @Test func protobufBodies() async {
        let fuzzer = MutationFuzzer(
            seed: robustnessSeed(), corpus: [Self.configMap, Self.deployment, Self.deepProtobuf],
            dictionary: [[0x0a], [0x12], [0x1a], [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f], [0x08, 0x80, 0x80, 0x80, 0x80, 0x10]])
        let summary = await fuzzer.run("protobuf", iterations: 2_500) { bytes in
            checkReadable(try KubernetesProtobuf.decodeObject(Data(bytes)), "protobuf \(bytes.prefix(40))")
        }
        #expect(summary.accepted > 0, "the corpus's valid bodies decode")
        expectBounded(summary)
    }
}
