import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import NIOTLS
import Synchronization

/// A client connection that sends exactly the bytes a test gives, for attacks no HTTP client would make: a
/// handshake never finished, headers or a body cut short, a watch left by closing the socket.
public final class RawConnection: Sendable {
    /// The TLS a connection speaks: the CA to trust and the client certificate to present.
    public struct TLS: Sendable {
        public var caCertificate: String
        public var certificate: String
        public var key: String

        public init(caCertificate: String, certificate: String, key: String) {
            self.caCertificate = caCertificate
            self.certificate = certificate
            self.key = key
        }
    }

    private let channel: any Channel
    private let received: Received

    private init(channel: any Channel, received: Received) {
        self.channel = channel
        self.received = received
    }

    /// Connects over TCP and, with `tls`, completes a TLS handshake.
    public static func open(port: Int, tls: TLS? = nil) async throws -> RawConnection {
        let received = Received()
        let context = try tls.map { tls in
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.trustRoots = .file(tls.caCertificate)
            configuration.certificateChain = try NIOSSLCertificate.fromPEMFile(tls.certificate).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(file: tls.key, format: .pem))
            configuration.certificateVerification = .noHostnameVerification
            configuration.shutdownTimeout = .milliseconds(200)
            return try NIOSSLContext(configuration: configuration)
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let handshake = group.any().makePromise(of: Void.self)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: context, serverHostname: nil))
                    } else {
                        handshake.succeed()
                    }
                    try channel.pipeline.syncOperations.addHandler(Collector(received: received, handshake: handshake))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        try await handshake.futureResult.get()
        return RawConnection(channel: channel, received: received)
    }

    /// Sends `text` as it is.
    public func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Everything received so far.
    public var text: String { received.text }

    /// Whether the server has closed the connection.
    public var isClosed: Bool { !channel.isActive }

    /// Waits until what was received satisfies `condition`, or `timeout` passes; returns whether it did.
    public func wait(for timeout: Duration, until condition: (String) -> Bool) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(text) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(text)
    }

    /// Waits until the server closes the connection, or `timeout` passes; returns whether it did.
    public func waitUntilClosed(within timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline && !isClosed { try? await Task.sleep(for: .milliseconds(20)) }
        return isClosed
    }

    /// Closes the connection as a client that leaves does (TLS close_notify, then FIN).
    public func close() async {
        try? await channel.close().get()
    }
}

/// The bytes a connection received, as text.
private final class Received: Sendable {
    private let bytes = Mutex<[UInt8]>([])
    var text: String { String(decoding: bytes.withLock { $0 }, as: UTF8.self) }
    func append(_ buffer: ByteBuffer) { bytes.withLock { $0 += buffer.readableBytesView } }
}

/// Keeps what arrives and says when the TLS handshake is done.
private final class Collector: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    let received: Received
    let handshake: EventLoopPromise<Void>

    init(received: Received, handshake: EventLoopPromise<Void>) {
        self.received = received
        self.handshake = handshake
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        received.append(unwrapInboundIn(data))
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event { handshake.succeed() }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        handshake.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        handshake.fail(ChannelError.eof)
        context.fireChannelInactive()
    }
}
