import ArgumentParser
import Foundation

/// Which kubeconfig files `kubesim config` reads and writes, by kubectl's rule (client-go's `PathOptions`):
/// `--kubeconfig` alone if given; else the files `$KUBECONFIG` lists, merged; else one default file, which for
/// kubesim is the data directory's `admin.conf` (kubectl's `~/.kube/config`).
struct KubeconfigFiles {
    /// `--kubeconfig`.
    var explicitFile: String?
    /// `$KUBECONFIG`'s files, without repeats.
    var environmentFiles: [String]
    /// The file used when neither names one.
    var globalFile: String

    init(explicitFile: String?, environment: [String: String], globalFile: String) {
        self.explicitFile = explicitFile.flatMap { $0.isEmpty ? nil : $0 }
        var seen: Set<String> = []
        environmentFiles = (environment["KUBECONFIG"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            .filter { seen.insert($0).inserted }
        if environmentFiles == [""] { environmentFiles = [] }
        self.globalFile = globalFile
    }

    /// The files read, in order of precedence.
    var precedence: [String] {
        if let explicitFile { return [explicitFile] }
        return environmentFiles.isEmpty ? [globalFile] : environmentFiles
    }

    /// Where a new stanza goes: the explicit file, the only or first existing `$KUBECONFIG` file (else its last),
    /// or the global file.
    var defaultFile: String {
        if let explicitFile { return explicitFile }
        guard !environmentFiles.isEmpty else { return globalFile }
        if environmentFiles.count == 1 { return environmentFiles[0] }
        return environmentFiles.first { FileManager.default.fileExists(atPath: $0) } ?? environmentFiles.last!
    }

    /// The file named in messages (`deleted context x from FILE`).
    var messageFile: String { explicitFile ?? defaultFile }

    /// The merged configuration, paths as written in the files; missing files count as empty.
    func startingConfig() throws -> KubeconfigData {
        var configs: [KubeconfigData] = []
        var errors: [String] = []
        for file in precedence where !file.isEmpty {
            do {
                configs.append(try KubeconfigData.load(path: file))
            } catch let error as KubeconfigData.LoadError {
                errors.append("error loading config file \"\(file)\": \(error.message)")
            } catch {
                continue
            }
        }
        if !errors.isEmpty { try AggregateError.fail(errors) }
        return KubeconfigData.merged(configs)
    }

    /// One file as it stands, to rewrite: an empty config when it does not exist.
    private func fileConfig(_ file: String) throws -> KubeconfigData {
        do {
            return try KubeconfigData.load(path: file)
        } catch let error as KubeconfigData.LoadError {
            throw CommandError(error.message)
        } catch {
            return KubeconfigData()
        }
    }

    /// Writes the difference between `starting` and `new` into the files each stanza came from (client-go's
    /// `ModifyConfig`): a changed or new stanza goes to its file (new ones to `defaultFile`), with its file
    /// paths made relative to that file when `relativizePaths`; a removed one leaves its file. The files are
    /// locked as kubectl locks them (`FILE.lock`), and each is replaced whole. `preferencesReset` writes the
    /// preferences even when unchanged, as kubectl does after `unset preferences` (its empty map became nil).
    func modify(from starting: KubeconfigData, to new: KubeconfigData, relativizePaths: Bool, preferencesReset: Bool = false) throws {
        let locks = try KubeconfigLock(files: precedence.sorted())
        defer { locks.release() }
        guard starting != new || preferencesReset else { return }
        if starting.currentContext != new.currentContext { try writeCurrentContext(new.currentContext) }
        if starting.preferences != new.preferences || preferencesReset {
            try rewrite(explicitFile ?? precedence.first ?? defaultFile) { $0.preferences = new.preferences }
        }
        for stanza in KubeconfigSchema.Stanza.allCases {
            for (name, entry) in new[stanza] where starting[stanza][name] != entry {
                let destination = entry.origin ?? defaultFile
                var written = entry
                written.origin = destination
                if relativizePaths && stanza != .context {
                    written.fields = KubeconfigPaths.relativized(entry.fields, stanza: stanza, base: KubeconfigPaths.directory(of: destination))
                }
                try rewrite(destination) { $0[stanza][name] = written }
            }
        }
        for stanza in KubeconfigSchema.Stanza.allCases {
            for (name, entry) in starting[stanza] where new[stanza][name] == nil {
                try rewrite(entry.origin ?? defaultFile) { $0[stanza][name] = nil }
            }
        }
    }

    /// client-go's `writeCurrentContext`: the explicit file; else a new name goes to the default file, and an
    /// emptied one to the first file that set it.
    private func writeCurrentContext(_ name: String) throws {
        if let explicitFile { return try rewrite(explicitFile) { $0.currentContext = name } }
        if !name.isEmpty { return try rewrite(defaultFile) { $0.currentContext = name } }
        for file in precedence where FileManager.default.fileExists(atPath: file) {
            if try !fileConfig(file).currentContext.isEmpty { return try rewrite(file) { $0.currentContext = name } }
        }
        throw CommandError("no config found to write context")
    }

    private func rewrite(_ file: String, _ change: (inout KubeconfigData) -> Void) throws {
        var config = try fileConfig(file)
        change(&config)
        try KubeconfigWriter.replace(file, with: config.yaml())
    }
}

/// kubectl's lock on the kubeconfig files it modifies: `FILE.lock`, created exclusively, removed afterwards.
struct KubeconfigLock {
    private var held: [String] = []

    init(files: [String]) throws {
        for file in files {
            let directory = URL(fileURLWithPath: file).deletingLastPathComponent().path
            try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let lock = file + ".lock"
            let descriptor = open(lock, O_CREAT | O_EXCL | O_WRONLY, 0)
            guard descriptor >= 0 else {
                let reason = errno == EEXIST ? "file exists" : String(cString: strerror(errno)).lowercased()
                release()
                throw CommandError("open \(lock): \(reason)")
            }
            close(descriptor)
            held.append(lock)
        }
    }

    func release() {
        for lock in held { unlink(lock) }
    }
}

/// Replaces a kubeconfig file whole: the new text goes to a temporary file beside it (the file's mode, or 0600
/// for a new one), synced, then renamed over it, so a reader sees the old file or the new one, never a part.
enum KubeconfigWriter {
    static func replace(_ path: String, with text: String) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let directory = URL(fileURLWithPath: target).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        let mode = (try? FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) ?? 0o600
        let partial = directory + "/." + URL(fileURLWithPath: target).lastPathComponent + ".\(getpid()).tmp"
        let descriptor = open(partial, O_CREAT | O_EXCL | O_WRONLY, mode_t(mode))
        guard descriptor >= 0 else { throw CommandError("open \(partial): \(String(cString: strerror(errno)).lowercased())") }
        let bytes = Array(text.utf8)
        var written = 0
        var failed = false
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if count <= 0 { failed = true; break }
            written += count
        }
        if !failed { failed = fsync(descriptor) != 0 }
        fchmod(descriptor, mode_t(mode))
        close(descriptor)
        guard !failed, rename(partial, target) == 0 else {
            let reason = String(cString: strerror(errno)).lowercased()
            unlink(partial)
            throw CommandError("write \(path): \(reason)")
        }
    }
}
