import ArgumentParser
import EtcdCore

/// `etcdctl watch`: prints the changes of a key or range, from a revision on, until interrupted.
struct EtcdctlWatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch", abstract: "Watches events stream on keys or prefixes.",
        usage: "kubesim etcdctl watch [options] <key or prefix> [range_end]")

    @OptionGroup var options: EtcdctlOptions

    @Flag(help: "Watch on a prefix if prefix is set.")
    var prefix = false
    @Option(help: "Revision to start watching.")
    var rev: Int64 = 0
    @Flag(name: .customLong("prev-kv"), help: "Get the previous key-value pair before the event happens.")
    var prevKv = false

    @Argument(help: ArgumentHelp("The key, and the end of the range (exclusive).", valueName: "key"))
    var arguments: [String] = []

    func run() async throws {
        guard let key = arguments.first, arguments.count <= 2 else {
            throw EtcdctlFailure(.badArguments, "bad number of arguments")
        }
        if arguments.count == 2 && prefix {
            throw EtcdctlFailure(.badArguments, "`range_end` and `--prefix` are mutually exclusive")
        }
        let format = try options.format()
        let printer = options.printer(format)
        let console = EtcdctlEnvironment.current.console
        let range = KeySelection.resolve(
            key: key, rangeEnd: arguments.dropFirst().first, prefix: prefix, fromKey: false)
        let request = WatchRequest(key: range.key, rangeEnd: range.rangeEnd, startRevision: rev, prevKv: prevKv)
        try await options.withStore { store in
            let stream = try await EtcdctlFailure.reporting { try await store.watch(request) }
            let trap = SignalTrap { stream.cancel() }
            defer { trap.release() }
            try await EtcdctlFailure.reporting {
                for try await response in stream {
                    if response.canceled { console.err.line("watch was canceled (\(Self.cancelReason(response)))") }
                    guard response.canceled || !response.events.isEmpty else { continue }
                    try printer.watch(response)
                    console.flush()
                    if response.canceled { break }
                }
            }
            if let signal = trap.caughtSignal { throw TerminatedBySignal(signal: signal) }
        }
        throw EtcdctlFailure(.interrupted, "watch is canceled by the server")
    }

    /// clientv3's `WatchResponse.Err()` text.
    private static func cancelReason(_ response: WatchResponse) -> String {
        if response.compactRevision != 0 { return EtcdError.compacted.description }
        return response.cancelReason.isEmpty ? EtcdError.futureRevision.description : response.cancelReason
    }
}
