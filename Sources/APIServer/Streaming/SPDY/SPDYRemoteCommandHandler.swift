import NIOCore

/// Serves one exec or attach session over SPDY/3.1 after the HTTP upgrade, as the kubelet does with
/// `X-Stream-Protocol-Version: v4.channel.k8s.io`: the client opens a stream per channel (SYN_STREAM with a
/// `streamType` header: error, stdin, stdout, stderr, resize), each answered with SYN_REPLY; once all the
/// streams the request asked for are open the process runs; output goes out as DATA on the client's
/// streams, and the end as a `Status` on the error stream, after which every stream is finished and the
/// connection goes away. Flow control is not enforced (spdystream, kubectl's side, does not either).
final class SPDYRemoteCommandHandler: ChannelInboundHandler, RemovableChannelHandler, RemoteCommandConnection {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let session: RemoteCommandSession
    /// The streams the request needs before the process starts.
    private let expected: Set<RemoteCommandStream>
    private var pending = ByteBuffer()
    private let compressor: SPDYHeaderCompressor
    private let decompressor: SPDYHeaderDecompressor
    private var streams: [RemoteCommandStream: UInt32] = [:]
    private var lastStreamID: UInt32 = 0
    private var started = false
    private var finished = false
    private var context: ChannelHandlerContext?

    init(session: RemoteCommandSession, tty: Bool) throws {
        self.session = session
        var expected: Set<RemoteCommandStream> = [.error]
        if session.request.stdin { expected.insert(.stdin) }
        if session.stdout { expected.insert(.stdout) }
        if session.stderr && !tty { expected.insert(.stderr) }
        if tty { expected.insert(.resize) }
        self.expected = expected
        compressor = try SPDYHeaderCompressor()
        decompressor = try SPDYHeaderDecompressor()
    }

    /// How long the client has to open its streams (the kubelet's `streamCreationTimeout`).
    static let streamCreationTimeout: TimeAmount = .seconds(30)

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: Self.streamCreationTimeout) {
            guard !handler.value.started, let context = handler.value.context else { return }
            handler.value.write(.goAway(lastGoodStreamID: handler.value.lastStreamID, status: 0), context: context, flush: true)
            context.close(promise: nil)
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = unwrapInboundIn(data)
        pending.writeBuffer(&bytes)
        do {
            while let decoded = try SPDYFrame.decode(from: &pending, decompressor: decompressor) {
                if case .frame(let frame) = decoded { receive(frame, context: context) }
            }
            pending.discardReadBytes()
        } catch {
            write(.goAway(lastGoodStreamID: lastStreamID, status: SPDYFrame.Status.protocolError), context: context, flush: true)
            context.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.input.close()
        self.context = nil
        context.fireChannelInactive()
    }

    private func receive(_ frame: SPDYFrame, context: ChannelHandlerContext) {
        switch frame {
        case .synStream(let id, _, _, let fin, _, let headers):
            lastStreamID = max(lastStreamID, id)
            guard let type = headers["streamType"].flatMap({ name in RemoteCommandStream.allCases.first { $0.name == name } }),
                streams[type] == nil
            else {
                write(.rstStream(streamID: id, status: SPDYFrame.Status.refusedStream), context: context, flush: true)
                return
            }
            streams[type] = id
            write(.synReply(streamID: id, fin: false, headers: SPDYHeaders()), context: context, flush: true)
            if fin && type == .stdin { session.input.endStdin() }
            startWhenReady(context: context)
        case .data(let id, let fin, let payload):
            switch streams.first(where: { $0.value == id })?.key {
            case .stdin?:
                session.input.receiveStdin(payload)
                if fin { session.input.endStdin() }
            case .resize?: session.input.receiveResize(payload)
            default: break
            }
        case .rstStream(let id, _):
            if streams[.stdin] == id { session.input.endStdin() }
        case .ping(let id):
            write(.ping(id: id), context: context, flush: true)
        case .goAway:
            session.input.close()
        case .synReply, .settings, .headers, .windowUpdate:
            break
        }
    }

    private func startWhenReady(context: ChannelHandlerContext) {
        guard !started, expected.isSubset(of: Set(streams.keys)) else { return }
        started = true
        let transport = LoopBoundTransport(self, eventLoop: context.eventLoop)
        let session = self.session
        Task { await session.run(over: transport, protocol: .spdy) }
    }

    private func write(_ frame: SPDYFrame, context: ChannelHandlerContext, flush: Bool) {
        var buffer = context.channel.allocator.buffer(capacity: 64)
        guard (try? frame.encode(into: &buffer, compressor: compressor)) != nil else { return }
        if flush { context.writeAndFlush(wrapOutboundOut(buffer), promise: nil) } else { context.write(wrapOutboundOut(buffer), promise: nil) }
    }

    /// Output on a stream, in frames of at most 32 KiB; the future completes when it is written.
    func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) -> EventLoopFuture<Void>? {
        guard let context, let id = streams[stream], !finished else { return nil }
        var buffer = context.channel.allocator.buffer(capacity: bytes.count + 16)
        var rest = bytes[...]
        repeat {
            let chunk = rest.prefix(1 << 15)
            rest = rest.dropFirst(chunk.count)
            try? SPDYFrame.data(streamID: id, fin: false, payload: Array(chunk)).encode(into: &buffer, compressor: compressor)
        } while !rest.isEmpty
        return context.writeAndFlush(wrapOutboundOut(buffer))
    }

    /// The status on the error stream, every stream finished, GOAWAY; the connection closes when the client
    /// closes it, or after a grace period.
    func finish(status: [UInt8]) {
        guard let context, !finished else { return }
        if let id = streams[.error] { write(.data(streamID: id, fin: false, payload: status), context: context, flush: false) }
        finished = true
        for stream in RemoteCommandStream.allCases {
            if let id = streams[stream] { write(.data(streamID: id, fin: true, payload: []), context: context, flush: false) }
        }
        write(.goAway(lastGoodStreamID: lastStreamID, status: 0), context: context, flush: true)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
    }
}
