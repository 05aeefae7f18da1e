import CPowerLossVFS
import CSQLite
import EtcdCore
import Foundation

// The crash tests' child: writes forever from several concurrent writers into the store under the data
// directory given as the first argument, and prints "<key> <revision>" for every write once the store has
// acknowledged it. The parent kills it with SIGKILL at a random moment and checks every printed write survived.
// With `power-loss`, the store's files go through the power-loss VFS, which keeps every write in this
// process's memory until its file is synced: the kill then loses what a power cut would.
//
// Usage: etcd-crash-writer DATA_DIR RUN_ID [power-loss]

let arguments = CommandLine.arguments
guard arguments.count == 3 || (arguments.count == 4 && arguments[3] == "power-loss") else {
    FileHandle.standardError.write(Data("usage: etcd-crash-writer DATA_DIR RUN_ID [power-loss]\n".utf8))
    exit(2)
}
if arguments.count == 4 {
    let registered = kubesim_power_loss_register()
    guard registered == SQLITE_OK else {
        FileHandle.standardError.write(Data("cannot register the power-loss VFS: \(registered)\n".utf8))
        exit(2)
    }
}
let store = try SQLiteStore.open(dataDirectory: arguments[1])
let run = arguments[2]
let value = Data(repeating: 0x76, count: 512)

try await withThrowingTaskGroup(of: Void.self) { group in
    for writer in 0..<8 {
        group.addTask {
            var index = 0
            while true {
                let key = "/crash/\(run)/\(writer)/\(index)"
                let revision = try await store.put(PutRequest(key: Data(key.utf8), value: value)).header.revision
                // One write(2) per line: what the parent reads was acknowledged, whatever instant the kill comes.
                FileHandle.standardOutput.write(Data("\(key) \(revision)\n".utf8))
                index += 1
            }
        }
    }
    try await group.waitForAll()
}
