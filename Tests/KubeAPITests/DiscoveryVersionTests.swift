import KubeAPI
import Testing

@Suite("Discovery: group-version paths and /version")
struct DiscoveryVersionTests {
    @Test(arguments: [("pods", "api/v1"), ("deploy", "apis/apps/v1"), ("crd", "apis/apiextensions.k8s.io/v1")])
    func groupVersionPathIsTheIndexKey(type: String, path: String) throws {
        #expect(try #require(ResourceCatalog().type(named: type)).groupVersionPath == path)
    }

    @Test func versionAnswersAsKubernetes132() throws {
        let version = ServerVersion().json
        #expect(Set(try #require(version.objectValue).keys) == [
            "major", "minor", "gitVersion", "gitCommit", "gitTreeState", "buildDate", "goVersion", "compiler", "platform",
        ])
        #expect(version["major"] == "1")
        #expect(version["minor"] == "32")
        let gitVersion = try #require(version["gitVersion"]?.stringValue)
        #expect(gitVersion.hasPrefix("v1.32."), "kubectl version parses it as a semantic version")
        #expect(version["platform"]?.stringValue?.split(separator: "/").count == 2)
    }
}
