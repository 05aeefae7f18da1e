import ComponentLogs
import Controllers
import EtcdCore
import Foundation
import KubeAPI
import KubeAuth

/// The embedded command line's cluster: a registry on a simulated clock with seeded names, and the control
/// loops that settle it after a command writes, so `kubesim apply` returns with the Deployment's pods Running
/// (DESIGN.md, "How the control loops run").
///
/// The clock starts at the command's start (or a fixed time, for a repeatable replay) and jumps ahead as the
/// loops' timers fire; names the real cluster draws at random come from a sequence seeded by the store's
/// revision, so the same history gives the same names. The loops run only while this command holds the data
/// directory's control-loops lock: not at all while a `kubesim serve` runs them.
final class EmbeddedControlPlane: Sendable {
    let registry: Registry
    let clock: SimulatedClock
    /// The loops, or nil when they are off (`--no-controllers`, a read-only command, or a server runs them).
    private let manager: ControllerManager?
    private let lock: ControlLoopsLock?

    private let dataDirectory: String

    private init(
        registry: Registry, clock: SimulatedClock, manager: ControllerManager?, lock: ControlLoopsLock?, dataDirectory: String
    ) {
        self.registry = registry
        self.clock = clock
        self.manager = manager
        registry.health.setControlLoopsRunning(manager != nil)
        self.lock = lock
        self.dataDirectory = dataDirectory
    }

    /// A registry over `store` on a simulated clock starting at `start`, or where the last command's clock
    /// stopped if that is later (simulated time never runs backwards for a cluster), its names seeded by `seed`
    /// (by default the store's current revision), with the control loops of `dataDirectory` when `runningLoops`,
    /// its values encoded in `storageMediaType` and encrypted at rest by `transformers` (`--encryption-provider-config`);
    /// the loops write the components' and containers' logs to `logs` when given (`kubesim logs`).
    static func open(
        _ store: any KeyValueStore, dataDirectory: String, runningLoops: Bool, start: Date = Date(), seed: UInt64? = nil,
        transformers: any ResourceTransformers, storageMediaType: StorageMediaType, logs: ClusterLogs? = nil
    ) async throws -> EmbeddedControlPlane {
        let clock = SimulatedClock(start: max(start, SimulatedTimeMark.read(dataDirectory) ?? start))
        let revision = try await store.status().header.revision
        let names = NameGenerator.seeded(seed ?? UInt64(revision))
        let registry = Registry(
            store: store, now: { clock.now() }, names: names, transformers: transformers, storageMediaType: storageMediaType)
        try await registry.bootstrap()
        let lock = runningLoops ? try ControlLoopsLock.acquire(dataDirectory, as: .command) : nil
        let console = Console.standard
        var configuration = ControlPlaneConfiguration()
        // The cluster CA, when the data directory has one (`kubesim init`, `kubesim serve`).
        let pki = URL(fileURLWithPath: dataDirectory).appendingPathComponent("pki")
        configuration.rootCACertificate = try? String(contentsOfFile: pki.appendingPathComponent("ca.crt").path, encoding: .utf8)
        // Its key signs approved CSRs; `sa.key` signs the legacy token controller's tokens.
        if let ca = configuration.rootCACertificate,
            let key = try? String(contentsOfFile: pki.appendingPathComponent("ca.key").path, encoding: .utf8)
        {
            configuration.clusterSigner = try? CertificateSigner(caCertificatePEM: ca, caKeyPEM: key)
        }
        let serviceAccountKey = pki.appendingPathComponent("sa.key").path
        if FileManager.default.fileExists(atPath: serviceAccountKey) {
            configuration.serviceAccountTokens = try? await ServiceAccountTokens.load(keyFile: serviceAccountKey)
        }
        // Each loop acts as its component's user, when the cluster's kube-apiserver authorizes with RBAC.
        let authorization = lock == nil ? nil : try await LoopAuthorization.configured(in: registry)
        let manager = lock.map { _ in
            ControllerManager(
                api: registry, controllers: ControlPlane.controllers(configuration, catalog: registry.catalog), clock: clock,
                names: names,
                log: { message in
                    console.err.line("kubesim: \(message)")
                    console.err.flush()
                }, logs: logs, authorization: authorization)
        }
        let controlPlane = EmbeddedControlPlane(
            registry: registry, clock: clock, manager: manager, lock: lock, dataDirectory: dataDirectory)
        // What the loops of a running cluster would have done by now (a new namespace's `default` account).
        try await controlPlane.catchUp()
        return controlPlane
    }

    /// Lets the loops act on what was just written, at the present simulated time, as a real cluster's loops do
    /// between two requests of one command.
    func catchUp() async throws {
        _ = try await manager?.settle(on: clock, advancingClock: false)
    }

    /// Whether the loops run here (not off, and no server running them).
    var runsLoops: Bool { manager != nil }

    /// Runs the loops until the cluster settles; with `until`, first up to that simulated time, firing the timers
    /// due by then that do not settle (a CronJob's next run). Warns on standard error when a limit stops them first.
    /// With `keepingInformers`, the next settle goes on from the loops' cache rather than listing everything again
    /// (a bring-up's phases, which only this process writes).
    func settle(until: Date? = nil, keepingInformers: Bool = false) async throws {
        guard let manager else { return }
        let report = try await manager.settle(on: clock, keepingInformers: keepingInformers, until: until)
        SimulatedTimeMark.write(clock.now(), to: dataDirectory)
        if !report.settled {
            let console = Console.standard
            console.err.line(
                "kubesim: warning: the control loops had not settled after \(report.steps) steps and "
                    + "\(Int(report.elapsed)) simulated seconds; stopped them")
            console.err.flush()
        }
    }
}

/// Where a data directory's simulated clock stopped (`<data-dir>/simulated-time`, seconds since 1970), so the
/// next command's clock starts no earlier: a pod that started two simulated seconds after the last command
/// began has not "not started yet" for the next one.
enum SimulatedTimeMark {
    private static func path(_ dataDirectory: String) -> String {
        URL(fileURLWithPath: dataDirectory).appendingPathComponent("simulated-time").path
    }

    static func read(_ dataDirectory: String) -> Date? {
        guard let text = try? String(contentsOfFile: path(dataDirectory), encoding: .utf8),
            let seconds = Double(text.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return Date(timeIntervalSince1970: seconds)
    }

    /// Best effort: a mark that cannot be written leaves the next clock at the wall time.
    static func write(_ time: Date, to dataDirectory: String) {
        try? Data(String(time.timeIntervalSince1970).utf8).write(to: URL(fileURLWithPath: path(dataDirectory)), options: .atomic)
    }
}
