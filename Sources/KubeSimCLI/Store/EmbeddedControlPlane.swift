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
/// revision, so the same history gives the same names.
struct EmbeddedControlPlane {
    let registry: Registry
    let clock: SimulatedClock
    private let names: NameGenerator

    /// A registry over `store` on a simulated clock starting at `start`, its names seeded by `seed` (by default
    /// the store's current revision).
    static func open(_ store: any KeyValueStore, start: Date = Date(), seed: UInt64? = nil) async throws -> EmbeddedControlPlane {
        let clock = SimulatedClock(start: start)
        let revision = try await store.status().header.revision
        let names = NameGenerator.seeded(seed ?? UInt64(revision))
        let registry = Registry(store: store, now: { clock.now() }, names: names)
        try await registry.bootstrap()
        return EmbeddedControlPlane(registry: registry, clock: clock, names: names)
    }

    /// Runs the control loops until the cluster settles, unless a `kubesim serve` runs them on this data
    /// directory. Warns on standard error when a limit stops them first.
    func settle(dataDirectory: String) async throws {
        guard let lock = try ControlLoopsLock.acquire(dataDirectory, as: .command) else { return }
        defer { withExtendedLifetime(lock) {} }
        let console = Console.standard
        let manager = ControllerManager(
            api: registry, controllers: ControlPlane.controllers(), clock: clock, names: names,
            log: { message in
                console.err.line("kubesim: \(message)")
                console.err.flush()
            })
        let report = try await manager.settle(on: clock)
        if !report.settled {
            console.err.line(
                "kubesim: warning: the control loops had not settled after \(report.steps) steps and "
                    + "\(Int(report.elapsed)) simulated seconds; stopped them")
            console.err.flush()
        }
    }
}
