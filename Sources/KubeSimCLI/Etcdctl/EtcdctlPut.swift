import ArgumentParser
import EtcdCore
import Foundation

/// `etcdctl put`: writes one key, the value from the command line or standard input.
struct EtcdctlPut: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "put", abstract: "Puts the given key into the store.",
        usage: "kubesim etcdctl put [options] <key> <value>  (<value> can also be given from stdin)",
        discussion: "When <value> begins with '-', insert '--' first: put -- <key> <value>.")

    @OptionGroup var options: EtcdctlOptions

    @Option(help: "Lease ID (in hexadecimal) to attach to the key.")
    var lease = "0"
    @Flag(name: .customLong("prev-kv"), help: "Return the previous key-value pair before modification.")
    var prevKv = false
    @Flag(name: .customLong("ignore-value"), help: "Updates the key using its current value.")
    var ignoreValue = false
    @Flag(name: .customLong("ignore-lease"), help: "Updates the key using its current lease.")
    var ignoreLease = false

    @Argument(help: ArgumentHelp("The key and the value.", valueName: "key"))
    var arguments: [String] = []

    /// The put request, checked as etcdctl's `getPutOp` checks it.
    /// - Parameter standardInput: reads the value when the command line has none; nil when there is none.
    func request(standardInput: () -> Data?) throws(EtcdctlFailure) -> PutRequest {
        let usage = "put command needs 1 argument and input from stdin or 2 arguments"
        guard let key = arguments.first else { throw EtcdctlFailure(.badArguments, usage) }
        if ignoreValue && arguments.count > 1 {
            throw EtcdctlFailure(.badArguments, "put command needs only 1 argument when 'ignore-value' is set")
        }
        var value = Data()
        if !ignoreValue {
            if arguments.count > 1 {
                value = Data(arguments[1].utf8)
            } else {
                guard let input = standardInput(), !input.isEmpty else { throw EtcdctlFailure(.badArguments, usage) }
                value = input
            }
        }
        let leaseID: Int64
        do {
            leaseID = try GoInteger.parseInt64(lease, base: 16)
        } catch {
            throw EtcdctlFailure(.badArguments, "bad lease ID (\(error)), expecting ID in Hex")
        }
        return PutRequest(
            key: Data(key.utf8), value: value, lease: leaseID, prevKv: prevKv, ignoreValue: ignoreValue,
            ignoreLease: ignoreLease)
    }

    func run() async throws {
        let format = try options.format()
        let request = try request { EtcdctlEnvironment.current.standardInput() }
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting { try await store.put(request) }
        }
        try options.printer(format).put(response)
    }
}
