import Foundation
import KubeAPI
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// The client side of `pods/exec` over WebSocket with kubelet's `v5.channel.k8s.io` protocol, as kubectl 1.32
/// speaks it by default: every message is a binary frame whose first byte is its stream (0 stdin, 1 stdout,
/// 2 stderr, 3 the error stream's `Status`, 4 terminal sizes); `[255, 0]` closes stdin.
struct WebSocketExecClient {
    static let subprotocol = "v5.channel.k8s.io"

    let config: Kubeconfig

    /// What the session ended with.
    enum Outcome {
        /// The error stream's `Status` (a session that closed without one ended as `Success`).
        case status(JSONValue)
        /// The server refused the upgrade with this HTTP status and body.
        case refused(status: Int, body: Data)
    }

    private enum Upgrade: Sendable {
        case webSocket(NIOAsyncChannel<WebSocketFrame, WebSocketFrame>)
        case http(NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>)
    }

    /// Opens `path?query` (the exec subresource with kubectl's parameters) and runs the session: `stdin` (nil
    /// without `-i`) goes to the container, its output to `stdout` and `stderr`.
    func run(
        path: String, query: [(String, String)], stdin: AsyncStream<[UInt8]>?,
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> Outcome {
        guard let url = URL(string: config.server), let host = url.host else {
            throw CommandError("the server \(config.server) is not a URL")
        }
        let secure = url.scheme == "https"
        let port = url.port ?? (secure ? 443 : 80)
        let tls = secure ? try NIOSSLContext(configuration: RemoteCluster.tlsConfiguration(config)) : nil
        let target =
            url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")).isEmpty
            ? path : "/" + url.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) + path
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: port == (secure ? 443 : 80) ? host : "\(host):\(port)")
        headers.add(name: "User-Agent", value: "kubesim")
        headers.add(name: "Content-Length", value: "0")
        headers.add(name: "Sec-WebSocket-Protocol", value: Self.subprotocol)
        if let user = config.impersonateUser {
            headers.add(name: "Impersonate-User", value: user)
            for group in config.impersonateGroups { headers.add(name: "Impersonate-Group", value: group) }
        }
        let head = HTTPRequestHead(
            version: .http1_1, method: .GET,
            uri: target + "?" + query.map { "\($0.0)=\(RemoteCluster.escape($0.1))" }.joined(separator: "&"), headers: headers)
        let isAddress = host.allSatisfy { $0.isNumber || $0 == "." } || host.contains(":")
        let upgrade: EventLoopFuture<Upgrade>
        do {
            upgrade = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: host, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: tls, serverHostname: isAddress ? nil : host))
                        }
                        let upgrader = NIOTypedWebSocketClientUpgrader<Upgrade>(maxFrameSize: 1 << 24) { channel, _ in
                            channel.eventLoop.makeCompletedFuture {
                                .webSocket(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                            }
                        }
                        let configuration = NIOTypedHTTPClientUpgradeConfiguration<Upgrade>(
                            upgradeRequestHead: head, upgraders: [upgrader],
                            notUpgradingCompletionHandler: { channel in
                                channel.eventLoop.makeCompletedFuture {
                                    .http(try NIOAsyncChannel(wrappingChannelSynchronously: channel))
                                }
                            })
                        var pipeline = NIOUpgradableHTTPClientPipelineConfiguration(upgradeConfiguration: configuration)
                        // The server's first frames may come in the same read as its 101.
                        pipeline.leftOverBytesStrategy = .forwardBytes
                        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(configuration: pipeline)
                    }
                }
        } catch let error as IOError where error.errnoCode == ECONNREFUSED {
            throw ConnectionRefused(server: config.server)
        }
        switch try await upgrade.get() {
        case .http(let channel):
            return try await Self.refusal(channel)
        case .webSocket(let channel):
            return try await Self.session(channel, stdin: stdin, stdout: stdout, stderr: stderr)
        }
    }

    /// The status and body of an answer that did not upgrade.
    private static func refusal(_ channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>) async throws -> Outcome {
        try await channel.executeThenClose { inbound, _ in
            var status = 0
            var body = Data()
            for try await part in inbound {
                switch part {
                case .head(let head): status = Int(head.status.code)
                case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
                case .end: return .refused(status: status, body: body)
                }
            }
            return .refused(status: status, body: body)
        }
    }

    private static func frame(_ bytes: [UInt8], _ opcode: WebSocketOpcode = .binary) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, maskKey: .random(), data: ByteBuffer(bytes: bytes))
    }

    private static func session(
        _ channel: NIOAsyncChannel<WebSocketFrame, WebSocketFrame>, stdin: AsyncStream<[UInt8]>?,
        stdout: @escaping @Sendable ([UInt8]) -> Void, stderr: @escaping @Sendable ([UInt8]) -> Void
    ) async throws -> Outcome {
        try await channel.executeThenClose { inbound, outbound in
            let pump = Task {
                guard let stdin else { return }
                for await bytes in stdin { try await outbound.write(Self.frame([0] + bytes)) }
                // v5: the client's end of input.
                try await outbound.write(Self.frame([255, 0]))
            }
            defer { pump.cancel() }
            var status: [UInt8] = []
            for try await frame in inbound {
                let payload = Array(frame.unmaskedData.readableBytesView)
                switch frame.opcode {
                case .binary, .continuation:
                    guard let stream = payload.first else { continue }
                    let bytes = Array(payload.dropFirst())
                    switch stream {
                    case 1: if !bytes.isEmpty { stdout(bytes) }
                    case 2: if !bytes.isEmpty { stderr(bytes) }
                    case 3: status += bytes
                    default: break
                    }
                case .ping:
                    try await outbound.write(Self.frame(payload, .pong))
                case .connectionClose:
                    try? await outbound.write(Self.frame(Array(payload.prefix(2)), .connectionClose))
                    return .status(Self.status(status))
                default: break
                }
            }
            return .status(Self.status(status))
        }
    }

    private static func status(_ bytes: [UInt8]) -> JSONValue {
        guard !bytes.isEmpty, let status = try? JSONValue.parse(json: Data(bytes)) else { return ["status": "Success"] }
        return status
    }
}
