import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim diff -f FILE|DIR|-` or `-k DIR`: kubectl's diff. Each object is applied with a server-side dry run (the
/// three-way merge `apply` would send, or with `--server-side` a server-side apply); the live and the merged
/// objects are written as YAML (without managed fields) into `LIVE-*` and `MERGED-*` temporary directories,
/// one file per object named `[group.]version.Kind[.namespace].name`, and `KUBECTL_EXTERNAL_DIFF` (else
/// `diff -u -N`) compares the two directories. Exit 0: no differences; 1: differences; more: an error.
struct Diff: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Diff the live version against a would-be applied version.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var serverOptions: ServerOptions

    @OptionGroup var files: FilenameOptions

    @Option(name: [.customShort("n"), .customLong("namespace")], help: "The namespace for objects that name none.")
    var namespace: String?

    @Flag(name: .customLong("server-side"), help: "Compare with a server-side apply.")
    var serverSide = false

    @Flag(name: .customLong("force-conflicts"), help: "With --server-side: take over fields other managers own.")
    var forceConflicts = false

    @Option(name: .customLong("field-manager"), help: "The field manager's name.")
    var fieldManager: String?

    func run() async throws {
        let console = Console.standard
        // kubectl exits with the diff program's status, and with 2 for its own errors.
        if let problem = files.problem() { return try fail("error: \(problem)", console) }
        guard !files.isEmpty else { return try fail("error: must specify one of -f and -k", console) }
        let (documents, readErrors) = files.read()
        if !readErrors.isEmpty {
            for line in KubectlErrors.messages(readErrors) { console.err.line(line) }
            console.err.flush()
            throw ExitCode(2)
        }
        let live = try Self.temporaryDirectory("LIVE-")
        let merged = try Self.temporaryDirectory("MERGED-")
        defer {
            try? FileManager.default.removeItem(atPath: live)
            try? FileManager.default.removeItem(atPath: merged)
        }
        let applier = ManifestApplier(
            namespace: namespace, dryRun: .server, serverSide: serverSide, forceConflicts: forceConflicts,
            fieldManager: fieldManager, annotate: false, sourcesErrors: false)
        do {
            try await serverOptions.withCluster(store: store) { client, _ in
                for document in documents {
                    let (after, type, _) = try await applier.apply(document, client: client)
                    let name = Self.fileName(after, type: type)
                    let before: KubeObject?
                    do {
                        before = try await client.get(type, namespace: type.namespaced ? after.namespace : nil, name: after.name)
                    } catch let error as StatusError where error.code == 404 {
                        before = nil
                    }
                    var (left, right): (JSONValue?, JSONValue?) = (before?.json, after.json)
                    if type.group.isEmpty && type.plural == "secrets" { (left, right) = Self.masked(left, right) }
                    if let left { try Self.write(left, to: live, name: name) }
                    try Self.write(right!, to: merged, name: name)
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            return try fail(KubectlErrors.message(error), console)
        }
        let status = try Self.runDiff(live, merged)
        if status != 0 { throw ExitCode(status) }
    }

    private func fail(_ message: String, _ console: Console) throws {
        console.err.line(message)
        console.err.flush()
        throw ExitCode(2)
    }

    /// kubectl's file name: `[group.]version.Kind[.namespace].name`.
    static func fileName(_ object: KubeObject, type: ResourceType) -> String {
        let group = type.group.isEmpty ? "" : "\(type.group)."
        let name = type.namespaced ? "\(object.namespace ?? "").\(object.name)" : object.name
        return "\(group)\(type.version).\(object.kind.isEmpty ? type.kind : object.kind).\(name)"
    }

    /// A secret's values as kubectl shows them: `***`, or `*** (before)`/`*** (after)` where they differ.
    static func masked(_ live: JSONValue?, _ merged: JSONValue?) -> (JSONValue?, JSONValue?) {
        var (live, merged) = (live, merged)
        for field in ["data", "stringData"] {
            let before = live?[field]?.objectValue ?? [:]
            let after = merged?[field]?.objectValue ?? [:]
            for key in Set(before.keys).union(after.keys) {
                let same = before[key] == after[key]
                if before[key] != nil { live?[[field, key]] = .string(same ? "***" : "*** (before)") }
                if after[key] != nil { merged?[[field, key]] = .string(same ? "***" : "*** (after)") }
            }
        }
        return (live, merged)
    }

    private static func write(_ object: JSONValue, to directory: String, name: String) throws {
        var object = object
        if var metadata = object["metadata"]?.objectValue {
            metadata["managedFields"] = nil
            object["metadata"] = .object(metadata)
        }
        try object.yamlString().write(toFile: "\(directory)/\(name)", atomically: false, encoding: .utf8)
    }

    /// A new directory under `$TMPDIR` (else /tmp) named `prefix` and random digits, as Go's `os.MkdirTemp`.
    private static func temporaryDirectory(_ prefix: String) throws -> String {
        let base = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        for _ in 0..<100 {
            let path = "\(base)/\(prefix)\(UInt32.random(in: 0...UInt32.max))"
            if (try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)) != nil { return path }
        }
        throw CommandError("cannot create a temporary directory under \(base)")
    }

    /// Runs `KUBECTL_EXTERNAL_DIFF` (a command and its arguments) or `diff -u -N` on the two directories, its
    /// output going straight to ours; returns its exit status.
    private static func runDiff(_ live: String, _ merged: String) throws -> Int32 {
        let external = ProcessInfo.processInfo.environment["KUBECTL_EXTERNAL_DIFF"]?.split(separator: " ").map(String.init) ?? []
        let command = external.isEmpty ? ["diff", "-u", "-N"] : external
        Console.standard.out.flush()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command + [live, merged]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
