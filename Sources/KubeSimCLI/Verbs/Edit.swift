import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim edit TYPE NAME`: the object as YAML (without managedFields) under kubectl's header, opened in
/// `KUBE_EDITOR`, else `EDITOR`, else `vi`; what was saved goes back as the two-way patch kubectl sends (strategic
/// for built-in kinds, JSON merge for custom resources). A file saved unchanged cancels the edit with kubectl's
/// message. Unlike kubectl, nothing is reopened: an empty file cancels the edit (`saved file was empty`), and a
/// rejected edit prints the error and fails.
struct Edit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "edit", abstract: "Edit a resource on the server.")
    @OptionGroup var targets: TargetOptions
    @Argument(completion: ResourceCompletion.kind()) var arguments: [String] = []

    static let header = """
        # Please edit the object below. Lines beginning with a '#' will be ignored,
        # and an empty file will abort the edit. If an error occurs while saving this file will be
        # reopened with the relevant failures.
        #

        """

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let editor = [environment["KUBE_EDITOR"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty } ?? "vi"
        try await targets.forEach(arguments) { client, type, object in
            var original = object.json
            original[["metadata", "managedFields"]] = nil
            let text = Self.header + original.yamlString()
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("kubectl-edit-\(UUID().uuidString).yaml")
            try Data(text.utf8).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "\(editor) \"$1\"", "sh", file.path]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw CommandError("there was a problem with the editor \(GoStringLiteral.quote(editor))")
            }
            let edited = String(decoding: try Data(contentsOf: file), as: UTF8.self)
            let console = Console.standard
            if Self.strippingComments(edited) == Self.strippingComments(text) {
                console.err.line("Edit cancelled, no changes made.")
                return
            }
            if Self.strippingComments(edited).allSatisfy(\.isWhitespace) {
                console.err.line("Edit cancelled, saved file was empty.")
                return
            }
            let modified: JSONValue
            do {
                guard let document = try JSONValue.parseYAMLDocuments(Self.strippingComments(edited)).first else {
                    throw CommandError("the edited file holds no object")
                }
                modified = document
            } catch let error as CommandError {
                throw error
            } catch {
                throw CommandError("the edited file is not valid YAML: \(error)")
            }
            let name = "\(type.kubectlName)/\(object.name)"
            if modified == original {
                console.out.line("\(name) skipped")
                return
            }
            let patch: (type: PatchType, patch: JSONValue)
            do { patch = try ThreeWayMerge.patch(original: original, modified: modified, current: original, type: type) } catch {
                throw CommandError("\(error)")
            }
            _ = try await client.patch(
                type, namespace: object.namespace, name: object.name, patchType: patch.type, body: patch.patch.jsonData(),
                options: WriteOptions(fieldManager: "kubectl-edit"))
            console.out.line("\(name) edited")
        }
    }

    /// cmdutil's `StripComments`: the lines that do not start with `#`.
    static func strippingComments(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
            .joined(separator: "\n")
    }
}
