import Foundation
import Testing

/// autoscaling/v1 and v2 HorizontalPodAutoscalers and events.k8s.io/v1 Events with the real kubectl 1.32 against
/// `kubesim serve`: `kubectl autoscale` (which posts autoscaling/v1) is stored as autoscaling/v2, the HPA controller
/// scales the deployment up to `--min`, `get hpa` prints kubectl's columns, each version reads the same object, and
/// the controller's events read through events.k8s.io/v1 and `kubectl events`.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct AutoscalingInteropTests {
    static func fields(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    }

    @Test func kubectlAutoscaleGetHPAAndEventsThroughEachVersion() async throws {
        try await ServedCluster.with(bare: true) { cluster in
            _ = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx", "--replicas=1"])
            let autoscaled = try await cluster.kubectl(["autoscale", "deploy", "web", "--min=2", "--max=5", "--cpu-percent=80"])
            #expect(autoscaled.stdout == "horizontalpodautoscaler.autoscaling/web autoscaled\n", "\(autoscaled)")

            var replicas = ""
            for _ in 0..<50 {
                replicas = try await cluster.kubectl(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]).stdout
                if replicas == "2" { break }
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(replicas == "2", "the HPA scales the deployment up to --min")

            let table = try await cluster.kubectl(["get", "hpa"])
            let rows = Self.fields(table.stdout)
            #expect(rows.first == ["NAME", "REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], "\(table)")
            #expect(rows.dropFirst().first?.prefix(7) == ["web", "Deployment/web", "cpu:", "<unknown>/80%", "2", "5", "1"], "\(table)")

            let v2 = try await cluster.kubectl(["get", "hpa.v2.autoscaling", "web", "-o", "yaml"])
            #expect(v2.stdout.contains("apiVersion: autoscaling/v2\n"), "\(v2)")
            #expect(v2.stdout.contains("      target:\n        averageUtilization: 80\n        type: Utilization\n"), "\(v2)")
            #expect(v2.stdout.contains("reason: SucceededRescale"), "\(v2)")
            let v1 = try await cluster.kubectl(["get", "horizontalpodautoscalers.v1.autoscaling", "web", "-o", "jsonpath={.apiVersion} {.spec.targetCPUUtilizationPercentage}"])
            #expect(v1.stdout == "autoscaling/v1 80", "\(v1)")
            let stored = try await cluster.storedValue("/registry/horizontalpodautoscalers/default/web")
            #expect(stored?["apiVersion"] as? String == "autoscaling/v2")

            let events = try await cluster.kubectl(["get", "events.events.k8s.io"])
            #expect(events.stdout.hasPrefix("LAST SEEN"), "\(events)")
            #expect(events.stdout.contains("horizontalpodautoscaler/web") && events.stdout.contains("SuccessfulRescale"), "\(events)")
            let note = try await cluster.kubectl([
                "get", "events.v1.events.k8s.io", "--field-selector", "reason=SuccessfulRescale,regarding.kind=HorizontalPodAutoscaler",
                "-o", "jsonpath={.items[0].note}",
            ])
            #expect(note.stdout == "New size: 2; reason: Current number of replicas below Spec.MinReplicas", "\(note)")
            let kubectlEvents = try await cluster.kubectl(["events"])
            #expect(kubectlEvents.stdout.contains("SuccessfulRescale"), "\(kubectlEvents)")
            #expect(kubectlEvents.stdout.contains("HorizontalPodAutoscaler/web"), "\(kubectlEvents)")

            let resources = Self.fields(try await cluster.kubectl(["api-resources"]).stdout)
            #expect(resources.contains(["horizontalpodautoscalers", "hpa", "autoscaling/v2", "true", "HorizontalPodAutoscaler"]))
            #expect(resources.contains(["events", "ev", "events.k8s.io/v1", "true", "Event"]))
            let versions = try await cluster.kubectl(["api-versions"]).stdout.split(separator: "\n")
            for version in ["autoscaling/v1", "autoscaling/v2", "events.k8s.io/v1"] {
                #expect(versions.contains(Substring(version)), "api-versions lacks \(version)")
            }
        }
    }
}
