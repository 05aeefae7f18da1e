import ArgumentParser
import EtcdCore

/// `etcdctl del`: deletes one key or a range.
struct EtcdctlDel: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "del", abstract: "Removes the specified key or range of keys [key, range_end).",
        usage: "kubesim etcdctl del [options] <key> [range_end]")

    @OptionGroup var options: EtcdctlOptions

    @Flag(help: "Delete keys with matching prefix.")
    var prefix = false
    @Flag(name: .customLong("prev-kv"), help: "Return deleted key-value pairs.")
    var prevKv = false
    @Flag(
        name: .customLong("from-key"),
        help: "Delete keys that are greater than or equal to the given key using byte compare.")
    var fromKey = false

    @Argument(help: ArgumentHelp("The key, and the end of the range (exclusive).", valueName: "key"))
    var arguments: [String] = []

    /// The delete request, checked as etcdctl's `getDelOp` checks it.
    func request() throws(EtcdctlFailure) -> DeleteRangeRequest {
        guard let key = arguments.first, arguments.count <= 2 else {
            throw EtcdctlFailure(
                .badArguments, "del command needs one argument as key and an optional argument as range_end")
        }
        try KeySelection.validate(arguments, prefix: prefix, fromKey: fromKey)
        let range = KeySelection.resolve(
            key: key, rangeEnd: arguments.dropFirst().first, prefix: prefix, fromKey: fromKey)
        return DeleteRangeRequest(key: range.key, rangeEnd: range.rangeEnd, prevKv: prevKv)
    }

    func run() async throws {
        let format = try options.format()
        let request = try request()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting { try await store.deleteRange(request) }
        }
        try options.printer(format).delete(response)
    }
}
