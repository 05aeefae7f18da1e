@testable import APIServer
import Foundation
import KubeAPI
import NIOCore
import NIOEmbedded
import NIOWebSocket
import Testing

/// The WebSocket side of an exec session, frame by frame: the channel byte, v5's close message ending standard
/// input, the base64 variant's text frames, and the Status and close frame that end it.
struct WebSocketRemoteCommandTests {
    /// Copies standard input to standard output until its end, then exits 2.
    struct Cat: ContainerRuntime {
        func run(_ request: ContainerProcessRequest, streams: ContainerStreams) async -> ContainerExit {
            for await bytes in streams.stdin { await streams.stdout(bytes) }
            return .exited(2)
        }
    }

    private func channel(_ subprotocol: String) async throws -> NIOAsyncTestingChannel {
        let pod = KubeObject(["apiVersion": "v1", "kind": "Pod", "metadata": ["name": "p", "namespace": "default"]])
        let session = RemoteCommandSession(
            request: ContainerProcessRequest(pod: pod, container: "c", kind: .exec(["cat"]), tty: false, stdin: true),
            runtime: Cat(), input: RemoteCommandInput(), stdout: true, stderr: true)
        let channel = NIOAsyncTestingChannel()
        try await channel.testingEventLoop.executeInContext {
            try channel.pipeline.syncOperations.addHandler(WebSocketRemoteCommandHandler(session: session, subprotocol: subprotocol))
        }
        return channel
    }

    /// The next frame the handler writes (its session runs on other tasks, so the loop is run until it comes).
    private func next(_ channel: NIOAsyncTestingChannel) async throws -> WebSocketFrame {
        for _ in 0..<500 {
            await channel.testingEventLoop.run()
            if let frame = try await channel.readOutbound(as: WebSocketFrame.self) { return frame }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CancellationError()
    }

    private func frame(_ bytes: [UInt8], _ opcode: WebSocketOpcode = .binary) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, data: ByteBuffer(bytes: bytes))
    }

    private func bytes(_ frame: WebSocketFrame) -> [UInt8] { Array(frame.unmaskedData.readableBytesView) }

    @Test func v5CarriesChannelsAndEndsStdinWithItsCloseMessage() async throws {
        let channel = try await channel("v5.channel.k8s.io")
        #expect(bytes(try await next(channel)) == [1], "the empty message on stdout that opens the session")
        try await channel.writeInbound(frame([0] + Array("hi\n".utf8)))
        #expect(bytes(try await next(channel)) == [1] + Array("hi\n".utf8))
        try await channel.writeInbound(frame([255, 0]))
        let status = try await next(channel)
        #expect(status.opcode == .binary && bytes(status).first == 3)
        let json = try JSONValue.parse(json: Data(bytes(status).dropFirst()))
        #expect(json["reason"] == "NonZeroExitCode" && json[["details", "causes"]] == [["reason": "ExitCode", "message": "2"]])
        let close = try await next(channel)
        #expect(close.opcode == .connectionClose && bytes(close) == [0x03, 0xe8])
        try await channel.writeInbound(frame([0x03, 0xe8], .connectionClose))
        await channel.testingEventLoop.run()
        #expect(!channel.isActive)
    }

    @Test func base64VariantUsesTextFramesWithADigitChannel() async throws {
        let channel = try await channel("v4.base64.channel.k8s.io")
        #expect(try await next(channel).opcode == .text)
        try await channel.writeInbound(frame(Array("0aGkK".utf8), .text))  // "hi\n"
        let echoed = try await next(channel)
        #expect(echoed.opcode == .text && String(decoding: bytes(echoed), as: UTF8.self) == "1aGkK")
        try await channel.writeInbound(frame([0x03, 0xe8], .connectionClose))
        #expect(try await next(channel).opcode == .connectionClose)
    }

    @Test func pingsAreAnswered() async throws {
        let channel = try await channel("v5.channel.k8s.io")
        _ = try await next(channel)
        try await channel.writeInbound(frame([7], .ping))
        let pong = try await next(channel)
        #expect(pong.opcode == .pong && bytes(pong) == [7])
    }
}
