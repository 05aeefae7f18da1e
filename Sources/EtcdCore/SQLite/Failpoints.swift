import CWALWriteBuffer
import Foundation
import Synchronization

/// Test-only fault injection in the store, named and written as etcd's gofail failpoints are
/// (`GOFAIL_FAILPOINTS="beforeCommit=panic"`), read from `KUBESIM_FAILPOINTS` when a store opens, or set in
/// `SQLiteStore.Configuration.failpoints` by in-process tests.
///
/// The specification is `name=term;name=term`, a term `[P%][N*]action`: `return` injects the point's error,
/// `panic` ends the process at once (as a SIGKILL would, with no cleanup), `sleep(ms)` delays, `off` does
/// nothing; `P%` fires with probability P, `N*` at most N times. The points:
/// - `walBeforeWrite=return`: writing a commit's WAL frames fails as on a full disk (`SQLITE_FULL`);
/// - `walBeforeSync=return`: the WAL's fsync fails (`SQLITE_IOERR_FSYNC`) after its frames were written;
/// - `beforeCommit`: before the SQLite `COMMIT` of a batch (`return` fails the batch);
/// - `afterCommit`: after the batch is durable, before anyone is answered (`panic` is the useful action).
///
/// Probabilities draw from a generator seeded by `KUBESIM_FAILPOINTS_SEED` (or `seed`), so a run replays.
public final class Failpoints: Sendable {
    /// A failpoint's name in the specification.
    public enum Name: String, Sendable, CaseIterable {
        case walBeforeWrite, walBeforeSync, beforeCommit, afterCommit
    }

    /// What a term does when it fires.
    public enum Action: Sendable, Equatable {
        case off, returnError, panic
        case sleep(milliseconds: Int)
    }

    /// One point's term: the action, its probability in percent and the most times it fires (nil: always).
    public struct Term: Sendable, Equatable {
        public var action: Action
        public var percent: Double = 100
        public var count: Int?
    }

    struct State {
        var terms: [Name: Term]
        var fired: [Name: Int] = [:]
        /// Firings since the point's term was set, for `N*`.
        var firedSinceSet: [Name: Int] = [:]
        var random: UInt64
    }

    private let state: Mutex<State>

    /// Parses `specification`; throws on an unknown name or a malformed term.
    public init(_ specification: String, seed: UInt64 = 0) throws {
        var terms: [Name: Term] = [:]
        for entry in specification.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) })
        where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let name = Name(rawValue: parts[0]) else {
                throw StorageError(path: "KUBESIM_FAILPOINTS", message: "unknown failpoint in \(entry.debugDescription)")
            }
            terms[name] = try Self.term(parts[1])
        }
        state = Mutex(State(terms: terms, random: seed &+ 0x9E37_79B9_7F4A_7C15))
    }

    /// Replaces the terms of the points `specification` names (`name=term;...`), as gofail's HTTP endpoint does
    /// while a process runs.
    public func set(_ specification: String) throws {
        let parsed = try Failpoints(specification)
        let terms = parsed.state.withLock { $0.terms }
        state.withLock { state in
            for (name, term) in terms {
                state.terms[name] = term
                state.firedSinceSet[name] = 0
            }
        }
    }

    /// The failpoints of `KUBESIM_FAILPOINTS`, or nil when it is unset or empty.
    public static func fromEnvironment() throws -> Failpoints? {
        let environment = ProcessInfo.processInfo.environment
        guard let specification = environment["KUBESIM_FAILPOINTS"], !specification.isEmpty else { return nil }
        return try Failpoints(specification, seed: environment["KUBESIM_FAILPOINTS_SEED"].flatMap { UInt64($0) } ?? 0)
    }

    private static func term(_ text: String) throws -> Term {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        var percent = 100.0
        var count: Int?
        if let mark = rest.firstIndex(of: "%"), let value = Double(rest[..<mark]) {
            percent = value
            rest = rest[rest.index(after: mark)...]
        }
        if let mark = rest.firstIndex(of: "*"), let value = Int(rest[..<mark]) {
            count = value
            rest = rest[rest.index(after: mark)...]
        }
        let action: Action
        switch rest {
        case "off": action = .off
        case "return", "return()": action = .returnError
        case "panic", "panic()": action = .panic
        default:
            guard rest.hasPrefix("sleep("), rest.hasSuffix(")"), let ms = Int(rest.dropFirst(6).dropLast()) else {
                throw StorageError(path: "KUBESIM_FAILPOINTS", message: "malformed failpoint term \(text.debugDescription)")
            }
            action = .sleep(milliseconds: ms)
        }
        return Term(action: action, percent: percent, count: count)
    }

    /// Evaluates `name`: sleeps or ends the process as its term says; returns whether to inject the error.
    func fires(_ name: Name) -> Bool {
        let action: Action? = state.withLock { state in
            guard let term = state.terms[name], term.action != .off else { return nil }
            if let count = term.count, state.firedSinceSet[name, default: 0] >= count { return nil }
            if term.percent < 100 {
                // SplitMix64: small, seeded, good enough to spread faults.
                state.random &+= 0x9E37_79B9_7F4A_7C15
                var z = state.random
                z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
                z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
                z ^= z >> 31
                guard Double(z >> 11) / Double(1 << 53) * 100 < term.percent else { return nil }
            }
            state.fired[name, default: 0] += 1
            state.firedSinceSet[name, default: 0] += 1
            return term.action
        }
        switch action {
        case .returnError: return true
        case .panic:
            FileHandle.standardError.write(Data("failpoint \(name.rawValue) panicked\n".utf8))
            _exit(134)
        case .sleep(let milliseconds):
            usleep(useconds_t(milliseconds * 1000))
            return false
        case .off, nil: return false
        }
    }

    /// How many times `name` has fired in all.
    public func firedCount(_ name: Name) -> Int { state.withLock { $0.fired[name, default: 0] } }

    // MARK: - The WAL's faults, reached from the VFS by file path

    private static let byWALPath = Mutex<[String: Failpoints]>([:])

    /// Routes the faults of the WAL file beside `databasePath` here until `detach`.
    func attach(databasePath: String) {
        Self.byWALPath.withLock { table in
            table[Self.canonical(databasePath) + "-wal"] = self
            kubesim_wal_write_buffer_set_fault_hook { path, stage in
                guard let path else { return 0 }
                let points = Failpoints.byWALPath.withLock { $0[String(cString: path)] }
                let name: Name = stage == KUBESIM_WAL_FAULT_SYNC ? .walBeforeSync : .walBeforeWrite
                return points?.fires(name) == true ? 1 : 0
            }
        }
    }

    /// The path as SQLite names the file to the VFS: absolute, symbolic links resolved.
    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    func detach(databasePath: String) {
        Self.byWALPath.withLock { table in
            table[Self.canonical(databasePath) + "-wal"] = nil
            if table.isEmpty { kubesim_wal_write_buffer_set_fault_hook(nil) }
        }
    }
}
