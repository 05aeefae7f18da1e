/// The answer to etcd v2 commands and `ETCDCTL_API=2`: the embedded store speaks only the v3 API, so
/// `kubesim etcdctl` names the v3 command to use instead.
enum EtcdctlV2 {
    /// Options of `kubesim etcdctl` that take a value, to find the command after them.
    private static let optionsWithValue: Set = ["--data-dir", "-w", "--write-out"]

    /// Why `kubesim <arguments>` cannot run, when it is an etcdctl v2 command or `ETCDCTL_API` asks for an
    /// API other than v3; nil otherwise.
    static func rejection(arguments: [String], environment: [String: String]) -> String? {
        guard arguments.first == "etcdctl" else { return nil }
        var words = arguments.dropFirst()[...]
        while let word = words.first, word.hasPrefix("-") {
            words = words.dropFirst(optionsWithValue.contains(word) ? 2 : 1)
        }
        let command = words.first.map { (name: $0, operands: words.dropFirst().filter { !$0.hasPrefix("-") }) }
        let advice = command.flatMap { v3Equivalent(of: $0.name, operands: $0.operands, flags: Set(words)) }
        switch environment["ETCDCTL_API"] {
        case nil, "", "3":
            guard let command, let advice else { return nil }
            return "\"\(command.name)\" is an etcd v2 command; this store speaks only the etcd v3 API. \(advice)"
        case "2":
            return "ETCDCTL_API=2 selects the etcd v2 API; this store speaks only the v3 API: unset ETCDCTL_API or "
                + "set ETCDCTL_API=3." + (advice.map { " " + $0 } ?? "")
        case let version?:
            return "unsupported API version \(version)"
        }
    }

    /// How to do a v2 command's work with v3 commands; nil for commands v3 has too.
    private static func v3Equivalent(of command: String, operands: [String], flags: Set<String>) -> String? {
        let key = operands.first.map(shellQuoted) ?? "<key>"
        let value = operands.dropFirst().first.map(shellQuoted) ?? "<value>"
        let use = "Use: kubesim etcdctl "
        switch command {
        case "ls": return use + "get \(operands.first.map(shellQuoted) ?? "/") --prefix --keys-only"
        case "set": return use + "put \(key) \(value)"
        case "mk":
            return use + "txn, with the compare create(\(quoted(operands.first))) = \"0\" and the success request "
                + "put \(key) \(value)"
        case "update":
            return use + "txn, with the compare version(\(quoted(operands.first))) > \"0\" and the success request "
                + "put \(key) \(value)"
        case "mkdir", "setdir", "updatedir":
            return "v3 keys are flat and have no directories: put keys under the prefix instead, e.g. "
                + "kubesim etcdctl put \(operands.first.map { shellQuoted($0) + "/<name>" } ?? "<dir>/<name>") <value>"
        case "rmdir": return use + "del \(operands.first.map { shellQuoted($0 + "/") } ?? "<dir>/") --prefix"
        case "rm":
            let recursive = flags.contains("-r") || flags.contains("--recursive")
            return use + "del \(key)" + (recursive ? " --prefix" : "")
        case "exec-watch": return use + "watch \(key)"
        case "cluster-health": return use + "endpoint health"
        case "backup": return use + "snapshot save <file>"
        case "import": return use + "snapshot restore <file> --data-dir <new directory>"
        default: return nil
        }
    }

    private static func quoted(_ key: String?) -> String { key.map { "\"\($0)\"" } ?? "\"<key>\"" }

    private static func shellQuoted(_ word: String) -> String {
        let plain = word.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || $0.properties.numericType != nil || "/-_.:=@%+,".unicodeScalars.contains($0)
        }
        return plain && !word.isEmpty ? word : "'" + word.replacing("'", with: "'\\''") + "'"
    }
}
