import Foundation
import KubeAPI

/// One object read from a manifest: where it came from, for error messages, and its JSON.
struct ManifestDocument {
    /// The file path, or "STDIN".
    var source: String
    /// The document's position in its file, from 1.
    var index: Int
    var object: JSONValue

    /// `"manifests/web.yaml" (document 2)`, for commands of kubesim's own that name the document (`kubesim replay`);
    /// kubectl's commands name only the file, in kubectl's words.
    var location: String { "\(FieldError.quoted(source)) (document \(index))" }
}

/// A manifest that could not be read: the file, the document when the file itself was readable, and kubectl's
/// words for the problem (`error parsing web.yaml: ...`, `error validating "web.yaml": ...`).
struct ManifestError: Error, CustomStringConvertible {
    var source: String
    var index: Int?
    var message: String

    var description: String { message }

    /// The file and document, for commands of kubesim's own that name both (`kubesim replay`).
    var location: String {
        index.map { "\(FieldError.quoted(source)) (document \($0))" } ?? FieldError.quoted(source)
    }

    /// kubectl's builder: a document that is not YAML.
    static func parsing(_ source: String, index: Int, _ detail: String) -> ManifestError {
        ManifestError(source: source, index: index, message: "error parsing \(source): error converting YAML to JSON: \(detail)")
    }

    /// kubectl's schema check before anything is sent: `apiVersion not set`, `kind not set`, ...
    static func validating(_ source: String, index: Int, _ problems: [String]) -> ManifestError {
        let aggregate = problems.count == 1 ? problems[0] : "[\(problems.joined(separator: ", "))]"
        return ManifestError(
            source: source, index: index,
            message: "error validating \(FieldError.quoted(source)): error validating data: \(aggregate); "
                + "if you choose to ignore these errors, turn validation off with --validate=false")
    }
}

/// Reads objects from `-f` arguments as kubectl does: files, directories (their `.json`, `.yaml` and `.yml` files
/// in name order, subdirectories only with `-R`) and `-` for standard input; multi-document YAML, JSON, and
/// `List` kinds expanded into their items.
struct ManifestReader {
    static let extensions: Set<String> = ["json", "yaml", "yml"]

    var recursive: Bool
    /// Reads standard input; replaced in tests.
    var standardInput: () -> Data = { FileHandle.standardInput.readDataToEndOfFile() }

    /// Every document of every path, in order, and the documents or files that could not be read.
    func read(_ paths: [String]) -> (documents: [ManifestDocument], errors: [ManifestError]) {
        var documents: [ManifestDocument] = []
        var errors: [ManifestError] = []
        for path in paths {
            let files: [String]
            do {
                files = try self.files(at: path)
            } catch {
                errors.append(error)
                continue
            }
            for file in files {
                let data: Data
                if file == "-" {
                    data = standardInput()
                } else {
                    do {
                        data = try Data(contentsOf: URL(fileURLWithPath: file))
                    } catch {
                        errors.append(ManifestError(source: file, message: "error reading \(FieldError.quoted(file)): \(error.localizedDescription)"))
                        continue
                    }
                }
                let parsed = Self.documents(in: data, source: file == "-" ? "STDIN" : file)
                documents += parsed.documents
                errors += parsed.errors
            }
        }
        return (documents, errors)
    }

    /// The files a path names.
    private func files(at path: String) throws(ManifestError) -> [String] {
        if path == "-" { return ["-"] }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ManifestError(source: path, message: "the path \(FieldError.quoted(path)) does not exist")
        }
        guard isDirectory.boolValue else { return [path] }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
        var files: [String] = []
        for entry in entries where !entry.hasPrefix(".") {
            let child = (path as NSString).appendingPathComponent(entry)
            var childIsDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: child, isDirectory: &childIsDirectory)
            if childIsDirectory.boolValue {
                if recursive { files += try self.files(at: child) }
            } else if Self.extensions.contains((entry as NSString).pathExtension.lowercased()) {
                files.append(child)
            }
        }
        return files
    }

    /// The objects in one file's bytes: YAML documents split at `---` lines (each parsed alone, so one bad
    /// document does not hide the others), JSON as one document; `List` kinds expanded. `yaml12Booleans` reads
    /// as kustomize does (only `true` and `false` are booleans).
    static func documents(in data: Data, source: String, yaml12Booleans: Bool = false) -> (documents: [ManifestDocument], errors: [ManifestError]) {
        let text = String(decoding: data, as: UTF8.self)
        var documents: [ManifestDocument] = []
        var errors: [ManifestError] = []
        for (offset, chunk) in split(text).enumerated() {
            let index = offset + 1
            let values: [JSONValue]
            do {
                values = try JSONValue.parseYAMLDocuments(chunk, yaml12Booleans: yaml12Booleans)
            } catch {
                errors.append(.parsing(source, index: index, "\(error)"))
                continue
            }
            for value in values {
                guard value.objectValue != nil else {
                    errors.append(.validating(source, index: index, ["invalid object to validate"]))
                    continue
                }
                var missing: [String] = []
                if (value["apiVersion"]?.stringValue ?? "").isEmpty { missing.append("apiVersion not set") }
                if (value["kind"]?.stringValue ?? "").isEmpty { missing.append("kind not set") }
                if !missing.isEmpty {
                    errors.append(.validating(source, index: index, missing))
                    continue
                }
                if let kind = value["kind"]?.stringValue, kind.hasSuffix("List"), let items = value["items"]?.arrayValue {
                    documents += items.map { ManifestDocument(source: source, index: index, object: $0) }
                } else {
                    documents.append(ManifestDocument(source: source, index: index, object: value))
                }
            }
        }
        return (documents, errors)
    }

    /// The text between `---` separator lines, keeping empty documents out.
    private static func split(_ text: String) -> [String] {
        var chunks: [String] = []
        var current: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "---" || line.hasPrefix("--- ") || line.hasPrefix("---\t") || line == "---\r" {
                chunks.append(current.joined(separator: "\n") + "\n")
                current = []
            } else {
                current.append(line)
            }
        }
        chunks.append(current.joined(separator: "\n"))
        return chunks.filter { chunk in
            chunk.split(separator: "\n").contains { line in
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                return !trimmed.isEmpty && !trimmed.hasPrefix("#")
            }
        }
    }
}
