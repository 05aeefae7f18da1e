import Foundation
import NIOCore
import NIOWebSocket

/// Serves one exec or attach session over a WebSocket with the channel protocols of
/// `k8s.io/apimachinery/pkg/util/remotecommand`: every binary message starts with its channel (0 stdin,
/// 1 stdout, 2 stderr, 3 error, 4 resize); `v5.channel.k8s.io` adds the close message (255, channel) with
/// which the client ends its standard input; `v4.base64.channel.k8s.io` (for clients that cannot send binary
/// frames) carries the channel as an ASCII digit and the data in base64, in text frames. As kube-apiserver's stream
/// translator does, the session
/// opens with an empty message on the lowest output channel and ends with the `Status` on the error
/// channel and a close frame, then waits for the client to close. Framing is NIOWebSocket's.
final class WebSocketRemoteCommandHandler: ChannelInboundHandler, RemovableChannelHandler, RemoteCommandConnection {
    typealias InboundIn = WebSocketFrame
    typealias OutboundOut = WebSocketFrame

    /// The subprotocols served, most preferred first.
    static let protocols = ["v5.channel.k8s.io", "v4.channel.k8s.io", "v4.base64.channel.k8s.io"]
    private static let closeChannel: UInt8 = 255
    static let maxMessageSize = 1 << 20

    private let session: RemoteCommandSession
    private let supportsClose: Bool
    private let base64: Bool
    private var message: [UInt8] = []
    private var closeSent = false
    private var context: ChannelHandlerContext?

    init(session: RemoteCommandSession, subprotocol: String) {
        self.session = session
        supportsClose = subprotocol == "v5.channel.k8s.io"
        base64 = subprotocol.contains(".base64.")
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        let first: RemoteCommandStream = session.stdout ? .stdout : session.stderr && !session.request.tty ? .stderr : .error
        _ = send(first, [])
        let transport = LoopBoundTransport(self, eventLoop: context.eventLoop)
        let session = self.session
        Task { await session.run(over: transport, protocol: .webSocket) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .binary, .continuation, .text:
            var data = frame.unmaskedData
            message += data.readBytes(length: data.readableBytes) ?? []
            // A message is a keystroke, a line or a resize: one that never ends is refused.
            guard message.count <= Self.maxMessageSize else { return context.close(promise: nil) }
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
                let channel = context.channel
                context.writeAndFlush(wrapOutboundOut(reply)).whenComplete { _ in channel.close(promise: nil) }
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
        guard var channel = message.first else { return }
        var payload = Array(message.dropFirst())
        if base64 {
            guard channel >= UInt8(ascii: "0"), let decoded = Data(base64Encoded: Data(payload)) else { return }
            channel -= UInt8(ascii: "0")
            payload = Array(decoded)
        }
        switch channel {
        case RemoteCommandStream.stdin.rawValue: session.input.receiveStdin(payload)
        case RemoteCommandStream.resize.rawValue: session.input.receiveResize(payload)
        case Self.closeChannel where supportsClose && payload.first == RemoteCommandStream.stdin.rawValue:
            session.input.endStdin()
        default: break
        }
    }

    func send(_ stream: RemoteCommandStream, _ bytes: [UInt8]) -> EventLoopFuture<Void>? {
        guard let context, !closeSent else { return nil }
        var buffer = context.channel.allocator.buffer(capacity: bytes.count * 4 / 3 + 4)
        if base64 {
            buffer.writeInteger(UInt8(ascii: "0") + stream.rawValue)
            buffer.writeString(Data(bytes).base64EncodedString())
        } else {
            buffer.writeInteger(stream.rawValue)
            buffer.writeBytes(bytes)
        }
        let frame = WebSocketFrame(fin: true, opcode: base64 ? .text : .binary, data: buffer)
        return context.writeAndFlush(wrapOutboundOut(frame))
    }

    /// The status on the error channel and a normal close; the client answers the close and closes.
    func finish(status: [UInt8]) {
        guard let context, !closeSent else { return }
        _ = send(.error, status)
        closeSent = true
        var code = context.channel.allocator.buffer(capacity: 2)
        code.write(webSocketErrorCode: .normalClosure)
        context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose, data: code)), promise: nil)
        let channel = context.channel
        context.eventLoop.scheduleTask(in: .seconds(5)) { channel.close(promise: nil) }
    }
}
