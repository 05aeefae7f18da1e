import Dispatch
import Foundation
import Synchronization

/// Catches SIGINT and SIGTERM while a command that runs until interrupted (`watch`, `lease keep-alive`)
/// works, so that it can stop, close the store, and only then let the process die of the signal.
final class SignalTrap: @unchecked Sendable {
    private static let signals = [SIGINT, SIGTERM]
    private var sources: [any DispatchSourceSignal] = []
    private let caught = Mutex<Int32?>(nil)

    /// Starts trapping; `onSignal` runs once, on the first signal.
    init(onSignal: @escaping @Sendable () -> Void) {
        // A signal the process was started ignoring (a background job of a script) stays ignored.
        sources = Self.signals.filter { !Self.isIgnored($0) }.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                let first = caught.withLock { caught in
                    defer { caught = caught ?? number }
                    return caught == nil
                }
                if first { onSignal() }
            }
            source.resume()
            return source
        }
    }

    private static func isIgnored(_ number: Int32) -> Bool {
        var action = sigaction()
        sigaction(number, nil, &action)
        return unsafeBitCast(action.__sigaction_handler.sa_handler, to: Int.self)
            == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    /// The signal that arrived, if one did.
    var caughtSignal: Int32? { caught.withLock { $0 } }

    /// Stops trapping: the signals' default actions apply again.
    func release() {
        for source in sources { source.cancel() }
        for source in sources { signal(Int32(source.handle), SIG_DFL) }
    }
}

/// A command stopped by a signal after cleaning up; the process should now die of that signal, as etcdctl
/// does, so its parent sees the same exit status.
struct TerminatedBySignal: Error {
    var signal: Int32
}
