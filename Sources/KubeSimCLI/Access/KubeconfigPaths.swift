import Foundation
import KubeAPI

/// File paths inside a kubeconfig, handled as client-go handles them: relative paths are read from the
/// kubeconfig's directory, and kubectl writes a path below that directory relative to it
/// (`RelativizePathWithNoBacksteps`); Go's `filepath.Clean`, `Abs` and `Rel` on `/`-separated paths.
enum KubeconfigPaths {
    /// The absolute directory of a kubeconfig file.
    static func directory(of file: String) -> String {
        absolute(URL(fileURLWithPath: file).deletingLastPathComponent().relativePath)
    }

    /// `filepath.Abs`: joined to the working directory when relative, then cleaned.
    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? clean(path) : clean(FileManager.default.currentDirectoryPath + "/" + path)
    }

    /// `filepath.Clean`: no `.` or empty elements, `..` applied lexically.
    static func clean(_ path: String) -> String {
        let rooted = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !rooted {
                    parts.append(part)
                }
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if rooted { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// `filepath.Rel` of two absolute paths.
    static func relative(_ path: String, to base: String) -> String {
        let target = clean(path).split(separator: "/")
        let from = clean(base).split(separator: "/")
        var common = 0
        while common < min(target.count, from.count) && target[common] == from[common] { common += 1 }
        let parts = Array(repeating: Substring(".."), count: from.count - common) + target[common...]
        return parts.isEmpty ? "." : parts.joined(separator: "/")
    }

    /// A stanza's file references resolved against `base`, then made relative to it where that needs no `../`.
    static func relativized(_ fields: [String: JSONValue], stanza: KubeconfigSchema.Stanza, base: String) -> [String: JSONValue] {
        var result = fields
        for (name, path) in references(fields, stanza: stanza) {
            let resolved = path.hasPrefix("/") ? path : clean(base + "/" + path)
            let relative = relative(resolved, to: base)
            let value = relative.hasPrefix("../") ? resolved : relative
            if name == "exec" {
                result["exec"]?["command"] = .string(value)
            } else {
                result[name] = .string(value)
            }
        }
        return result
    }

    /// The stanza's non-empty file references: member name and path (`exec` for an exec command with a `/`).
    static func references(_ fields: [String: JSONValue], stanza: KubeconfigSchema.Stanza) -> [(String, String)] {
        var found = stanza.fileReferences.compactMap { name in
            fields[name]?.stringValue.flatMap { $0.isEmpty ? nil : (name, $0) }
        }
        if stanza == .user, let command = fields["exec"]?["command"]?.stringValue, command.contains("/") {
            found.append(("exec", command))
        }
        return found
    }
}
