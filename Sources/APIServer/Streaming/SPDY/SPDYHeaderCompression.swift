import CZlib

/// A SPDY/3 header block: name/value pairs, names lowercase, several values of one name joined by NUL.
struct SPDYHeaders: Sendable, Equatable {
    var pairs: [(name: String, value: String)]

    init(_ pairs: [(name: String, value: String)] = []) { self.pairs = pairs }

    /// The first value of `name` (case-insensitive, as spdystream's `http.Header` reads it).
    subscript(_ name: String) -> String? {
        pairs.first { $0.name.lowercased() == name.lowercased() }?.value.split(separator: "\0").first.map(String.init)
    }

    static func == (lhs: SPDYHeaders, rhs: SPDYHeaders) -> Bool {
        lhs.pairs.map(\.name) == rhs.pairs.map(\.name) && lhs.pairs.map(\.value) == rhs.pairs.map(\.value)
    }

    /// The uncompressed block: a 32-bit count, then each name and value with its 32-bit length.
    var encoded: [UInt8] {
        var bytes = Self.length(pairs.count)
        for (name, value) in pairs {
            let name = Array(name.lowercased().utf8), value = Array(value.utf8)
            bytes += Self.length(name.count) + name + Self.length(value.count) + value
        }
        return bytes
    }

    /// Reads an uncompressed block; nil when it is malformed.
    init?(decoding bytes: [UInt8]) {
        var offset = 0
        func length() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            defer { offset += 4 }
            return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        }
        func string() -> String? {
            guard let count = length(), offset + count <= bytes.count else { return nil }
            defer { offset += count }
            return String(decoding: bytes[offset..<offset + count], as: UTF8.self)
        }
        guard let count = length(), count <= bytes.count / 8 else { return nil }
        var pairs: [(name: String, value: String)] = []
        for _ in 0..<count {
            guard let name = string(), let value = string() else { return nil }
            pairs.append((name, value))
        }
        self.pairs = pairs
    }

    private static func length(_ count: Int) -> [UInt8] {
        [UInt8(count >> 24 & 0xff), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)]
    }
}

/// Errors of a SPDY connection's header compression.
struct SPDYCompressionError: Error, Equatable {
    var code: Int32
}

/// One direction of a connection's header compression: a single zlib stream with the SPDY/3 dictionary for
/// all of the connection's header blocks, each ended with a sync flush (SPDY/3 2.6.10).
final class SPDYHeaderCompressor {
    private var stream = z_stream()

    init() throws(SPDYCompressionError) {
        let status = deflateInit_(&stream, Z_DEFAULT_COMPRESSION, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw SPDYCompressionError(code: status) }
        let dictionary = SPDYDictionary.bytes
        let set = dictionary.withUnsafeBufferPointer { deflateSetDictionary(&stream, $0.baseAddress, uInt($0.count)) }
        guard set == Z_OK else { throw SPDYCompressionError(code: set) }
    }

    deinit { deflateEnd(&stream) }

    func compress(_ headers: SPDYHeaders) throws(SPDYCompressionError) -> [UInt8] {
        var input = headers.encoded
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = input.count
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(count)
            repeat {
                chunk.withUnsafeMutableBufferPointer { chunk in
                    stream.next_out = chunk.baseAddress
                    stream.avail_out = uInt(chunk.count)
                    status = deflate(&stream, Z_SYNC_FLUSH)
                }
                output += chunk[0..<chunk.count - Int(stream.avail_out)]
            } while status == Z_OK && stream.avail_out == 0
            stream.next_in = nil
        }
        guard status == Z_OK || status == Z_BUF_ERROR else { throw SPDYCompressionError(code: status) }
        return output
    }
}

/// The other direction: inflates the peer's header blocks, setting the dictionary when zlib asks for it.
final class SPDYHeaderDecompressor {
    private var stream = z_stream()

    init() throws(SPDYCompressionError) {
        let status = inflateInit_(&stream, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw SPDYCompressionError(code: status) }
    }

    deinit { inflateEnd(&stream) }

    static let maxBlockSize = 1 << 20

    /// The header block of one frame, or nil when it is malformed.
    func decompress(_ compressed: [UInt8]) throws(SPDYCompressionError) -> SPDYHeaders? {
        var input = compressed
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        let count = input.count
        var status: Int32 = Z_OK
        input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(count)
            while true {
                chunk.withUnsafeMutableBufferPointer { chunk in
                    stream.next_out = chunk.baseAddress
                    stream.avail_out = uInt(chunk.count)
                    status = inflate(&stream, Z_SYNC_FLUSH)
                    if status == Z_NEED_DICT {
                        status = SPDYDictionary.bytes.withUnsafeBufferPointer {
                            inflateSetDictionary(&stream, $0.baseAddress, uInt($0.count))
                        }
                        if status == Z_OK { status = inflate(&stream, Z_SYNC_FLUSH) }
                    }
                }
                output += chunk[0..<chunk.count - Int(stream.avail_out)]
                // A header block is a few names and values: one that inflates past this is refused.
                if output.count > Self.maxBlockSize { status = Z_DATA_ERROR }
                if status != Z_OK || (stream.avail_in == 0 && stream.avail_out != 0) { break }
            }
            stream.next_in = nil
        }
        guard status == Z_OK || status == Z_BUF_ERROR else { throw SPDYCompressionError(code: status) }
        return SPDYHeaders(decoding: output)
    }
}
