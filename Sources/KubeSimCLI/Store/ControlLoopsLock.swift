import Foundation

/// Which process runs a data directory's control loops: one set at a time, as DESIGN.md says. `kubesim serve`
/// holds `<data-dir>/control-loops.lock` while it runs; an embedded command that writes takes it while it
/// settles the cluster, waiting for another embedded command that settles, and does not settle at all while a
/// server holds it (the server's loops act on its writes, as on any other client's).
final class ControlLoopsLock: Sendable {
    /// Who holds the lock: the server, or an embedded command for the length of a settle.
    enum Holder: String {
        case server = "kubesim serve"
        case command = "kubesim"
    }

    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    /// Takes the lock of `dataDirectory` for `holder`; nil when a server holds it. A command waits while
    /// another command holds it.
    static func acquire(_ dataDirectory: String, as holder: Holder) throws -> ControlLoopsLock? {
        let path = URL(fileURLWithPath: dataDirectory).appendingPathComponent("control-loops.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw CommandError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK else {
                close(descriptor)
                throw CommandError("\(path): cannot lock: \(String(cString: strerror(errno)))")
            }
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = pread(descriptor, &buffer, buffer.count, 0)
            let owner = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            if owner.hasPrefix(Holder.server.rawValue) || holder == .server {
                close(descriptor)
                return nil
            }
            usleep(20_000)
        }
        let text = Array("\(holder.rawValue) \(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pwrite(descriptor, text, text.count, 0)
        return ControlLoopsLock(descriptor: descriptor)
    }
}
