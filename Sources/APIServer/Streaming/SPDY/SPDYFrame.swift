import NIOCore

/// A SPDY/3.1 frame (draft-mbelshe-httpbis-spdy-00 and the 3.1 session flow control), header blocks
/// uncompressed. A control frame starts with the control bit, version 3 and its type; a data frame with
/// its stream id; both then carry 8 bits of flags and a 24-bit length.
enum SPDYFrame: Sendable, Equatable {
    case synStream(streamID: UInt32, associatedTo: UInt32, priority: UInt8, fin: Bool, unidirectional: Bool, headers: SPDYHeaders)
    case synReply(streamID: UInt32, fin: Bool, headers: SPDYHeaders)
    case rstStream(streamID: UInt32, status: UInt32)
    /// SETTINGS entries (flags, id, value).
    case settings(clearsPrevious: Bool, entries: [Setting])
    case ping(id: UInt32)
    case goAway(lastGoodStreamID: UInt32, status: UInt32)
    case headers(streamID: UInt32, fin: Bool, headers: SPDYHeaders)
    case windowUpdate(streamID: UInt32, delta: UInt32)
    case data(streamID: UInt32, fin: Bool, payload: [UInt8])

    struct Setting: Sendable, Equatable {
        var flags: UInt8
        var id: UInt32
        var value: UInt32
    }

    static let version: UInt16 = 3
    static let finFlag: UInt8 = 0x01
    static let unidirectionalFlag: UInt8 = 0x02
    /// The largest length 24 bits carry.
    static let maxLength = 0xff_ffff

    enum ControlType: UInt16 {
        case synStream = 1, synReply = 2, rstStream = 3, settings = 4, ping = 6, goAway = 7, headers = 8, windowUpdate = 9
    }

    /// RST_STREAM status codes.
    enum Status {
        static let protocolError: UInt32 = 1
        static let invalidStream: UInt32 = 2
        static let refusedStream: UInt32 = 3
        static let cancel: UInt32 = 5
    }

    /// Writes the frame, compressing its header block with the connection's compressor.
    func encode(into buffer: inout ByteBuffer, compressor: SPDYHeaderCompressor) throws(SPDYCompressionError) {
        func control(_ type: ControlType, flags: UInt8 = 0, _ body: [UInt8]) {
            buffer.writeInteger(0x8000 | Self.version)
            buffer.writeInteger(type.rawValue)
            buffer.writeInteger(UInt32(flags) << 24 | UInt32(body.count))
            buffer.writeBytes(body)
        }
        switch self {
        case .synStream(let id, let associated, let priority, let fin, let unidirectional, let headers):
            let flags = (fin ? Self.finFlag : 0) | (unidirectional ? Self.unidirectionalFlag : 0)
            control(
                .synStream, flags: flags,
                Self.word(id) + Self.word(associated) + [priority << 5, 0] + (try compressor.compress(headers)))
        case .synReply(let id, let fin, let headers):
            control(.synReply, flags: fin ? Self.finFlag : 0, Self.word(id) + (try compressor.compress(headers)))
        case .rstStream(let id, let status):
            control(.rstStream, Self.word(id) + Self.word(status))
        case .settings(let clears, let entries):
            var body = Self.word(UInt32(entries.count))
            for entry in entries { body += [entry.flags] + Self.word(entry.id).dropFirst() + Self.word(entry.value) }
            control(.settings, flags: clears ? 1 : 0, body)
        case .ping(let id):
            control(.ping, Self.word(id))
        case .goAway(let last, let status):
            control(.goAway, Self.word(last) + Self.word(status))
        case .headers(let id, let fin, let headers):
            control(.headers, flags: fin ? Self.finFlag : 0, Self.word(id) + (try compressor.compress(headers)))
        case .windowUpdate(let id, let delta):
            control(.windowUpdate, Self.word(id) + Self.word(delta))
        case .data(let id, let fin, let payload):
            buffer.writeInteger(id & 0x7fff_ffff)
            buffer.writeInteger(UInt32(fin ? Self.finFlag : 0) << 24 | UInt32(payload.count))
            buffer.writeBytes(payload)
        }
    }

    /// Reads one frame from the front of `buffer` when it is all there; nil when more bytes are needed, and
    /// `.skipped` for a control frame of a type SPDY/3.1 lets a receiver ignore.
    static func decode(
        from buffer: inout ByteBuffer, decompressor: SPDYHeaderDecompressor
    ) throws(SPDYFrameError) -> Decoded? {
        guard buffer.readableBytes >= 8,
            let first = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
            let second = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self)
        else { return nil }
        let length = Int(second & 0xff_ffff), flags = UInt8(second >> 24)
        guard buffer.readableBytes >= 8 + length else { return nil }
        buffer.moveReaderIndex(forwardBy: 8)
        let body = buffer.readBytes(length: length) ?? []
        guard first & 0x8000_0000 != 0 else {
            return .frame(.data(streamID: first & 0x7fff_ffff, fin: flags & finFlag != 0, payload: body))
        }
        guard UInt16(first >> 16 & 0x7fff) == version else { throw SPDYFrameError.unsupportedVersion }
        guard let type = ControlType(rawValue: UInt16(first & 0xffff)) else { return .skipped }
        func word(_ offset: Int) throws(SPDYFrameError) -> UInt32 {
            guard offset + 4 <= body.count else { throw SPDYFrameError.malformed }
            return body[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
        }
        func headers(from offset: Int) throws(SPDYFrameError) -> SPDYHeaders {
            guard offset <= body.count, let headers = try? decompressor.decompress(Array(body[offset...])) else {
                throw SPDYFrameError.malformedHeaders
            }
            return headers
        }
        let fin = flags & finFlag != 0
        switch type {
        case .synStream:
            guard body.count >= 10 else { throw SPDYFrameError.malformed }
            return .frame(
                .synStream(
                    streamID: try word(0) & 0x7fff_ffff, associatedTo: try word(4) & 0x7fff_ffff, priority: body[8] >> 5,
                    fin: fin, unidirectional: flags & unidirectionalFlag != 0, headers: try headers(from: 10)))
        case .synReply:
            return .frame(.synReply(streamID: try word(0) & 0x7fff_ffff, fin: fin, headers: try headers(from: 4)))
        case .rstStream:
            return .frame(.rstStream(streamID: try word(0) & 0x7fff_ffff, status: try word(4)))
        case .settings:
            let count = Int(try word(0))
            guard body.count == 4 + 8 * count else { throw SPDYFrameError.malformed }
            let entries = try (0..<count).map { index throws(SPDYFrameError) in
                let at = 4 + 8 * index
                return Setting(flags: body[at], id: try word(at) & 0xff_ffff, value: try word(at + 4))
            }
            return .frame(.settings(clearsPrevious: flags & 1 != 0, entries: entries))
        case .ping:
            return .frame(.ping(id: try word(0)))
        case .goAway:
            return .frame(.goAway(lastGoodStreamID: try word(0) & 0x7fff_ffff, status: body.count >= 8 ? try word(4) : 0))
        case .headers:
            return .frame(.headers(streamID: try word(0) & 0x7fff_ffff, fin: fin, headers: try headers(from: 4)))
        case .windowUpdate:
            return .frame(.windowUpdate(streamID: try word(0) & 0x7fff_ffff, delta: try word(4) & 0x7fff_ffff))
        }
    }

    enum Decoded: Equatable {
        case frame(SPDYFrame)
        case skipped
    }

    private static func word(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff), UInt8(value & 0xff)]
    }
}

/// A frame the connection cannot read: the session ends with GOAWAY.
enum SPDYFrameError: Error, Equatable {
    case unsupportedVersion, malformed, malformedHeaders
}
