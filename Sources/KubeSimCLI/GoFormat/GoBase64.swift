import Foundation

/// Go's `base64.StdEncoding.DecodeString`, with its `illegal base64 data at input byte N` errors (line breaks
/// are skipped, as Go skips them).
enum GoBase64 {
    struct CorruptInput: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "illegal base64 data at input byte \(offset)" }
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func decode(_ text: String) -> Result<Data, CorruptInput> {
        let bytes = Array(text.utf8)
        var values: [UInt8] = []
        var index = 0
        var output = Data()
        // Reads one quantum of up to four characters, as Go's decodeQuantum.
        while index < bytes.count {
            var quantum: [UInt8] = []
            var padding = 0
            while quantum.count + padding < 4 {
                guard index < bytes.count else {
                    if quantum.isEmpty && padding == 0 { break }
                    return .failure(CorruptInput(offset: index - quantum.count - padding))
                }
                let byte = bytes[index]
                index += 1
                if byte == 0x0A || byte == 0x0D { continue }
                if byte == UInt8(ascii: "=") {
                    // Padding is valid only as the third and fourth characters of the last quantum.
                    guard quantum.count >= 2 else { return .failure(CorruptInput(offset: index - 1)) }
                    padding += 1
                    if quantum.count == 2 && padding == 1 {
                        while index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
                        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else {
                            // Go: the input's length at its end, else the first `=` (the byte before).
                            return .failure(CorruptInput(offset: index < bytes.count ? index - 1 : index))
                        }
                        index += 1
                        padding += 1
                    }
                    while index < bytes.count, bytes[index] == 0x0A || bytes[index] == 0x0D { index += 1 }
                    if index < bytes.count { return .failure(CorruptInput(offset: index)) }
                    break
                }
                guard let value = alphabet.firstIndex(of: byte) else { return .failure(CorruptInput(offset: index - 1)) }
                quantum.append(UInt8(value))
            }
            if quantum.isEmpty { break }
            values = quantum
            let combined = values.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (18 - 6 * UInt32($1.offset)) }
            let count = values.count - 1
            for shift in [16, 8, 0].prefix(count) { output.append(UInt8((combined >> UInt32(shift)) & 0xFF)) }
        }
        return .success(output)
    }
}
