/// The simulated shell reading its standard input: with a terminal, as an interactive dash behind a
/// terminal's line discipline (prompt `# `, echo, backspace, Ctrl-U, Ctrl-C, Ctrl-D on an empty line);
/// without one, line by line and silently. It ends at `exit` or the end of input.
struct ShellSession {
    let shell: SimulatedShell
    let terminal: Bool
    let out: @Sendable ([UInt8]) async -> Void

    private static let prompt = Array("# ".utf8)

    func run(input: AsyncStream<[UInt8]>) async -> Int32 {
        var line: [UInt8] = []
        if terminal { await out(Self.prompt) }
        var escape = 0
        for await bytes in input {
            for byte in bytes {
                // Skip the rest of an escape sequence (arrow keys and the like).
                if escape > 0 {
                    escape = (escape == 1 && byte == UInt8(ascii: "[")) || !(0x40...0x7e).contains(byte) ? 2 : 0
                    continue
                }
                guard terminal else {
                    if byte == UInt8(ascii: "\n") {
                        if let status = await execute(line) { return status }
                        line = []
                    } else {
                        line.append(byte)
                    }
                    continue
                }
                switch byte {
                case 0x0d, 0x0a:
                    await out([0x0a])
                    if let status = await execute(line) { return status }
                    line = []
                    await out(Self.prompt)
                case 0x7f, 0x08:
                    if !line.isEmpty {
                        line.removeLast()
                        await out([0x08, 0x20, 0x08])
                    }
                case 0x03:
                    line = []
                    await out(Array("^C\n".utf8) + Self.prompt)
                case 0x04:
                    if line.isEmpty {
                        await out([0x0a])
                        return shell.status
                    }
                case 0x15:
                    await out(Array(repeating: [0x08, 0x20, 0x08], count: line.count).flatMap { $0 })
                    line = []
                case 0x1b:
                    escape = 1
                default:
                    guard byte >= 0x20 else { continue }
                    line.append(byte)
                    await out([byte])
                }
            }
        }
        if !terminal && !line.isEmpty, let status = await execute(line) { return status }
        return shell.status
    }

    /// Runs a line; the status when it was `exit`.
    private func execute(_ line: [UInt8]) async -> Int32? {
        let text = String(decoding: line, as: UTF8.self)
        if !text.allSatisfy(\.isWhitespace) { await shell.run(text) }
        return shell.exited
    }
}
