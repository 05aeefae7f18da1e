import Foundation
import ProcessLaunch

/// A headless Chromium (Debian's `chromium`) driven through the Chrome DevTools Protocol by
/// `scripts/cdp-pipe-relay.py`, which speaks the protocol over `--remote-debugging-pipe` (no WebSocket client
/// needed) and answers each command as one JSON line. One page (a target attached in flat mode) per browser.
final class HeadlessBrowser: @unchecked Sendable {
    static let candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
    static var executable: String? { candidates.first { FileManager.default.isExecutableFile(atPath: $0) } }
    static var python: String? { ["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) } }
    static var available: Bool { executable != nil && python != nil }

    private static let relay = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("scripts/cdp-pipe-relay.py").path

    struct ProtocolError: Error, CustomStringConvertible {
        var description: String
    }

    private let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private let profile: URL
    private let queue = DispatchQueue(label: "kubesim.tests.browser")
    private var buffer = Data()
    private var session = ""

    init() async throws {
        guard let executable = Self.executable, let python = Self.python else { throw ProtocolError(description: "no browser") }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-chromium-\(UUID().uuidString)")
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.relay, executable, profile.path]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try ProcessLaunch.run(process)
        let target = try await send("Target.createTarget", ["url": "about:blank"])
        guard let targetId = target["targetId"] as? String else { throw ProtocolError(description: "no target: \(target)") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetId, "flatten": true])
        session = attached["sessionId"] as? String ?? ""
        _ = try await send("Page.enable", [:], inPage: true)
    }

    /// Sends one command (to the page unless `inPage` is false) and returns its `result`.
    @discardableResult
    func send(_ method: String, _ parameters: [String: Any] = [:], inPage: Bool = false) async throws -> [String: Any] {
        var command: [String: Any] = ["method": method, "params": parameters]
        if inPage { command["sessionId"] = session }
        let line = try JSONSerialization.data(withJSONObject: command) + [UInt8(ascii: "\n")]
        let answer: Data = try await withCheckedThrowingContinuation { continuation in
            queue.async { [self] in
                do {
                    try input.fileHandleForWriting.write(contentsOf: line)
                    continuation.resume(returning: try readLine())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        let json = try JSONSerialization.jsonObject(with: answer) as? [String: Any] ?? [:]
        if let error = json["error"] { throw ProtocolError(description: "\(method): \(error)") }
        return json["result"] as? [String: Any] ?? [:]
    }

    /// Loads a URL in the page.
    func navigate(_ url: String) async throws {
        try await send("Page.navigate", ["url": url], inPage: true)
    }

    /// The value of a JavaScript expression in the page (promises awaited); nil for undefined.
    func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true], inPage: true)
        if let exception = result["exceptionDetails"] { throw ProtocolError(description: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Evaluates `expression` until it is true or `timeout` passes; says whether it became true.
    func waitUntil(_ expression: String, timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await evaluate(expression) as? Bool == true { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await evaluate(expression) as? Bool == true
    }

    /// A PNG of the page as it is shown.
    func screenshot() async throws -> Data {
        let result = try await send("Page.captureScreenshot", ["format": "png"], inPage: true)
        return Data(base64Encoded: result["data"] as? String ?? "") ?? Data()
    }

    /// Ends the browser (the relay stops it when its input closes).
    func close() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: profile)
    }

    private func readLine() throws -> Data {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[buffer.startIndex..<newline]
                buffer = Data(buffer[(newline + 1)...])
                return Data(line)
            }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let count = chunk.withUnsafeMutableBytes { read(output.fileHandleForReading.fileDescriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                buffer.append(contentsOf: chunk[0..<count])
            } else if count == 0 || errno != EINTR {
                throw ProtocolError(description: "the browser relay ended")
            }
        }
    }
}
