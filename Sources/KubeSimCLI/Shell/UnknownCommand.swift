/// What kubectl (cobra) answers for a subcommand it does not have: `Error: unknown command "X" for "kubesim"`,
/// with the commands within two edits of it, or that it starts, under `Did you mean this?`.
enum UnknownCommand {
    /// The error for `arguments` when its first argument is not a subcommand (nor an option), else nil.
    static func error(_ arguments: [String], known: [String]) -> String? {
        guard let first = arguments.first, !first.hasPrefix("-") else { return nil }
        if first == "help" {
            guard arguments.count > 1, let topic = arguments.dropFirst().first(where: { !$0.hasPrefix("-") }),
                !known.contains(topic)
            else { return nil }
            return "Unknown help topic [`\(topic)`]"
        }
        guard !known.contains(first) else { return nil }
        var message = "Error: unknown command \"\(first)\" for \"kubesim\""
        let suggestions = suggestions(for: first, among: known)
        if !suggestions.isEmpty {
            message += "\n\nDid you mean this?\n" + suggestions.map { "\t\($0)\n" }.joined()
        }
        return message
    }

    /// cobra's `SuggestionsFor`: names within a Levenshtein distance of 2 (ignoring case) or starting with the
    /// typed text, in name order.
    static func suggestions(for typed: String, among names: [String]) -> [String] {
        let lowered = typed.lowercased()
        return names.sorted().filter { name in
            distance(lowered, name.lowercased()) <= 2 || name.lowercased().hasPrefix(lowered)
        }
    }

    private static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...max(b.count, 1) where !b.isEmpty {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
