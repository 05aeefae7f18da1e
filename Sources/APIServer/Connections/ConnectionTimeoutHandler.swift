import NIOCore
import NIOHTTPTypes
import NIOSSL
import NIOTLS

/// Enforces ``ConnectionTimeouts`` on one connection: it closes a connection whose TLS handshake, first
/// request headers or next request (after an idle keep-alive) do not come in time, and fails the body of a
/// request that stops short with ``RequestBodyTimeout``, which the request answers 504 before the connection
/// closes. Nothing is timed while a response is being written: a watch may last as long as it asked for.
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum Step {
        case handshake, header, idle, body
    }

    private let timeouts: ConnectionTimeouts
    private let tls: Bool
    private var started = false
    private var readingRequest = false
    private var responsesOwed = 0
    /// Set when a body timed out: the connection closes once its answer is written.
    private var closeAfterResponse = false
    private var deadline: Scheduled<Void>?

    init(timeouts: ConnectionTimeouts, tls: Bool) {
        self.timeouts = timeouts
        self.tls = tls
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        disarm()
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        disarm()
        context.fireChannelInactive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !readingRequest, responsesOwed == 0 {
            arm(.header, context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readingRequest = true
            responsesOwed += 1
            arm(.body, context)
        case .end:
            readingRequest = false
            disarm()
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            if closeAfterResponse {
                context.writeAndFlush(data, promise: promise)
                context.close(promise: nil)
                return
            }
            responsesOwed = max(0, responsesOwed - 1)
            if responsesOwed == 0 && !readingRequest { arm(.idle, context) }
        }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard !started else { return }
        started = true
        arm(tls ? .handshake : .header, context)
    }

    private func arm(_ step: Step, _ context: ChannelHandlerContext) {
        disarm()
        let duration =
            switch step {
            case .handshake: timeouts.handshake
            case .header: timeouts.header
            case .idle: timeouts.idle
            case .body: timeouts.body
            }
        let loop = context.eventLoop.assumeIsolated()
        deadline = loop.scheduleTask(in: TimeAmount(duration)) {
            self.deadline = nil
            switch step {
            case .body:
                self.readingRequest = false
                self.closeAfterResponse = true
                context.fireErrorCaught(RequestBodyTimeout())
            case .handshake, .header, .idle: context.close(promise: nil)
            }
        }
    }

    private func disarm() {
        deadline?.cancel()
        deadline = nil
    }
}

@available(*, unavailable)
extension ConnectionTimeoutHandler: Sendable {}
