import Controllers
import EtcdCore
import Foundation
import KubeAPI

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

    private init(registry: Registry, clock: SimulatedClock, manager: ControllerManager?, lock: ControlLoopsLock?) {
        self.registry = registry
        self.clock = clock
        self.manager = manager
        self.lock = lock
    }

    /// A registry over `store` on a simulated clock starting at `start`, its names seeded by `seed` (by default
    /// the store's current revision), with the control loops of `dataDirectory` when `runningLoops`.
    static func open(
        _ store: any KeyValueStore, dataDirectory: String, runningLoops: Bool, start: Date = Date(), seed: UInt64? = nil
    ) async throws -> EmbeddedControlPlane {
        let clock = SimulatedClock(start: start)
        let revision = try await store.status().header.revision
        let names = NameGenerator.seeded(seed ?? UInt64(revision))
        let registry = Registry(store: store, now: { clock.now() }, names: names)
        try await registry.bootstrap()
        let lock = runningLoops ? try ControlLoopsLock.acquire(dataDirectory, as: .command) : nil
        let console = Console.standard
        let manager = lock.map { _ in
            ControllerManager(
                api: registry, controllers: ControlPlane.controllers(), clock: clock, names: names,
                log: { message in
                    console.err.line("kubesim: \(message)")
                    console.err.flush()
                })
        }
        return EmbeddedControlPlane(registry: registry, clock: clock, manager: manager, lock: lock)
    }

    /// Lets the loops act on what was just written, at the present simulated time, as a real cluster's loops do
    /// between two requests of one command.
    func catchUp() async throws {
        _ = try await manager?.settle(on: clock, advancingClock: false)
    }

    /// Runs the loops until the cluster settles. Warns on standard error when a limit stops them first.
    func settle() async throws {
        guard let manager else { return }
        let report = try await manager.settle(on: clock)
        if !report.settled {
            let console = Console.standard
            console.err.line(
                "kubesim: warning: the control loops had not settled after \(report.steps) steps and "
                    + "\(Int(report.elapsed)) simulated seconds; stopped them")
            console.err.flush()
        }
    }
}
