import Foundation

/// A JSON reader straight into `JSONValue` (RFC 8259): integers that fit stay `.int`, other numbers become
/// `.double`; strings are unescaped, surrogate pairs joined. Every stored object is read through it, so it works
/// on bytes in one pass rather than through `Decodable`.
struct JSONParser {
    private let bytes: [UInt8]
    private var index = 0
    /// Containers open at once at most (`NestingLimit`).
    private let maxDepth: Int
    private var depth = 0
    /// The paths of keys an object repeats (`spec.template.spec.containers[0].name`), when asked for: the last
    /// value wins, as in Go, and kube-apiserver warns of each.
    private(set) var duplicateFields: [String]?
    /// The keys and indexes down to the value being read, while duplicates are noted.
    private var path: [String] = []

    init(_ data: Data, maxDepth: Int, notingDuplicates: Bool = false) {
        bytes = [UInt8](data)
        self.maxDepth = maxDepth
        duplicateFields = notingDuplicates ? [] : nil
    }

    /// The one value the document holds.
    mutating func parseDocument() throws(JSONValue.ParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard index == bytes.count else { throw error("invalid character after top-level value") }
        return value
    }

    private mutating func parseValue() throws(JSONValue.ParseError) -> JSONValue {
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error("invalid character '\(Character(Unicode.Scalar(bytes[index])))' looking for beginning of value")
        }
    }

    private mutating func parseObject() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        var fields: [String: JSONValue] = [:]
        skipWhitespace()
        if peek(UInt8(ascii: "}")) {
            index += 1
            depth -= 1
            return .object(fields)
        }
        while true {
            skipWhitespace()
            guard peek(UInt8(ascii: "\"")) else { throw error("invalid character looking for beginning of object key string") }
            let key = try parseString()
            skipWhitespace()
            guard peek(UInt8(ascii: ":")) else { throw error("invalid character after object key") }
            index += 1
            skipWhitespace()
            if duplicateFields != nil {
                path.append(path.isEmpty ? key : "." + key)
                if fields[key] != nil { duplicateFields?.append(path.joined()) }
                fields[key] = try parseValue()
                path.removeLast()
            } else {
                fields[key] = try parseValue()
            }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
            } else if peek(UInt8(ascii: "}")) {
                index += 1
                depth -= 1
                return .object(fields)
            } else {
                throw error("invalid character after object key:value pair")
            }
        }
    }

    private mutating func parseArray() throws(JSONValue.ParseError) -> JSONValue {
        try enter()
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if peek(UInt8(ascii: "]")) {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            if duplicateFields != nil {
                path.append("[\(items.count)]")
                items.append(try parseValue())
                path.removeLast()
            } else {
                items.append(try parseValue())
            }
            skipWhitespace()
            if peek(UInt8(ascii: ",")) {
                index += 1
            } else if peek(UInt8(ascii: "]")) {
                index += 1
                depth -= 1
                return .array(items)
            } else {
                throw error("invalid character after array element")
            }
        }
    }

    private mutating func parseString() throws(JSONValue.ParseError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw error("invalid character in string literal") }
            index += 1
        }
        guard index < bytes.count else { throw error("unexpected end of JSON input") }
        if bytes[index] == UInt8(ascii: "\"") {
            defer { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: String(decoding: bytes[start..<index], as: UTF8.self).unicodeScalars)
        var pending: [UInt8] = []
        func flush() {
            if !pending.isEmpty {
                scalars.append(contentsOf: String(decoding: pending, as: UTF8.self).unicodeScalars)
                pending.removeAll()
            }
        }
        while true {
            guard index < bytes.count else { throw error("unexpected end of JSON input") }
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return String(scalars)
            case UInt8(ascii: "\\"):
                flush()
                guard index < bytes.count else { throw error("unexpected end of JSON input") }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), bytes.count >= index + 6, bytes[index] == UInt8(ascii: "\\"),
                        bytes[index + 1] == UInt8(ascii: "u")
                    {
                        index += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            scalars.append("\u{FFFD}")
                            code = low
                        }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default:
                    throw error("invalid character in string escape code")
                }
            default:
                guard byte >= 0x20 else { throw error("invalid character in string literal") }
                pending.append(byte)
            }
        }
    }

    private mutating func hex4() throws(JSONValue.ParseError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("unexpected end of JSON input") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw error("invalid character in \\u hexadecimal character escape")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private mutating func parseNumber() throws(JSONValue.ParseError) -> JSONValue {
        let start = index
        if peek(UInt8(ascii: "-")) { index += 1 }
        guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
            throw error("invalid character in numeric literal")
        }
        if bytes[index] == UInt8(ascii: "0") { index += 1 } else { skipDigits() }
        var integral = true
        if peek(UInt8(ascii: ".")) {
            integral = false
            index += 1
            guard skipDigits() > 0 else { throw error("invalid character after decimal point in numeric literal") }
        }
        if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
            integral = false
            index += 1
            if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { index += 1 }
            guard skipDigits() > 0 else { throw error("invalid character in exponent of numeric literal") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let number = Int64(text) { return .int(number) }
        guard let number = Double(text) else { throw error("invalid number \(text)") }
        // Go's decoder refuses a number past float64's range (which could not be written back as JSON).
        guard number.isFinite else { throw error("cannot unmarshal number \(text) into Go value of type float64") }
        return .double(number)
    }

    @discardableResult
    private mutating func skipDigits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String, _ value: JSONValue) throws(JSONValue.ParseError) -> JSONValue {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count else { throw error("unexpected end of JSON input") }
        guard bytes[index..<index + expected.count].elementsEqual(expected) else {
            throw error("invalid character in literal \(word)")
        }
        index += expected.count
        return value
    }

    private mutating func enter() throws(JSONValue.ParseError) {
        depth += 1
        if depth > maxDepth { throw error("exceeded max depth of \(maxDepth)") }
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    private func error(_ message: String) -> JSONValue.ParseError {
        JSONValue.ParseError(message: "\(message) (at byte \(index))")
    }
}
