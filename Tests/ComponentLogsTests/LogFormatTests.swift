import KubeAPI
import ComponentLogs
import Foundation
import Testing

@Suite struct LogFormatTests {
    /// 2025-12-07T08:57:01.123456Z
    let time = Date(timeIntervalSince1970: 1_765_097_821.123456)

    @Test func klogLineHasTheHeaderThenTheQuotedMessageAndPairs() {
        let line = KlogFormat.line(
            time: time, source: "httplog.go:134", message: "HTTP",
            [("verb", "GET"), ("URI", "/api/v1/pods"), ("latency", "1.2ms"), ("resp", 200)])
        #expect(line == #"I1207 08:57:01.123456       1 httplog.go:134] "HTTP" verb="GET" URI="/api/v1/pods" latency="1.2ms" resp=200"#)
    }

    @Test func klogSeverityLettersAndListValues() {
        let line = KlogFormat.line(.error, time: time, source: "x.go:1", message: "m", [("names", .strings(["a", "b"])), ("ok", false)])
        #expect(line.hasPrefix("E1207 "))
        #expect(line.hasSuffix(#""m" names=[a b] ok=false"#))
    }

    @Test func klogQuotesAsGoStrconvQuote() {
        #expect(GoFormat.quote("a\"b\\c\nd\u{1}é") == #""a\"b\\c\nd\x01é""#)
    }

    @Test func etcdLineIsZapJSONWithEtcdTimestamp() {
        let line = EtcdLogFormat.line(
            time: time, caller: "embed/serve.go:250", message: "serving client traffic securely",
            [("traffic", "grpc+http"), ("address", "127.0.0.1:2379")])
        #expect(line == #"{"level":"info","ts":"2025-12-07T08:57:01.123456Z","caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http","address":"127.0.0.1:2379"}"#)
    }

    @Test func etcdTimestampDropsTrailingZeros() {
        let whole = Date(timeIntervalSince1970: 1_765_097_821)
        #expect(EtcdLogFormat.line(.warn, time: whole, caller: "c", message: "m", [("n", 3), ("l", .strings(["x"]))])
            == #"{"level":"warn","ts":"2025-12-07T08:57:01Z","caller":"c","msg":"m","n":3,"l":["x"]}"#)
    }

    @Test func etcdEscapesAsZapDoes() {
        #expect(EtcdLogFormat.line(time: time, caller: "c", message: "a\"<b>\n\u{2}").contains(#""msg":"a\"<b>\n\u0002""#))
    }

    @Test(arguments: [(Int64(9), "9 B"), (82_854_982, "83 MB"), (8_300_000, "8.3 MB"), (99_495_936, "100 MB"), (1000, "1.0 kB")])
    func etcdSizesAsGoHumanizeBytes(bytes: Int64, text: String) {
        #expect(EtcdLogFormat.humanBytes(bytes) == text)
    }

    @Test func etcdTookAsGoHumanizeTime() {
        #expect([0.2, 1.5, 12, 90, 600].map(EtcdLogFormat.humanTime(elapsed:)) == [
            "now", "1 second ago", "12 seconds ago", "1 minute ago", "10 minutes ago",
        ])
    }
}
