import Foundation
import KubeAPI

/// The files a simulated container sees: its `hostPath` mounts of the node's `/etc/kubernetes/pki`, which
/// are the data directory's kubeadm PKI (`<data-dir>/pki`), the directories leading to every mount, and the
/// image's binaries. Paths are resolved inside the container, so `..` never leaves a mount.
struct ContainerFiles: Sendable {
    /// A mount: where it is in the container and, for the PKI, the directory on this machine.
    struct Mount: Sendable {
        var path: String
        var source: String?
    }

    let mounts: [Mount]
    let binaries: [String]
    static let binaryDirectory = "/usr/local/bin"

    /// The mounts of `container` in `pod`: host paths under the node's `/etc/kubernetes/pki` map to
    /// `<dataDirectory>/pki`; other host paths (the etcd data directory) show empty.
    init(pod: KubeObject, container: String, dataDirectory: String, binaries: [String]) {
        let spec = pod.json["spec"] ?? .emptyObject
        var hostPaths: [String: String] = [:]
        for volume in spec["volumes"]?.arrayValue ?? [] {
            if let name = volume["name"]?.stringValue, let path = volume[["hostPath", "path"]]?.stringValue { hostPaths[name] = path }
        }
        let containerSpec = (spec["containers"]?.arrayValue ?? []).first { $0["name"]?.stringValue == container }
        let pki = "/etc/kubernetes/pki"
        mounts = (containerSpec?["volumeMounts"]?.arrayValue ?? []).compactMap { mount in
            guard let path = mount["mountPath"]?.stringValue, let volume = mount["name"]?.stringValue,
                let host = hostPaths[volume]
            else { return nil }
            let source = host == pki || host.hasPrefix(pki + "/") ? dataDirectory + "/pki" + host.dropFirst(pki.count) : nil
            return Mount(path: Self.normalized(path, from: "/"), source: source)
        }
        self.binaries = binaries
    }

    enum Entry: Equatable {
        case directory([String])
        case file(Data)
    }

    /// What is at `path` (relative to `directory`); nil when nothing is.
    func entry(_ path: String, from directory: String = "/") -> Entry? {
        let path = Self.normalized(path, from: directory)
        if path == Self.binaryDirectory { return .directory(binaries.sorted()) }
        if let binary = binaries.first(where: { Self.binaryDirectory + "/" + $0 == path }) {
            return .file(Data("(\(binary): the simulated container's binary)\n".utf8))
        }
        for mount in mounts where path == mount.path || path.hasPrefix(mount.path + "/") {
            guard let source = mount.source else { return path == mount.path ? .directory([]) : nil }
            let host = source + path.dropFirst(mount.path.count)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: host, isDirectory: &isDirectory) else { return nil }
            if isDirectory.boolValue {
                return .directory(((try? FileManager.default.contentsOfDirectory(atPath: host)) ?? []).sorted())
            }
            return FileManager.default.contents(atPath: host).map { .file($0) }
        }
        // A directory on the way to a mount or to the binaries.
        let prefix = path == "/" ? "/" : path + "/"
        let children = Set((mounts.map(\.path) + [Self.binaryDirectory]).filter { $0.hasPrefix(prefix) }.compactMap {
            $0.dropFirst(prefix.count).split(separator: "/").first.map(String.init)
        })
        return children.isEmpty ? nil : .directory(children.sorted())
    }

    /// An absolute path without `.`, `..` or repeated slashes; `..` stops at the root.
    static func normalized(_ path: String, from directory: String) -> String {
        var parts: [Substring] = path.hasPrefix("/") ? [] : directory.split(separator: "/")
        for part in path.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
