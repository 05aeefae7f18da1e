import Foundation
import Synchronization

/// A deterministic mutation fuzzer for the decoders, small enough for CI: from a seed and a corpus (valid inputs
/// and known-hostile ones) it derives inputs by flipping bits, inserting dictionary tokens, deleting, duplicating
/// and repeating slices (which grows nesting), truncating and splicing, and runs a decoder on each, timing every
/// call and watching the process's memory. The decoder may return or throw; a crash ends the test process,
/// which is the finding.
public struct MutationFuzzer: Sendable {
    public var corpus: [[UInt8]]
    /// Tokens that matter to the formats (`{`, `[`, `&a`, `*a`, a protobuf length prefix).
    public var dictionary: [[UInt8]]
    /// Inputs never grow past this.
    public var maxLength = 256 * 1024
    private var random: SeededRandom

    public init(seed: UInt64, corpus: [[UInt8]], dictionary: [[UInt8]] = []) {
        self.corpus = corpus
        self.dictionary = dictionary
        random = SeededRandom(seed: seed)
    }

    /// The next input: a corpus entry as is (the first time round), else with one to four mutations.
    public mutating func next(_ round: Int) -> [UInt8] {
        if round < corpus.count { return corpus[round] }
        var input = corpus.randomElement(using: &random) ?? []
        for _ in 0..<Int.random(in: 1...4, using: &random) { mutate(&input) }
        if input.count > maxLength { input.removeLast(input.count - maxLength) }
        return input
    }

    private mutating func position(in input: [UInt8]) -> Int { Int.random(in: 0...input.count, using: &random) }

    private mutating func mutate(_ input: inout [UInt8]) {
        switch Int.random(in: 0..<8, using: &random) {
        case 0 where !input.isEmpty:
            let index = Int.random(in: 0..<input.count, using: &random)
            input[index] ^= 1 << UInt8.random(in: 0...7, using: &random)
        case 1 where !dictionary.isEmpty:
            input.insert(contentsOf: dictionary.randomElement(using: &random)!, at: position(in: input))
        case 2 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            input.removeSubrange(start..<min(input.count, start + Int.random(in: 1...16, using: &random)))
        case 3 where !input.isEmpty:
            let start = Int.random(in: 0..<input.count, using: &random)
            let slice = input[start..<min(input.count, start + Int.random(in: 1...64, using: &random))]
            input.insert(contentsOf: slice, at: position(in: input))
        case 4 where !input.isEmpty:
            // A short slice repeated many times: nesting, long runs, many aliases.
            let start = Int.random(in: 0..<input.count, using: &random)
            let slice = Array(input[start..<min(input.count, start + Int.random(in: 1...4, using: &random))])
            let times = Int.random(in: 2...2_000, using: &random)
            input.insert(contentsOf: Array([[UInt8]](repeating: slice, count: times).joined()), at: start)
        case 5:
            input.removeLast(Int.random(in: 0...input.count, using: &random) / 2)
        case 6 where !input.isEmpty:
            let index = Int.random(in: 0..<input.count, using: &random)
            input[index] = [0x00, 0xff, 0x7f, 0x80, 0x22, 0x5c, 0x0a, 0x3a].randomElement(using: &random)!
        default:
            if let other = corpus.randomElement(using: &random), !other.isEmpty {
                let start = Int.random(in: 0..<other.count, using: &random)
                input.insert(contentsOf: other[start...], at: position(in: input))
            }
        }
    }

    /// What a fuzzing pass saw.
    public struct Summary: Sendable, CustomStringConvertible {
        public var name: String
        public var inputs = 0
        public var accepted = 0
        public var slowest: Duration = .zero
        public var slowestInput: [UInt8] = []
        public var memoryGrowthBytes = 0
        public var elapsed: Duration = .zero

        public var description: String {
            "\(name): \(inputs) inputs, \(accepted) accepted, slowest \(slowest) (\(slowestInput.count) bytes), "
                + "memory +\(memoryGrowthBytes >> 20) MiB, \(elapsed)"
        }
    }

    /// Runs `decode` on `iterations` inputs on a thread of its own (a long synchronous loop on the concurrency
    /// pool would starve the other tests' servers); `decode` returns when the input is accepted, throws when refused.
    public func run(
        _ name: String, iterations: Int, _ decode: @escaping @Sendable ([UInt8]) throws -> Void
    ) async -> Summary {
        let fuzzer = self
        return await withCheckedContinuation { continuation in
            Thread {
                var copy = fuzzer
                continuation.resume(returning: copy.runHere(name, iterations: iterations, decode))
            }.start()
        }
    }

    private mutating func runHere(
        _ name: String, iterations: Int, _ decode: ([UInt8]) throws -> Void
    ) -> Summary {
        var summary = Summary(name: name)
        let memoryBefore = Self.residentBytes()
        let started = ContinuousClock.now
        for round in 0..<iterations {
            let input = next(round)
            let start = ContinuousClock.now
            if (try? decode(input)) != nil { summary.accepted += 1 }
            let took = ContinuousClock.now - start
            if took > summary.slowest {
                summary.slowest = took
                summary.slowestInput = input
            }
            summary.inputs += 1
        }
        summary.elapsed = ContinuousClock.now - started
        summary.memoryGrowthBytes = max(0, Self.residentBytes() - memoryBefore)
        print("fuzz \(summary)")
        return summary
    }

    /// Findings a decoder run notes, from the fuzzing thread.
    public final class Findings: Sendable {
        private let list = Mutex<[String]>([])
        public init() {}
        public func append(_ finding: String) { list.withLock { $0.append(finding) } }
        public var all: [String] { list.withLock { $0 } }
    }

    /// The process's resident memory (Linux `/proc/self/statm`), 0 where unknown.
    public static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
