import ArgumentParser
import EtcdCore

/// `etcdctl txn`: an atomic if/then/else read from standard input.
struct EtcdctlTxn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "txn", abstract: "Txn processes all the requests in one transaction.",
        usage: "kubesim etcdctl txn [options] < script",
        discussion: """
            The script has three sections, each ended by a blank line: compares such as mod("k") > "0" or \
            val("k") = "v" (targets ver, c, m, val, lease; operators =, !=, <, >), then the requests run on \
            success, then those run on failure, each a get, put or del command line.
            """)

    @OptionGroup var options: EtcdctlOptions

    @Flag(name: [.customShort("i"), .customLong("interactive")], help: "Input transaction in interactive mode.")
    var interactive = false

    @Argument(help: .hidden)
    var arguments: [String] = []

    func run() async throws {
        guard arguments.isEmpty else { throw EtcdctlFailure(.badArguments, "txn command does not accept argument") }
        let format = try options.format()
        let console = EtcdctlEnvironment.current.console
        var script = TxnScript(
            nextLine: { readLine(strippingNewline: false) },
            prompt: interactive
                ? { prompt in
                    console.out.line(prompt)
                    console.out.flush()
                } : nil)
        let request = try script.read()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting { try await store.txn(request) }
        }
        try options.printer(format).txn(response)
    }
}
