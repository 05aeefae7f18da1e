@testable import APIServer
import CZlib
import NIOCore
import Testing

/// SPDY/3.1 framing as spdystream (kubectl's side of `KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false`) writes and
/// reads it: frame layouts, and header blocks compressed in one zlib stream per direction with the SPDY/3
/// dictionary.
struct SPDYFrameTests {
    /// One connection's two directions: what one side's compressor writes, the other's decompressor reads.
    private func roundTrip(_ frames: [SPDYFrame]) throws -> [SPDYFrame] {
        let compressor = try SPDYHeaderCompressor()
        let decompressor = try SPDYHeaderDecompressor()
        var buffer = ByteBuffer()
        for frame in frames { try frame.encode(into: &buffer, compressor: compressor) }
        var decoded: [SPDYFrame] = []
        while case .frame(let frame)? = try SPDYFrame.decode(from: &buffer, decompressor: decompressor) { decoded.append(frame) }
        #expect(buffer.readableBytes == 0)
        return decoded
    }

    @Test func theDictionaryIsSPDY3s() {
        #expect(SPDYDictionary.bytes.count == 1423)
        let adler = SPDYDictionary.bytes.withUnsafeBufferPointer { adler32(1, $0.baseAddress, uInt($0.count)) }
        #expect(adler == 0xe3c6_a7c2)
        #expect(Array(SPDYDictionary.bytes.prefix(11)) == [0, 0, 0, 7] + Array("options".utf8))
    }

    @Test func everyFrameTypeSurvivesEncodingAndDecoding() throws {
        let headers = SPDYHeaders([("streamtype", "error"), ("x-multi", "a\0b")])
        let frames: [SPDYFrame] = [
            .synStream(streamID: 1, associatedTo: 0, priority: 0, fin: false, unidirectional: false, headers: headers),
            .synStream(streamID: 3, associatedTo: 1, priority: 7, fin: true, unidirectional: true, headers: SPDYHeaders([("streamtype", "stdin")])),
            .synReply(streamID: 1, fin: false, headers: SPDYHeaders()),
            .data(streamID: 3, fin: false, payload: Array("ls /\n".utf8)),
            .data(streamID: 3, fin: true, payload: []),
            .rstStream(streamID: 5, status: SPDYFrame.Status.cancel),
            .settings(clearsPrevious: false, entries: [.init(flags: 1, id: 7, value: 65536)]),
            .ping(id: 2),
            .windowUpdate(streamID: 0, delta: 1 << 20),
            .headers(streamID: 1, fin: true, headers: SPDYHeaders([("a", "b")])),
            .goAway(lastGoodStreamID: 7, status: 0),
        ]
        #expect(try roundTrip(frames) == frames)
    }

    @Test func framesHaveSPDY3Layouts() throws {
        var buffer = ByteBuffer()
        let compressor = try SPDYHeaderCompressor()
        try SPDYFrame.ping(id: 9).encode(into: &buffer, compressor: compressor)
        #expect(Array(buffer.readableBytesView) == [0x80, 0x03, 0x00, 0x06, 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 9])
        buffer.clear()
        try SPDYFrame.data(streamID: 5, fin: true, payload: [0x41]).encode(into: &buffer, compressor: compressor)
        #expect(Array(buffer.readableBytesView) == [0, 0, 0, 5, 0x01, 0, 0, 1, 0x41])
        buffer.clear()
        try SPDYFrame.goAway(lastGoodStreamID: 3, status: 0).encode(into: &buffer, compressor: compressor)
        #expect(Array(buffer.readableBytesView) == [0x80, 0x03, 0x00, 0x07, 0, 0, 0, 8, 0, 0, 0, 3, 0, 0, 0, 0])
    }

    /// Header names go out lowercase with 32-bit lengths; the first block of a stream is deflated with the
    /// dictionary (zlib's FDICT flag and the dictionary's adler32 in its header).
    @Test func headerBlocksUseTheDictionary() throws {
        #expect(
            SPDYHeaders([("StreamType", "error")]).encoded
                == [0, 0, 0, 1, 0, 0, 0, 10] + Array("streamtype".utf8) + [0, 0, 0, 5] + Array("error".utf8))
        let compressed = try SPDYHeaderCompressor().compress(SPDYHeaders([("streamtype", "error")]))
        #expect(compressed[1] & 0x20 != 0, "FDICT")
        #expect(Array(compressed[2..<6]) == [0xe3, 0xc6, 0xa7, 0xc2])
    }

    @Test func partialFramesWaitForTheirBytes() throws {
        let compressor = try SPDYHeaderCompressor()
        let decompressor = try SPDYHeaderDecompressor()
        var whole = ByteBuffer()
        try SPDYFrame.data(streamID: 1, fin: false, payload: Array(repeating: 7, count: 100)).encode(into: &whole, compressor: compressor)
        var partial = whole.getSlice(at: 0, length: 50)!
        #expect(try SPDYFrame.decode(from: &partial, decompressor: decompressor) == nil)
        #expect(partial.readableBytes == 50)
    }

    @Test func unknownControlTypesAreSkippedAndOtherVersionsRefused() throws {
        let decompressor = try SPDYHeaderDecompressor()
        var credential = ByteBuffer(bytes: [0x80, 0x03, 0x00, 0x0a, 0, 0, 0, 2, 1, 2])
        #expect(try SPDYFrame.decode(from: &credential, decompressor: decompressor) == .skipped)
        var version2 = ByteBuffer(bytes: [0x80, 0x02, 0x00, 0x06, 0, 0, 0, 4, 0, 0, 0, 1])
        #expect(throws: SPDYFrameError.unsupportedVersion) { try SPDYFrame.decode(from: &version2, decompressor: decompressor) }
    }

    @Test func resizeMessagesAreReadAcrossAndWithinChunks() async {
        let input = RemoteCommandInput()
        input.receiveResize(Array("{\"Width\":80,\"Hei".utf8))
        input.receiveResize(Array("ght\":24}{\"Width\":100,\"Height\":40}".utf8))
        input.close()
        var sizes: [TerminalSize] = []
        for await size in input.resizes { sizes.append(size) }
        #expect(sizes == [TerminalSize(width: 80, height: 24), TerminalSize(width: 100, height: 40)])
    }
}

extension SPDYFrameTests {
    /// A header block that inflates past 1 MiB (a compression bomb) fails the frame instead of growing without end.
    @Test func oversizedHeaderBlocksAreRefused() throws {
        let huge = SPDYHeaders([("x", String(repeating: "a", count: 2 << 20))])
        var buffer = ByteBuffer()
        try SPDYFrame.synReply(streamID: 1, fin: false, headers: huge).encode(into: &buffer, compressor: SPDYHeaderCompressor())
        #expect(buffer.readableBytes < 64 << 10)
        #expect(throws: SPDYFrameError.malformedHeaders) { try SPDYFrame.decode(from: &buffer, decompressor: SPDYHeaderDecompressor()) }
    }
}
