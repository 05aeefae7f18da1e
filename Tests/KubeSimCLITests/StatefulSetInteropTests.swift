import Foundation
import Testing

/// A StatefulSet with the real kubectl 1.32 against `kubesim serve`, on volumes an administrator made first (a
/// kubeadm cluster provisions none): `db-0`, `db-1`, `db-2` created in order, each with its bound claim.
@Suite(
    .serialized,
    .enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
struct StatefulSetInteropTests {
    static let manifests = (1...3).map { index in
        """
        apiVersion: v1
        kind: PersistentVolume
        metadata: {name: pv\(index)}
        spec:
          capacity: {storage: 1Gi}
          accessModes: [ReadWriteOnce]
          hostPath: {path: /data/pv\(index)}

        """
    }.joined(separator: "---\n") + """
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: db}
        spec:
          clusterIP: None
          selector: {app: db}
          ports: [{port: 5432}]
        ---
        apiVersion: apps/v1
        kind: StatefulSet
        metadata: {name: db}
        spec:
          serviceName: db
          replicas: 3
          selector: {matchLabels: {app: db}}
          template:
            metadata: {labels: {app: db}}
            spec:
              containers:
              - name: postgres
                image: postgres:16
                volumeMounts: [{name: data, mountPath: /var/lib/postgresql/data}]
          volumeClaimTemplates:
          - metadata: {name: data}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}

        """

    @Test func orderedPodsEachGetTheirBoundClaim() async throws {
        try await ServedCluster.with(bare: false) { cluster in
            _ = try await cluster.kubectl(["apply", "-f", try cluster.workspace.write("db.yaml", Self.manifests)])
            let rolled = try await cluster.kubectl(["rollout", "status", "statefulset/db", "--timeout=60s"])
            #expect(rolled.status == 0, "\(rolled)")
            let pods = try await cluster.kubectl(
                ["get", "pods", "-l", "app=db", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}"])
            #expect(pods.stdout == "db-0=Running db-1=Running db-2=Running ", "\(pods)")
            let claims = try await cluster.kubectl(
                ["get", "pvc", "-o", "jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}"])
            #expect(claims.stdout == "data-db-0=Bound data-db-1=Bound data-db-2=Bound ", "\(claims)")
            // In order: each member was created after the one before it was Ready.
            let created = try await cluster.kubectl(
                ["get", "events", "--field-selector", "involvedObject.name=db,reason=SuccessfulCreate", "--sort-by=.metadata.creationTimestamp",
                 "-o", "jsonpath={range .items[*]}{.message}|{end}"])
            let order = created.stdout.split(separator: "|").filter { $0.hasPrefix("create Pod") }
            #expect(order == [
                "create Pod db-0 in StatefulSet db successful", "create Pod db-1 in StatefulSet db successful",
                "create Pod db-2 in StatefulSet db successful",
            ], "\(created)")
            let volumes = try await cluster.kubectl(["get", "pv", "--no-headers"])
            #expect(volumes.stdout.split(separator: "\n").allSatisfy { $0.contains("Bound") }, "\(volumes)")
        }
    }
}
