/// The command line: `etcd-core-bench [--quick] [--dir PATH] [--repetitions N]`.
struct BenchmarkOptions {
    /// Small counts, for a smoke run.
    var quick = false
    /// Where to make the temporary data directories; nil for the default (`ScratchArea.choose`).
    var directory: String?
    /// How many times each figure is measured; the report shows the median.
    var repetitions = 5

    static let usage = """
        usage: etcd-core-bench [--quick] [--dir PATH] [--repetitions N]
          --quick          small counts, for a smoke run (2 repetitions unless --repetitions is given)
          --dir PATH       make the temporary data directories under PATH (default: the system temp
                           directory, or ./.bench-data when that is in memory)
          --repetitions N  measure each figure N times and report the median (default 5)
        """

    /// Parses the arguments after the program name.
    /// - Throws: `UsageError` for an unknown flag or a missing or bad value; `--help` throws one with no message.
    init(arguments: [String]) throws {
        var repetitions: Int?
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            switch flag {
            case "--quick":
                quick = true
            case "--dir":
                guard let path = rest.popFirst() else { throw UsageError("--dir needs a path") }
                directory = path
            case "--repetitions":
                guard let value = rest.popFirst().flatMap({ Int($0) }), value > 0 else {
                    throw UsageError("--repetitions needs a positive number")
                }
                repetitions = value
            case "-h", "--help":
                throw UsageError(nil)
            default:
                throw UsageError("unknown argument '\(flag)'")
            }
        }
        self.repetitions = repetitions ?? (quick ? 2 : 5)
    }

    /// How many operations each figure runs per repetition.
    var counts: WorkloadCounts { quick ? .quick : .full }
}

/// A bad command line; `message` nil when help was asked for.
struct UsageError: Error {
    var message: String?

    init(_ message: String?) { self.message = message }
}
