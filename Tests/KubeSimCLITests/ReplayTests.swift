import Foundation
import FoundationXML
import Testing

/// `kubesim replay`, driven as a CI pipeline drives it: the repository's fixtures against their golden dumps.
@Suite("kubesim replay")
struct ReplayTests {
    static let goldenFixtures = [
        "etcd-lesson", "custom-resources", "rolling-update", "rollout-steps", "control-loops-ii", "deletes", "large",
    ]

    /// The repository's `fixtures/` folder.
    static var fixtures: URL {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            let candidate = url.appendingPathComponent("fixtures")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("README.md").path) { return candidate }
        }
        return URL(fileURLWithPath: "fixtures")
    }

    static func replay(_ arguments: [String]) async throws -> CommandResult {
        guard FileManager.default.isExecutableFile(atPath: KubeSimBinary.path) else {
            throw KubeSimBinary.NotBuilt(path: KubeSimBinary.path)
        }
        return try await CommandRunner.run(KubeSimBinary.path, ["replay"] + arguments, timeout: .seconds(120))
    }

    /// A copy of a fixture in the workspace, to change.
    static func copy(_ fixture: String, into workspace: KubectlWorkspace) throws -> URL {
        let copy = workspace.directory.appendingPathComponent(fixture)
        try FileManager.default.copyItem(at: fixtures.appendingPathComponent(fixture), to: copy)
        return copy
    }

    @Test(arguments: goldenFixtures)
    func fixtureMatchesItsGoldenTwiceAndFromTwoDataDirectories(fixture: String) async throws {
        let path = Self.fixtures.appendingPathComponent(fixture).path
        for _ in 0..<2 {
            let result = try await Self.replay([path])
            #expect(result.status == 0, "\(result)")
        }
        for _ in 0..<2 {
            let workspace = try KubectlWorkspace()
            defer { workspace.remove() }
            let result = try await Self.replay([path, "--data-dir", workspace.dataDirectory])
            #expect(result.status == 0, "\(result)")
        }
    }

    @Test func changedFieldFailsWithADiffNamingIt() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let fixture = try Self.copy("rolling-update", into: workspace)
        let manifest = fixture.appendingPathComponent("03-reimage/web.yaml")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "nginx:1.27", with: "nginx:1.28").utf8).write(to: manifest)

        let result = try await Self.replay([fixture.path])
        #expect(result.status == 1, "\(result)")
        #expect(result.stdout.hasPrefix("--- expected/registry.yaml\n+++ actual\n@@ -"))
        #expect(result.stdout.contains("\n-          - image: nginx:1.27\n"))
        #expect(result.stdout.contains("\n+          - image: nginx:1.28\n"))
        #expect(result.stdout.contains("changed /registry/deployments/default/web: "))
        #expect(result.stdout.contains("value.spec.template.spec.containers[0].image"))
    }

    @Test func updateRewritesTheGolden() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let fixture = try Self.copy("deletes", into: workspace)
        try FileManager.default.removeItem(at: fixture.appendingPathComponent("02-delete"))
        #expect(try await Self.replay([fixture.path]).status == 1)

        let updated = try await Self.replay([fixture.path, "--update"])
        #expect(updated.status == 0, "\(updated)")
        let golden = try String(contentsOf: fixture.appendingPathComponent("expected/registry.yaml"), encoding: .utf8)
        #expect(golden.contains("/registry/configmaps/default/drop-me:\n"))
        #expect(try await Self.replay([fixture.path]).status == 0)
    }

    @Test func junitReportIsValidXMLWithTheFailure() async throws {
        let workspace = try KubectlWorkspace()
        defer { workspace.remove() }
        let fixture = try Self.copy("custom-resources", into: workspace)
        let tickets = fixture.appendingPathComponent("02-resources/tickets.yaml")
        let text = try String(contentsOf: tickets, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "to: London", with: "to: Paris").utf8).write(to: tickets)
        let report = workspace.directory.appendingPathComponent("junit.xml")

        let result = try await Self.replay([fixture.path, "--junit", report.path])
        #expect(result.status == 1, "\(result)")
        let collector = ElementCollector()
        let parser = XMLParser(data: try Data(contentsOf: report))
        parser.delegate = collector
        #expect(parser.parse())
        #expect(collector.elements == ["testsuites", "testsuite", "testcase", "failure"])
        #expect(collector.text.contains("\n+      to: Paris\n"))
    }

    @Test func invalidFixtureExitsTwoWithApplysErrorLines() async throws {
        let fixture = Self.fixtures.appendingPathComponent("invalid")
        let result = try await Self.replay([fixture.path])
        #expect(result.status == 2, "\(result)")
        #expect(result.stdout.isEmpty)
        let expected = try String(contentsOf: fixture.appendingPathComponent("expected/errors.txt"), encoding: .utf8)
        #expect(result.stderr == expected)
    }
}

/// The names of the elements an XML document opens, in order, and its text.
private final class ElementCollector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var text = ""

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        elements.append(elementName)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
}
