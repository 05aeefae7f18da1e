import EtcdPKI
import Foundation
import Testing

/// The kubesim executable SwiftPM built beside the tests.
let kubesimExecutable = builtProductsDirectory + "/kubesim"

/// `kubesim serve` as a user runs it: a child process, on a free port, stopped with SIGTERM.
@Suite(
    .enabled(if: FileManager.default.isExecutableFile(atPath: kubesimExecutable), "needs the kubesim product"),
    .enabled(if: Etcdctl.isInstalled, "needs /usr/bin/etcdctl"))
struct ServeCommandTests {
    /// A running `kubesim serve` on a fresh, bare data directory (the tests see only what they write).
    struct Serving {
        let process: BackgroundProcess
        let dataDirectory: String
        let endpoint: String

        static func start(_ extraArguments: [String], dataDirectory: String? = nil) async throws -> Serving {
            let dataDirectory = dataDirectory ?? FileManager.default.temporaryDirectory
                .appendingPathComponent("kubesim-serve-\(UUID().uuidString)").path
            let process = try BackgroundProcess(
                kubesimExecutable, ["serve", "--data-dir", dataDirectory, "--bare", "--port", "0", "--etcd-port", "0"] + extraArguments)
            let pattern = /etcd v3 API serving on (https?:\/\/127\.0\.0\.1:\d+)/
            guard await process.waitFor({ $0.contains(pattern) }),
                let match = process.stdout.firstMatch(of: pattern)
            else {
                await process.stop(SIGKILL)
                throw ServeFailure(output: process.stdout + process.stderr)
            }
            return Serving(process: process, dataDirectory: dataDirectory, endpoint: String(match.1))
        }

        var pki: EtcdPKI { EtcdPKI(directory: dataDirectory + "/pki/etcd") }

        /// Sends SIGTERM, waits, removes the data directory; returns how the process ended.
        @discardableResult
        func stop() async -> (reason: Process.TerminationReason, status: Int32) {
            let ended = await process.stop(SIGTERM)
            try? FileManager.default.removeItem(atPath: dataDirectory)
            return ended
        }
    }

    struct ServeFailure: Error { var output: String }

    /// Exited 0 after its graceful shutdown, as kube-apiserver does on SIGTERM; a process the signal killed
    /// before it could stop (no handler, a crash) ends with `.uncaughtSignal` instead.
    static func stoppedGracefully(_ ended: (reason: Process.TerminationReason, status: Int32)) -> Bool {
        ended.reason == .exit && ended.status == 0
    }

    @Test func tlsServeAnswersTheLessonCommandAndStopsOnSIGTERM() async throws {
        // Without the control loops: the keys listed are only the API server's own.
        let serving = try await Serving.start(["--no-controllers"])
        #expect(serving.endpoint.hasPrefix("https://"))
        let pki = serving.pki
        #expect(pki.isComplete)
        for name in [
            "ca.crt", "ca.key", "server.crt", "server.key", "peer.crt", "peer.key", "healthcheck-client.crt",
            "healthcheck-client.key",
        ] {
            #expect(FileManager.default.fileExists(atPath: pki.directory + "/" + name))
        }
        let flags = [
            "--endpoints=\(serving.endpoint)", "--cacert", pki.caCertificate, "--cert", pki.serverCertificate, "--key",
            pki.serverKey,
        ]
        #expect(try await Etcdctl.run(flags, ["put", "/registry/namespaces/default", "{}"]).stdout == "OK\n")
        // The lesson's command, flags after the key as the lesson writes it.
        let lesson = try await Etcdctl.run(
            ["--endpoints=\(serving.endpoint)"],
            ["get", "/", "--prefix", "--keys-only", "--limit=10", "--cacert", pki.caCertificate, "--cert",
             pki.serverCertificate, "--key", pki.serverKey])
        #expect(lesson.status == 0, "\(lesson.stderr)")
        // The API server beside the etcd endpoint has made the system namespaces and the service ranges.
        #expect(
            lesson.stdout
                == [
                    "/registry/namespaces/default", "/registry/namespaces/kube-node-lease",
                    "/registry/namespaces/kube-public", "/registry/namespaces/kube-system", "/registry/ranges/serviceips",
                    "/registry/ranges/servicenodeports",
                ].map { $0 + "\n\n" }.joined())
        #expect(try await Etcdctl.run(flags, ["endpoint", "health"]).status == 0)

        let started = ContinuousClock.now
        let ended = await serving.stop()
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(Self.stoppedGracefully(ended), "\(ended)")
        #expect(serving.process.stderr.contains("kubesim: stopped; the store is closed"), "\(serving.process.stderr)")
    }

    @Test func plaintextServeStopsOnSIGTERMEvenWithAWatchOpen() async throws {
        let serving = try await Serving.start(["--etcd-plaintext"])
        #expect(serving.endpoint.hasPrefix("http://"))
        let watcher = try BackgroundProcess(
            Etcdctl.path, ["--endpoints=\(serving.endpoint)", "watch", "--prefix", "/registry"],
            environment: ["ETCDCTL_API": "3"])
        // The watch is open once a put reaches it; put until one does (the watch may not be registered yet).
        var open = false
        for attempt in 0..<40 where !open {
            _ = try await Etcdctl.run(["--endpoints=\(serving.endpoint)"], ["put", "/registry/probe", "\(attempt)"])
            open = await watcher.waitFor({ $0.contains("PUT\n/registry/probe\n") }, timeout: .milliseconds(500))
        }
        #expect(open, "the watch never saw a put: \(watcher.stdout)\(watcher.stderr)")
        #expect(watcher.isRunning)
        let started = ContinuousClock.now
        let ended = await serving.stop()
        await watcher.stop()
        #expect(ContinuousClock.now - started < .seconds(30))
        #expect(Self.stoppedGracefully(ended), "\(ended)")
        #expect(serving.process.stderr.contains("kubesim: stopped; the store is closed"), "\(serving.process.stderr)")
    }

    /// etcd's leader gives every lease its full TTL again when it starts (lessor `Promote`): after a restart,
    /// the real etcd 3.4 reports `remaining(20s)` for a 20 s lease granted 6 s before. KubeSim's server does
    /// the same, whatever the downtime (here at least 4 s, which counting on would have taken off).
    @Test func aRestartGivesEveryLeaseItsFullTTLAgain() async throws {
        let first = try await Serving.start(["--etcd-plaintext", "--no-controllers"])
        let granted = try await Etcdctl.run(["--endpoints=\(first.endpoint)"], ["lease", "grant", "20"])
        let grantedAt = ContinuousClock.now
        let id = try #require(granted.stdout.firstMatch(of: /lease ([0-9a-f]+) granted with TTL\(20s\)/)?.1, "\(granted)")
        let put = try await Etcdctl.run(["--endpoints=\(first.endpoint)"], ["put", "k", "v", "--lease=\(id)"])
        #expect(put.stdout == "OK\n", "\(put)")
        #expect(Self.stoppedGracefully(await first.process.stop(SIGTERM)))
        try await Task.sleep(until: grantedAt + .seconds(4))
        let second = try await Serving.start(["--etcd-plaintext", "--no-controllers"], dataDirectory: first.dataDirectory)
        let ttl = try await Etcdctl.run(["--endpoints=\(second.endpoint)"], ["lease", "timetolive", String(id), "--keys"])
        let secondsSinceGrant = Int((ContinuousClock.now - grantedAt).components.seconds)
        await second.stop()
        // Promoted: TTL + etcd's 1 s election timeout from the start, less however long the start and etcdctl took on
        // a loaded machine. Counting on through the downtime would leave at most 20 - secondsSinceGrant; the
        // promotion gives at least 5 s more than that (the 4 s downtime and the election timeout).
        let remaining = ttl.stdout.firstMatch(of: /^lease [0-9a-f]+ granted with TTL\(20s\), remaining\((\d+)s\), attached keys\(\[k\]\)\n$/)?.1
        let seconds = try #require(remaining.flatMap { Int($0) }, "\(ttl)")
        #expect(seconds <= 21 && seconds >= 20 - secondsSinceGrant + 4, "\(ttl), \(secondsSinceGrant) s after the grant")
    }

    @Test func plaintextIsRefusedOffLoopback() async throws {
        let result = try await runProcess(
            kubesimExecutable, ["serve", "--etcd-plaintext", "--etcd-address", "0.0.0.0", "--data-dir", "/nonexistent/never"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("loopback"))
    }
}
