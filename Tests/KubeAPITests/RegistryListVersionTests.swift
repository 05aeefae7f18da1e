import EtcdCore
import Foundation
import KubeAPI
import Testing

/// `resourceVersion` / `resourceVersionMatch` on lists: the latest state, at least a revision, or exactly one.
@Suite(.serialized) struct RegistryListVersionTests {
    private func configMap(_ name: String) -> JSONValue {
        ["apiVersion": "v1", "kind": "ConfigMap", "metadata": ["name": .string(name)]]
    }

    @Test func exactReadsAnOldStateAndNotOlderThanTheLatest() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("a"))
        let afterFirst = try await fixture.revision()
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("b"))

        let old = try await fixture.registry.list(maps, namespace: "default", version: .exact(afterFirst))
        #expect(old.items.map(\.name) == ["a"])
        #expect(old.resourceVersion == String(afterFirst))
        let latest = try await fixture.registry.list(maps, namespace: "default", version: .notOlderThan(afterFirst))
        #expect(latest.items.map(\.name) == ["a", "b"])
        await fixture.finish()
    }

    @Test func futureRevisionsTimeOutAndCompactedOnesExpire() async throws {
        let fixture = try await RegistryFixture()
        let maps = fixture.type("configmaps")
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("a"))
        let current = try await fixture.revision()
        for version in [ListVersion.exact(current + 10), .notOlderThan(current + 10)] {
            do {
                _ = try await fixture.registry.list(maps, namespace: "default", version: version)
                Issue.record("\(version) must fail")
            } catch let error as StatusError {
                #expect(error.code == 504)
                #expect(error.message == "Too large resource version: \(current + 10), current: \(current)")
            }
        }
        _ = try await fixture.registry.create(maps, namespace: "default", object: configMap("b"))
        _ = try await fixture.store.compact(try await fixture.revision())
        do {
            _ = try await fixture.registry.list(maps, namespace: "default", version: .exact(current))
            Issue.record("a compacted revision must fail")
        } catch let error as StatusError {
            #expect(error.code == 410)
            #expect(error.message == "The resourceVersion for the provided list is too old.")
        }
        await fixture.finish()
    }
}

/// A list's query parameters, checked as apimachinery's `ValidateListOptions` and the storage layer check them.
struct ListOptionsValidationTests {
    @Test func aMatchWithoutAResourceVersionIsAnInvalidListOptions() throws {
        let error = #expect(throws: StatusError.self) { try ListOptions(resourceVersionMatch: "Exact").listVersion() }
        #expect(error?.code == 422)
        #expect(error?.reason == "Invalid")
        #expect(error?.kind == "ListOptions")
        #expect(error?.group == "meta.k8s.io")
        #expect(
            error?.message
                == #"ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"#)
        #expect(error?.status["details"] == ["group": "meta.k8s.io", "kind": "ListOptions", "causes": [
            ["reason": "FieldValueForbidden", "field": "resourceVersionMatch",
             "message": "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided"]]])
    }

    @Test func everyProblemIsReportedAtOnce() throws {
        let error = #expect(throws: StatusError.self) {
            try ListOptions(resourceVersionMatch: "Newest", continueToken: "abc", sendInitialEvents: "true").listVersion()
        }
        #expect(
            error?.message
                == #"ListOptions.meta.k8s.io "" is invalid: [resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided, "#
                + #"resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided, "#
                + #"resourceVersionMatch: Unsupported value: "Newest": supported values: "Exact", "NotOlderThan", "", "#
                + #"sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list]"#)
    }

    @Test func exactAtZeroIsForbiddenInApimachineryWords() throws {
        let error = #expect(throws: StatusError.self) {
            try ListOptions(resourceVersion: "0", resourceVersionMatch: "Exact").listVersion()
        }
        #expect(error?.code == 422)
        #expect(error?.causes.map(\.body) == [#"Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0""#])
    }

    @Test func aContinuedListTakesNoResourceVersionButZero() throws {
        #expect(try ListOptions(resourceVersion: "0", continueToken: "abc").listVersion() == .latest)
        let error = #expect(throws: StatusError.self) { try ListOptions(resourceVersion: "5", continueToken: "abc").listVersion() }
        #expect(error?.code == 400)
        #expect(error?.message == "specifying resource version is not allowed when using continue")
    }

    @Test(arguments: [
        (ListOptions(), ListVersion.latest), (ListOptions(resourceVersion: "0"), .latest),
        (ListOptions(resourceVersion: "7"), .notOlderThan(7)),
        (ListOptions(resourceVersion: "7", resourceVersionMatch: "NotOlderThan"), .notOlderThan(7)),
        (ListOptions(resourceVersion: "7", resourceVersionMatch: "Exact"), .exact(7)),
    ])
    func validOptionsChooseTheStateToRead(options: ListOptions, version: ListVersion) throws {
        #expect(try options.listVersion() == version)
    }

    @Test func aWatchTakesAMatchOnlyWithInitialEvents() throws {
        let error = #expect(throws: StatusError.self) { try ListOptions(resourceVersionMatch: "Exact").validateWatch() }
        #expect(error?.code == 422)
        #expect(
            error?.causes.map(\.description) == [
                "resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
                #"resourceVersionMatch: Unsupported value: "Exact": supported values: "NotOlderThan""#,
            ])
        try ListOptions(resourceVersion: "5").validateWatch()
    }
}
