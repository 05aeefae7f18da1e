import NIOCore
import NIOWebSocket

/// Serves one exec or attach session over a WebSocket with the channel protocols of
/// `k8s.io/apimachinery/pkg/util/remotecommand`: every binary message starts with its channel (0 stdin,
/// 1 stdout, 2 stderr, 3 error, 4 resize); `v5.channel.k8s.io` adds the close message (255, channel) with
/// which the client ends its standard input. As kube-apiserver's stream translator does, the session
/// opens with an empty message on the lowest output channel and ends with the `Status` on the error
/// channel and a close frame, then waits for the client to close. Framing is NIOWebSocket's.
final class WebSocketRemoteCommandHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// The subprotocols served, most preferred first.
    static let protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io"]
    private static let closeChannel: UInt8 = 255

    private let session: RemoteCommandSession
    private let supportsClose: Bool
    private var message: [UInt8] = []
    private var closeSent = false
    private var context: ChannelHandlerContext?

    init(session: RemoteCommandSession, subprotocol: String) {
        self.session = session
        supportsClose = subprotocol == "v5.channel.k8s.io"
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let first: RemoteCommandStream = session.stdout ? .stdout : session.stderr && !session.request.tty ? .stderr : .error
        _ = send(first, [])
        let transport = Transport(handler: NIOLoopBound(self, eventLoop: context.eventLoop), eventLoop: context.eventLoop)
        let session = self.session
        Task { await session.run(over: transport, protocol: .webSocket) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .continuation, .text:
            var data = frame.unmaskedData
            message += data.readBytes(length: data.readableBytes) ?? []
            if frame.fin {
                receive(message)
                message = []
            }
        case .ping:
            let pong = WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)
            context.writeAndFlush(wrapOutboundOut(pong), promise: nil)
        case .connectionClose:
            session.input.close()
            if closeSent {
                context.close(promise: nil)
            } else {
                closeSent = true
                let reply = WebSocketFrame(fin: true, opcode: .connectionClose, data: frame.unmaskedData)
                context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in context.close(promise: nil) }
            }
        default:
            break
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        session.input.close()
        self.context = nil
        context.fireChannelInactive()
    }

    private func receive(_ message: [UInt8]) {
        guard let channel = message.first else { return }
        let payload = Array(message.dropFirst())
        switch channel {
        case RemoteCommandStream.stdin.rawValue: session.input.receiveStdin(payload)
        case RemoteCommandStream.resize.rawValue: session.input.receiveResize(payload)
        case Self.closeChannel where supportsClose && payload.first == RemoteCommandStream.stdin.rawValue:
            session.input.endStdin()
        default: break
        }
    }

    fileprivate func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) -> EventLoopFuture<Void>? {
        guard let context, !closeSent else { return nil }
        var buffer = context.channel.allocator.buffer(capacity: bytes.count + 1)
        buffer.writeInteger(stream.rawValue)
        buffer.writeBytes(bytes)
        return context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .binary, data: buffer)))
    }

    /// The status on the error channel and a normal close; the client answers the close and closes.
    fileprivate func finish(status: [UInt8]) {
        guard let context, !closeSent else { return }
        _ = send(.error, status)
        closeSent = true
        var code = context.channel.allocator.buffer(capacity: 2)
        code.write(webSocketErrorCode: .normalClosure)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: code)), promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
    }

    private struct Transport: RemoteCommandTransport {
        let handler: NIOLoopBound<WebSocketRemoteCommandHandler>
        let eventLoop: any EventLoop

        func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) async {
            let handler = self.handler
            try? await eventLoop.flatSubmit { handler.value.send(stream, bytes) ?? eventLoop.makeSucceededVoidFuture() }.get()
        }

        func finish(status: [UInt8]) async {
            let handler = self.handler
            try? await eventLoop.submit { handler.value.finish(status: status) }.get()
        }
    }
}
