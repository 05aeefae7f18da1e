import Foundation
import KubeAPI
import Testing

@testable import KubeSimCLI

/// How `kubesim config` reads and replaces a kubeconfig file, beyond what the differential test compares.
struct KubeconfigFileTests {
    private func directory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-kubeconfig-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func mode(_ path: String) throws -> Int {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int ?? -1
    }

    @Test func replacingKeepsTheFilesModeAndLeavesNoTemporaryFile() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config").path
        FileManager.default.createFile(atPath: path, contents: Data("old".utf8), attributes: [.posixPermissions: 0o644])
        try KubeconfigWriter.replace(path, with: "new\n")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new\n")
        #expect(try mode(path) == 0o644)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["config"])
    }

    @Test func aNewFileIsReadableByItsOwnerOnlyAndItsDirectoryIsCreated() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("nested/dir/config").path
        try KubeconfigWriter.replace(path, with: "new\n")
        #expect(try mode(path) == 0o600)
    }

    /// As kubectl writes through a symbolic link, the link stays and its target changes.
    @Test func aSymbolicLinkIsFollowed() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("real").path
        let link = folder.appendingPathComponent("link").path
        FileManager.default.createFile(atPath: target, contents: Data("old".utf8))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        try KubeconfigWriter.replace(link, with: "new\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new\n")
    }

    /// A failed write (here: the file's place is a directory) leaves nothing behind and reports the file.
    @Test func aFailedReplacementLeavesTheOldContent() throws {
        let folder = try directory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("config").path
        try FileManager.default.createDirectory(atPath: path + "/inside", withIntermediateDirectories: true)
        #expect(throws: CommandError.self) { try KubeconfigWriter.replace(path, with: "new\n") }
        #expect(FileManager.default.fileExists(atPath: path + "/inside"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["config"])
    }

    @Test func pathsBelowTheFilesDirectoryBecomeRelativeOthersStayAbsolute() {
        let fields: [String: JSONValue] = ["client-certificate": "/home/u/.kube/certs/a.crt", "client-key": "/etc/k.key", "tokenFile": "t"]
        let relativized = KubeconfigPaths.relativized(fields, stanza: .user, base: "/home/u/.kube")
        #expect(relativized["client-certificate"] == "certs/a.crt")
        #expect(relativized["client-key"] == "/etc/k.key")
        #expect(relativized["tokenFile"] == "t")
        #expect(KubeconfigPaths.clean("/a/./b/../c//d/") == "/a/c/d")
        #expect(KubeconfigPaths.relative("/a/b", to: "/a/b") == ".")
    }

    @Test(arguments: [("aGVsbG8=", "hello"), ("aGVsbG8", nil), ("YQ==", "a"), ("YWI=", "ab"), ("%%%", nil), ("YQ=x", nil)] as [(String, String?)])
    func base64DecodesAsGoDecodes(_ text: String, _ expected: String?) {
        switch GoBase64.decode(text) {
        case .success(let data): #expect(String(decoding: data, as: UTF8.self) == expected)
        case .failure: #expect(expected == nil)
        }
    }

    @Test func base64ErrorsNameTheOffsetGoNames() {
        func offset(_ text: String) -> Int? {
            if case .failure(let error) = GoBase64.decode(text) { return error.offset }
            return nil
        }
        #expect(offset("%%%") == 0)
        #expect(offset("abc") == 0)
        #expect(offset("abcde") == 4)
        #expect(offset("ab%d") == 2)
        #expect(offset("YQ=x") == 2)
        #expect(offset("YQ=") == 3)
        #expect(offset("YQ==x") == 4)
        #expect(offset("Y===") == 1)
    }
}
