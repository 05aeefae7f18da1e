import Foundation
import RawConnection
import Testing

/// Issue 12's departed watch clients against a served cluster (a debug build, as `swift run` gives): watches
/// whose clients closed their connections give back their file descriptors and memory at once, with no event on
/// the watched resource, and the store's revision does not move.
@Suite(.serialized)
struct HostileConnectionServeTests {
    @Test func departedWatchClientsGiveBackTheirConnectionsAtOnce() async throws {
        try await ServedCluster.with { cluster in
            let port = try #require(Int(cluster.url.split(separator: ":").last ?? ""))
            let credentials = try cluster.adminCredentials()
            let tls = RawConnection.TLS(
                caCertificate: cluster.workspace.dataDirectory + "/pki/ca.crt", certificate: credentials.certificate,
                key: credentials.key)
            let revision = try await cluster.workspace.revision()
            let baselineDescriptors = cluster.openDescriptors
            let baselineMemory = cluster.residentMiB
            var watches: [RawConnection] = []
            for _ in 0..<300 {
                let watch = try await RawConnection.open(port: port, tls: tls)
                try await watch.send("GET /api/v1/namespaces/default/configmaps?watch=true HTTP/1.1\r\nHost: kubesim\r\n\r\n")
                watches.append(watch)
            }
            for watch in watches {
                #expect(await watch.wait(for: .seconds(20)) { $0.hasPrefix("HTTP/1.1 200") }, "\(watch.text)")
            }
            #expect(cluster.openDescriptors >= baselineDescriptors + 300)
            for watch in watches { await watch.close() }
            let deadline = ContinuousClock.now + .seconds(15)
            while ContinuousClock.now < deadline && cluster.openDescriptors > baselineDescriptors + 5 {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(cluster.openDescriptors <= baselineDescriptors + 5, "from \(baselineDescriptors) to \(cluster.openDescriptors)")
            #expect(cluster.residentMiB < baselineMemory + 100, "from \(baselineMemory) MiB to \(cluster.residentMiB) MiB")
            #expect(cluster.process.isRunning, "\(cluster.output)")
            #expect(try await cluster.workspace.revision() == revision)
            #expect(try await cluster.raw("GET", "/api/v1/namespaces/default").status == 200)
        }
    }
}
