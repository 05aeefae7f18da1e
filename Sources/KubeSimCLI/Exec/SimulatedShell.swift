import Foundation

/// The shell of the simulated etcd container: runs ``ShellScript``s with a few built-ins (`exit`, `export`,
/// `unset`, `echo`, `cd`, `pwd`, `true`, `false`), the container's commands (`etcdctl`, `etcd --version`, `ls`,
/// `cat`, `env`, `printenv`, `hostname`, `sh`) and, after a `|`, the filters of ``ShellFilters``. Messages follow
/// dash, the image's `/bin/sh`.
final class SimulatedShell {
    struct Container: Sendable {
        let files: ContainerFiles
        let etcdctl: ContainerEtcdctl
        let hostname: String
        /// The image's etcd version (`3.5.16`).
        let etcdVersion: String
    }

    private let container: Container
    private let out: @Sendable ([UInt8]) async -> Void
    private let err: @Sendable ([UInt8]) async -> Void
    private(set) var variables: [String: String]
    private(set) var status: Int32 = 0
    private var directory = "/"
    /// Set by `exit`: the shell ends with this status.
    private(set) var exited: Int32?
    /// The previous pipeline stage's output, which a filter or `cat` reads.
    private var input: [UInt8]?
    /// What the first stage of each pipeline reads (a nested `sh -c` in a pipeline reads the stage before it).
    var standardInput: [UInt8]?
    /// Where a pipeline stage's output goes instead of the client.
    private var capture: ShellCapture?

    init(
        container: Container, environment: [String: String], out: @escaping @Sendable ([UInt8]) async -> Void,
        err: @escaping @Sendable ([UInt8]) async -> Void
    ) {
        self.container = container
        self.variables = environment
        self.out = out
        self.err = err
    }

    /// Runs a script (one `sh -c` argument or one interactive line); returns the last status.
    @discardableResult
    func run(_ source: String) async -> Int32 {
        let script: ShellScript
        do {
            script = try ShellScript(parsing: source)
        } catch {
            await write(err, "sh: 1: \(error.message)\n")
            status = 2
            return status
        }
        for command in script.commands {
            if command.connector == .and && status != 0 || command.connector == .or && status == 0 { continue }
            var input = standardInput
            for (index, stage) in command.stages.enumerated() {
                self.input = input
                capture = index < command.stages.count - 1 ? ShellCapture() : nil
                status = await run(stage)
                input = capture?.contents
            }
            (self.input, capture) = (nil, nil)
            if exited != nil { break }
        }
        return status
    }

    private func run(_ words: [ShellScript.Word]) async -> Int32 {
        var words = words[...]
        var assignments: [String: String] = [:]
        while let assignment = words.first?.assignment {
            assignments[assignment.name] = assignment.value.expanded(lookup)
            words = words.dropFirst()
        }
        guard !words.isEmpty else {
            variables.merge(assignments) { $1 }
            return 0
        }
        let arguments = words.map { $0.expanded(lookup) }
        let environment = variables.merging(assignments) { $1 }
        return await execute(arguments, environment: environment)
    }

    private func lookup(_ name: String) -> String {
        name == "?" ? String(status) : variables[name] ?? ""
    }

    /// Runs one command with its arguments expanded.
    func execute(_ arguments: [String], environment: [String: String]) async -> Int32 {
        let name = arguments[0], rest = Array(arguments.dropFirst())
        switch name {
        case "exit":
            exited = rest.first.flatMap { Int32($0) }.map { $0 & 0xff } ?? status
            return exited!
        case "export":
            for word in rest {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { variables[parts[0]] = parts[1] }
            }
            return 0
        case "unset":
            for word in rest { variables[word] = nil }
            return 0
        case "true": return 0
        case "false": return 1
        case "echo":
            await print(rest.joined(separator: " ") + "\n")
            return 0
        case "pwd":
            await print(directory + "\n")
            return 0
        case "cd":
            let target = ContainerFiles.normalized(rest.first ?? "/root", from: directory)
            guard case .directory? = container.files.entry(target) else {
                await write(err, "sh: 1: cd: can't cd to \(rest.first ?? "/root")\n")
                return 2
            }
            directory = target
            return 0
        default:
            break
        }
        let program = name.hasPrefix("/") ? String(name.split(separator: "/").last ?? "") : name
        if name.hasPrefix("/") && !["/bin/sh", "/bin/bash", "/usr/local/bin/etcd", "/usr/local/bin/etcdctl"].contains(name) {
            await write(err, "sh: 1: \(name): not found\n")
            return 127
        }
        switch program {
        case "etcdctl":
            let result = await container.etcdctl.run(rest, environment: environment)
            await emit(result.out)
            await err(result.err)
            return result.status
        case "etcd":
            guard rest == ["--version"] || rest == ["-version"] else {
                await write(err, "kubesim: etcd is this container's own process; `etcd --version` is what runs here\n")
                return 1
            }
            await print("etcd Version: \(container.etcdVersion)\nGo OS/Arch: linux/\(Self.architecture)\n")
            return 0
        case "hostname":
            await print(container.hostname + "\n")
            return 0
        case "env", "printenv":
            if program == "printenv", !rest.isEmpty {
                let values = rest.compactMap { environment[$0] }
                for value in values { await print(value + "\n") }
                return values.count == rest.count ? 0 : 1
            }
            await print(environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined())
            return 0
        case "ls":
            return await list(rest.filter { !$0.hasPrefix("-") })
        case "cat" where rest.isEmpty:
            await emit(input ?? [])
            return 0
        case "cat":
            return await concatenate(rest)
        case let filter where ShellFilters.names.contains(filter):
            let result = ShellFilters.run(filter, rest, input: input ?? [])
            await emit(result.out)
            if !result.err.isEmpty { await write(err, result.err) }
            return result.status
        case "sh", "bash":
            if let index = rest.firstIndex(of: "-c"), index + 1 < rest.count {
                let output: @Sendable ([UInt8]) async -> Void = if let capture { { capture.append($0) } } else { out }
                let inner = SimulatedShell(container: container, environment: environment, out: output, err: err)
                inner.standardInput = input
                return await inner.run(rest[index + 1])
            }
            await write(err, "kubesim: a nested interactive shell is not simulated; use sh -c \"...\"\n")
            return 2
        case "tar":
            await write(err, "kubesim: tar is not simulated, so kubectl cp cannot copy from or to this container; `cat <file>` prints a mounted file\n")
            return 126
        default:
            await write(err, "sh: 1: \(name): not found\n")
            return 127
        }
    }

    private func list(_ paths: [String]) async -> Int32 {
        var status: Int32 = 0
        let targets = paths.isEmpty ? [directory] : paths
        for (index, path) in targets.enumerated() {
            switch container.files.entry(path, from: directory) {
            case .directory(let names)?:
                if targets.count > 1 { await print((index > 0 ? "\n" : "") + "\(path):\n") }
                await print(names.map { $0 + "\n" }.joined())
            case .file?:
                await print(path + "\n")
            case nil:
                await write(err, "ls: cannot access '\(path)': No such file or directory\n")
                status = 2
            }
        }
        return status
    }

    private func concatenate(_ paths: [String]) async -> Int32 {
        var status: Int32 = 0
        for path in paths {
            switch container.files.entry(path, from: directory) {
            case .file(let data)?: await emit(Array(data))
            case .directory?:
                await write(err, "cat: \(path): Is a directory\n")
                status = 1
            case nil:
                await write(err, "cat: \(path): No such file or directory\n")
                status = 1
            }
        }
        return status
    }

    /// Standard output: the client's, or the next pipeline stage's.
    private func emit(_ bytes: [UInt8]) async {
        if let capture { capture.append(bytes) } else { await out(bytes) }
    }

    private func print(_ text: String) async { await emit(Array(text.utf8)) }

    private func write(_ sink: @Sendable ([UInt8]) async -> Void, _ text: String) async {
        await sink(Array(text.utf8))
    }

    #if arch(arm64)
    private static let architecture = "arm64"
    #else
    private static let architecture = "amd64"
    #endif
}
