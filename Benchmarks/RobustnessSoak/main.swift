import Foundation
import RobustnessKit
import Synchronization

// The robustness suite's etcd workload for as long as asked: rounds of `kubesim serve` on a fresh data
// directory, SIGKILLed and restarted during the workload, with fsync errors and full-disk writes injected
// through its failpoints; each round's history checked for linearizability and its watch for etcd's
// guarantees. Usage: kubesim-robustness-soak [--minutes M] [--seed S] [--clients N] [--operations N]
// (the kubesim binary is taken from beside this one; a failing round prints its seed and exits 1).

var minutes = 5.0
var firstSeed = robustnessSeed()
var clients = 4
var operations = 200
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--minutes": minutes = Double(arguments.next() ?? "") ?? minutes
    case "--seed": firstSeed = UInt64(arguments.next() ?? "") ?? firstSeed
    case "--clients": clients = Int(arguments.next() ?? "") ?? clients
    case "--operations": operations = Int(arguments.next() ?? "") ?? operations
    default:
        FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
        exit(2)
    }
}

let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kubesim").path
let deadline = ContinuousClock.now + .seconds(minutes * 60)
var round = 0
var failures = 0
while ContinuousClock.now < deadline {
    let seed = firstSeed &+ UInt64(round)
    round += 1
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-soak-\(seed)").path
    let server = ServeProcess(
        executable: executable, dataDirectory: directory,
        environment: [
            "KUBESIM_FAILPOINTS": "walBeforeSync=1%return;walBeforeWrite=1%return;afterCommit=0.2%panic",
            "KUBESIM_FAILPOINTS_SEED": String(seed),
        ])
    try await server.start()
    var run = RobustnessRun(seed: seed)
    run.clients = clients
    run.operationsPerClient = operations
    let report = try await run.run(port: { server.port }) {
        var random = SeededRandom(seed: seed)
        while !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(Int.random(in: 200...1500, using: &random)))
            // A SIGKILL, or a restart after a failpoint's panic.
            if !Task.isCancelled || server.crashed { try? await server.restart() }
        }
        if server.port == nil { try? await server.restart() }
    }
    server.kill()
    try? FileManager.default.removeItem(atPath: directory)
    if !report.violations.isEmpty { failures += 1 }
    print("round \(round): \(report.violations.isEmpty ? "ok" : "FAILED") (\(server.restarts.load(ordering: .relaxed)) restarts)")
}
print("\(round) rounds, \(failures) failed")
exit(failures == 0 ? 0 : 1)
