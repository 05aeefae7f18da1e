import Foundation
import Synchronization

/// Says when the client of a connection has gone: its side of the connection closed (a FIN or a TLS
/// close_notify) or the connection ended. Go's net/http cancels a request's context on the same signs
/// (`connReader.backgroundRead` sees EOF), which is how kube-apiserver ends a watch whose client left.
///
/// Hummingbird does not read a connection while it writes a response, so a watch waiting for its next event
/// would never learn that its client left; ``ClientDepartureHandler`` sees it in the channel pipeline and
/// calls the actions registered here.
final class ClientDeparture: Sendable {
    private let state = Mutex<(departed: Bool, actions: [UUID: @Sendable () -> Void])>((false, [:]))

    /// A departure that has already happened, for requests whose connection is gone before they look.
    static func departed() -> ClientDeparture {
        let departure = ClientDeparture()
        departure.depart()
        return departure
    }

    /// Runs `action` once when the client goes, at once if it has gone; `key` is what ``remove(_:)`` takes.
    func onDeparture(_ key: UUID, _ action: @escaping @Sendable () -> Void) {
        let departed = state.withLock { state in
            if !state.departed { state.actions[key] = action }
            return state.departed
        }
        if departed { action() }
    }

    /// Forgets an action that is no longer needed (its request finished).
    func remove(_ key: UUID) {
        _ = state.withLock { $0.actions.removeValue(forKey: key) }
    }

    /// The client has gone: runs every registered action, once.
    func depart() {
        let actions = state.withLock { state in
            guard !state.departed else { return [@Sendable () -> Void]() }
            state.departed = true
            defer { state.actions = [:] }
            return Array(state.actions.values)
        }
        for action in actions { action() }
    }

    /// Runs `work` in a task that is cancelled when the client goes (or when the caller is cancelled), so work
    /// that checks for cancellation stops instead of finishing for no one.
    func cancellingOnDeparture<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let key = UUID()
        onDeparture(key) { task.cancel() }
        defer { remove(key) }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }
}
