import ArgumentParser
import EtcdCore

/// etcdctl's global flags that make sense for the embedded store, accepted before or after the command.
struct EtcdctlOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions

    @Option(
        name: [.customShort("w"), .customLong("write-out")],
        help: ArgumentHelp("Set the output format (fields, json, simple, table).", valueName: "format"))
    var writeOut: String?

    @Flag(name: .customLong("hex"), help: "Print byte strings as hex encoded strings.")
    var hex = false

    /// Whether no global flag was given (a `txn` request line takes none).
    var isUnset: Bool { store.dataDirectory == nil && !store.bare && writeOut == nil && !hex }

    /// The output format.
    /// - Throws: exit code 4 for a format etcdctl does not know, or `protobuf`.
    func format() throws(EtcdctlFailure) -> OutputFormat {
        try OutputFormat(parsing: writeOut ?? OutputFormat.simple.rawValue)
    }

    /// The printer for `format`, on standard output and standard error.
    func printer(_ format: OutputFormat, valueOnly: Bool = false) -> any ResponsePrinter {
        makePrinter(format, console: EtcdctlEnvironment.current.console, hex: hex, valueOnly: valueOnly)
    }

    /// Opens the store for one command and always closes it.
    /// - Throws: exit code 2 (etcdctl's failure to connect) when the store cannot be opened; what `body`
    ///   throws otherwise.
    func withStore<T>(_ body: (SQLiteStore) async throws -> T) async throws -> T {
        if let store = EtcdctlEnvironment.current.store { return try await body(store) }
        var opened = false
        do {
            return try await store.withStore { store in
                opened = true
                return try await body(store)
            }
        } catch {
            guard opened else { throw EtcdctlFailure(.badConnection, "cannot open the store: \(error)") }
            throw error
        }
    }
}
