import ArgumentParser
import EtcdCore

/// `etcdctl get`: one key or a range, at the head or an old revision.
struct EtcdctlGet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Gets the key or a range of keys.",
        usage: "kubesim etcdctl get [options] <key> [range_end]")

    @OptionGroup var options: EtcdctlOptions

    @Option(help: "Linearizable(l) or Serializable(s); both read the same embedded store.")
    var consistency = "l"
    @Option(help: "Order of results; ASCEND or DESCEND (ASCEND by default).")
    var order = ""
    @Option(name: .customLong("sort-by"), help: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION.")
    var sortBy = ""
    @Option(help: "Maximum number of results.")
    var limit: Int64 = 0
    @Flag(help: "Get keys with matching prefix.")
    var prefix = false
    @Flag(
        name: .customLong("from-key"),
        help: "Get keys that are greater than or equal to the given key using byte compare.")
    var fromKey = false
    @Option(help: "Specify the kv revision.")
    var rev: Int64 = 0
    @Flag(name: .customLong("keys-only"), help: "Get only the keys.")
    var keysOnly = false
    @Flag(name: .customLong("count-only"), help: "Get only the count (with --write-out=fields; from etcdctl 3.5).")
    var countOnly = false
    @Flag(name: .customLong("print-value-only"), help: "Only write values when using the \"simple\" output format.")
    var printValueOnly = false

    @Argument(help: ArgumentHelp("The key, and the end of the range (exclusive).", valueName: "key"))
    var arguments: [String] = []

    /// The range request, checked as etcdctl's `getGetOp` checks it.
    func request() throws(EtcdctlFailure) -> RangeRequest {
        guard let key = arguments.first else {
            throw EtcdctlFailure(
                .badArguments, "get command needs one argument as key and an optional argument as range_end")
        }
        try KeySelection.validate(arguments, prefix: prefix, fromKey: fromKey)
        if keysOnly && countOnly {
            throw EtcdctlFailure(
                .badArguments, "`--keys-only` and `--count-only` cannot be set at the same time, choose one")
        }
        guard consistency == "l" || consistency == "s" else {
            throw EtcdctlFailure(.badFeature, "unknown consistency flag \(GoStringLiteral.quote(consistency))")
        }
        let sortOrder: RangeRequest.SortOrder =
            switch order.uppercased() {
            case "ASCEND": .ascend
            case "DESCEND": .descend
            case "": .none
            default: throw EtcdctlFailure(.badFeature, "bad sort order \(order)")
            }
        let sortTarget: RangeRequest.SortTarget =
            switch sortBy.uppercased() {
            case "CREATE": .create
            case "KEY", "": .key
            case "MODIFY": .mod
            case "VALUE": .value
            case "VERSION": .version
            default: throw EtcdctlFailure(.badFeature, "bad sort target \(sortBy)")
            }
        let range = KeySelection.resolve(
            key: key, rangeEnd: arguments.dropFirst().first, prefix: prefix, fromKey: fromKey)
        return RangeRequest(
            key: range.key, rangeEnd: range.rangeEnd, limit: limit, revision: max(rev, 0),
            // clientv3 drops ASCEND by KEY: the store returns keys in that order anyway.
            sortOrder: sortTarget == .key && sortOrder == .ascend ? .none : sortOrder, sortTarget: sortTarget,
            keysOnly: keysOnly, countOnly: countOnly)
    }

    func run() async throws {
        let format = try options.format()
        let request = try request()
        let response = try await options.withStore { store in
            try await EtcdctlFailure.reporting { try await store.range(request) }
        }
        if countOnly && format != .fields {
            throw EtcdctlFailure(.badArguments, "--count-only is only for `--write-out=fields`")
        }
        if printValueOnly && format != .simple {
            throw EtcdctlFailure(.badArguments, "print-value-only is only for `--write-out=simple`")
        }
        try options.printer(format, valueOnly: printValueOnly).get(response)
    }
}
