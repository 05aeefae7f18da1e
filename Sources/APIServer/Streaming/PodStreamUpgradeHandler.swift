import Crypto
import Foundation
import HTTPTypes
import HummingbirdCore
import KubeAPI
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOSSL
import NIOWebSocket

/// Takes over a connection whose request upgrades to an exec or attach session: a WebSocket with a
/// `*.channel.k8s.io` subprotocol, or SPDY/3.1 with `X-Stream-Protocol-Version: v4.channel.k8s.io`.
///
/// It sits among the HTTP/1 connection's handlers, after the timeouts, and lets every other request through.
/// An upgrade request is held while it is authenticated and checked (``PodStreamRequest``); one that fails
/// goes on to the HTTP responder, which answers the same failure as a `Status`. One that passes is answered
/// `101 Switching Protocols`, the HTTP handlers leave the pipeline and the session's handlers take the bytes.
final class PodStreamUpgradeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// What the handler needs to check and serve a session.
    struct Services: Sendable {
        let registry: Registry
        let runtime: any ContainerRuntime
        /// Authentication and authorization of the upgrade request; a refused one goes on to the HTTP responder,
        /// which answers its 401 or 403.
        let access: AccessControl
    }

    private enum State {
        case passing
        case holding(parts: [HTTPRequestPart], ended: Bool, upgrade: Upgrade?)
        case upgraded
    }

    /// An accepted upgrade: the response headers and the handlers that serve it.
    struct Upgrade: Sendable {
        let headers: HTTPFields
        let handlers: @Sendable () throws -> [any ChannelHandler]
    }

    private let services: Services
    private var state = State.passing

    init(services: Services) {
        self.services = services
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch state {
        case .passing:
            guard case .head(let head) = part, let kind = Self.upgradeKind(head) else {
                return context.fireChannelRead(data)
            }
            state = .holding(parts: [part], ended: false, upgrade: nil)
            let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
            let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
            let services = self.services
            let channel = context.channel
            context.eventLoop.makeFutureWithTask {
                await Self.decide(head, kind: kind, channel: channel, services: services)
            }.whenComplete { result in
                handler.value.decided((try? result.get()) ?? nil, context: loopContext.value)
            }
        case .holding(var parts, _, let upgrade):
            parts.append(part)
            if case .end = part {
                state = .holding(parts: parts, ended: true, upgrade: upgrade)
                if let upgrade { perform(upgrade, context: context) }
            } else {
                state = .holding(parts: parts, ended: false, upgrade: upgrade)
            }
        case .upgraded:
            break
        }
    }

    private func decided(_ upgrade: Upgrade?, context: ChannelHandlerContext) {
        guard case .holding(let parts, let ended, _) = state else { return }
        guard let upgrade else {
            state = .passing
            for part in parts { context.fireChannelRead(wrapInboundOut(part)) }
            // NIOAsyncChannel hands reads on at the end of a read burst.
            context.fireChannelReadComplete()
            return
        }
        state = .holding(parts: parts, ended: ended, upgrade: upgrade)
        if ended { perform(upgrade, context: context) }
    }

    /// Answers 101, then swaps the HTTP handlers for the session's.
    private func perform(_ upgrade: Upgrade, context: ChannelHandlerContext) {
        state = .upgraded
        let response = HTTPResponse(status: .switchingProtocols, headerFields: upgrade.headers)
        context.writeAndFlush(wrapOutboundOut(.head(response)), promise: nil)
        let pipeline = context.pipeline.syncOperations
        do {
            // The HTTP handlers go first: the session's writes from here on are bytes they cannot take.
            for handler in Self.httpHandlers(pipeline) { pipeline.removeHandler(handler, promise: nil) }
            var previous: any ChannelHandler = self
            for handler in try upgrade.handlers() {
                try pipeline.addHandler(handler, position: .after(previous))
                previous = handler
            }
            pipeline.removeHandler(context: context, promise: nil)
        } catch {
            context.close(promise: nil)
        }
    }

    /// The HTTP/1 codec and the handlers that read HTTP parts, which cannot stay once the bytes are a session's.
    private static func httpHandlers(_ pipeline: ChannelPipeline.SynchronousOperations) -> [any RemovableChannelHandler] {
        var handlers: [any RemovableChannelHandler] = []
        if let decoder = try? pipeline.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self) { handlers.append(decoder) }
        if let encoder = try? pipeline.handler(type: HTTPResponseEncoder.self) { handlers.append(encoder) }
        if let codec = try? pipeline.handler(type: HTTP1ToHTTPServerCodec.self) { handlers.append(codec) }
        if let timeouts = try? pipeline.handler(type: ConnectionTimeoutHandler.self) { handlers.append(timeouts) }
        return handlers
    }

    // MARK: - Deciding

    enum UpgradeKind: Sendable {
        case webSocket, spdy
    }

    private static func upgradeKind(_ head: HTTPRequest) -> UpgradeKind? {
        guard let upgrade = head.headerFields[.upgrade]?.lowercased(),
            let path = head.path, path.contains("/pods/")
        else { return nil }
        if upgrade.contains("websocket") { return .webSocket }
        if upgrade.contains("spdy/3.1") { return .spdy }
        return nil
    }

    /// The upgrade to perform, or nil to let the request through to the HTTP responder.
    private static func decide(_ head: HTTPRequest, kind: UpgradeKind, channel: any Channel, services: Services) async -> Upgrade? {
        let uri = URI(head.path ?? "")
        guard case .resource(let path)? = APIPath(uri.path), path.group.isEmpty, path.resource == "pods",
            let namespace = path.namespace, let name = path.name, let subresource = path.subresource,
            subresource == "exec" || subresource == "attach"
        else { return nil }
        let certificate = services.access.enabled ? try? await channel.nioSSL_peerCertificate().get() : nil
        var facts = AuditFacts()
        guard
            (try? await services.access.admit(
                method: head.method, path: .resource(path), rawPath: uri.path, query: QueryParameters(uri.query),
                headers: head.headerFields, certificate: certificate, facts: &facts)) != nil
        else { return nil }
        guard
            let request = try? await PodStreamRequest.resolve(
                registry: services.registry, namespace: namespace, name: name, subresource: subresource,
                query: QueryParameters(uri.query)),
            let process = request.process
        else { return nil }
        let session = RemoteCommandSession(
            request: process, runtime: services.runtime, input: RemoteCommandInput(), stdout: request.stdout,
            stderr: request.stderr)
        switch kind {
        case .webSocket:
            guard let key = head.headerFields[.secWebSocketKey],
                let subprotocol = Self.chosenSubprotocol(head.headerFields[values: .secWebSocketProtocol])
            else { return nil }
            let accept = Data(Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))).base64EncodedString()
            let headers: HTTPFields = [
                .upgrade: "websocket", .connection: "Upgrade", .secWebSocketAccept: accept, .secWebSocketProtocol: subprotocol,
            ]
            return Upgrade(headers: headers) {
                [
                    ByteToMessageHandler(WebSocketFrameDecoder(maxFrameSize: 1 << 20)), WebSocketFrameEncoder(),
                    WebSocketRemoteCommandHandler(session: session, subprotocol: subprotocol),
                ]
            }
        case .spdy:
            let versions = head.headerFields[values: Self.streamProtocolVersion].flatMap { $0.split(separator: ",") }
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard versions.contains("v4.channel.k8s.io") else { return nil }
            let headers: HTTPFields = [
                .connection: "Upgrade", .upgrade: "SPDY/3.1", Self.streamProtocolVersion: "v4.channel.k8s.io",
            ]
            let tty = process.tty
            return Upgrade(headers: headers) { [try SPDYRemoteCommandHandler(session: session, tty: tty)] }
        }
    }

    private static let streamProtocolVersion = HTTPField.Name("X-Stream-Protocol-Version")!

    /// The first of the served subprotocols the client offers.
    private static func chosenSubprotocol(_ offered: [String]) -> String? {
        let offered = Set(offered.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) })
        return WebSocketRemoteCommandHandler.protocols.first { offered.contains($0) }
    }
}
