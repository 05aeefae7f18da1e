import ArgumentParser
import EtcdCore
import Foundation

/// Reads etcdctl's `txn` input: compare lines, a blank line, success requests, a blank line, failure
/// requests, a blank line (`txn_command.go`). Each request line is a `get`, `put` or `del` command line with
/// that command's flags. The whole script is read and checked before anything is written.
struct TxnScript {
    /// The prompt before each section, printed only by `txn -i`.
    static let prompts = ["compares:", "success requests (get, put, del):", "failure requests (get, put, del):"]
    private static let sections = ["compares", "success requests", "failure requests"]

    private let nextLine: () -> String?
    private let prompt: ((String) -> Void)?
    private var lineNumber = 0

    /// - Parameters:
    ///   - nextLine: the next input line with its newline; a last line without one; nil at the end.
    ///   - prompt: prints a section's prompt, or nil for none.
    init(nextLine: @escaping () -> String?, prompt: ((String) -> Void)?) {
        self.nextLine = nextLine
        self.prompt = prompt
    }

    /// Reads the three sections.
    /// - Throws: exit code 3 naming the offending line; a request's own argument errors as that command
    ///   reports them.
    mutating func read() throws(EtcdctlFailure) -> TxnRequest {
        var request = TxnRequest()
        request.compare = try section(0).map { line throws(EtcdctlFailure) in try TxnCompare.parse(line) }
        request.success = try section(1).map { line throws(EtcdctlFailure) in try Self.operation(line) }
        request.failure = try section(2).map { line throws(EtcdctlFailure) in try Self.operation(line) }
        return request
    }

    /// The trimmed lines of one section, up to the blank line that ends it.
    private mutating func section(_ index: Int) throws(EtcdctlFailure) -> [String] {
        prompt?(Self.prompts[index])
        var lines: [String] = []
        while true {
            guard let raw = nextLine(), raw.hasSuffix("\n") else {
                throw EtcdctlFailure(
                    .invalidInput,
                    "unexpected end of input in the \(Self.sections[index]) (line \(lineNumber + 1)): "
                        + "end each of the three sections with a blank line")
            }
            lineNumber += 1
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { return lines }
            lines.append(line)
        }
    }

    /// One request line: `get`, `put` or `del` with its arguments and flags.
    static func operation(_ line: String) throws(EtcdctlFailure) -> RequestOp {
        let words: [String]
        do {
            words = try TxnWords.split(line)
        } catch {
            throw EtcdctlFailure(.invalidInput, "invalid txn request: \(line) (\(error.reason))")
        }
        guard words.count >= 2 else { throw EtcdctlFailure(.invalidInput, "invalid txn compare request: \(line)") }
        let arguments = Array(words.dropFirst())
        do {
            switch words[0] {
            case "get":
                let get = try EtcdctlGet.parse(arguments)
                guard get.options.isUnset else { break }
                return .range(try get.request())
            case "put":
                let put = try EtcdctlPut.parse(arguments)
                guard put.options.isUnset, put.ignoreValue || put.arguments.count >= 2 else { break }
                return .put(try put.request { nil })
            case "del":
                let del = try EtcdctlDel.parse(arguments)
                guard del.options.isUnset else { break }
                return .deleteRange(try del.request())
            default:
                break
            }
        } catch let failure as EtcdctlFailure {
            throw failure
        } catch {}
        throw EtcdctlFailure(.invalidInput, "invalid txn request: \(line)")
    }
}
