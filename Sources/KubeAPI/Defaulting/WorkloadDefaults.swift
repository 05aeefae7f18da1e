/// The apps/v1 and core/v1 workload defaulters: Deployments, ReplicaSets, DaemonSets, StatefulSets and
/// ReplicationControllers, each with its pod template.
enum WorkloadDefaults {
    /// `SetDefaults_Deployment`: one replica, RollingUpdate 25%/25%, 10 revisions, a 600 s progress deadline.
    static func applyToDeployment(_ deployment: inout JSONValue) {
        deployment.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("strategy", create: true) { strategy in
                strategy.setDefault("type", "RollingUpdate")
                if strategy.text("type") == "RollingUpdate" {
                    strategy.update("rollingUpdate", create: true) { rollingUpdate in
                        rollingUpdate.setDefault("maxUnavailable", "25%")
                        rollingUpdate.setDefault("maxSurge", "25%")
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.setDefault("progressDeadlineSeconds", 600)
            spec.update("template", create: true, PodDefaults.applyToTemplate)
        }
    }

    /// `SetDefaults_ReplicaSet`: one replica.
    static func applyToReplicaSet(_ replicaSet: inout JSONValue) {
        replicaSet.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("template", create: true, PodDefaults.applyToTemplate)
        }
    }

    /// `SetDefaults_DaemonSet`: RollingUpdate with maxUnavailable 1 and maxSurge 0, 10 revisions.
    static func applyToDaemonSet(_ daemonSet: inout JSONValue) {
        daemonSet.update("spec", create: true) { spec in
            spec.update("updateStrategy", create: true) { strategy in
                strategy.setDefault("type", "RollingUpdate")
                if strategy.text("type") == "RollingUpdate" {
                    strategy.update("rollingUpdate", create: true) { rollingUpdate in
                        rollingUpdate.setDefault("maxUnavailable", 1)
                        rollingUpdate.setDefault("maxSurge", 0)
                    }
                }
            }
            spec.setDefault("revisionHistoryLimit", 10)
            spec.update("template", create: true, PodDefaults.applyToTemplate)
        }
    }

    /// `SetDefaults_StatefulSet`: OrderedReady, RollingUpdate with partition 0, PVCs retained, one replica,
    /// 10 revisions; claim templates get the PVC defaults.
    static func applyToStatefulSet(_ statefulSet: inout JSONValue) {
        statefulSet.update("spec", create: true) { spec in
            spec.setDefault("podManagementPolicy", "OrderedReady")
            spec.update("updateStrategy", create: true) { strategy in
                if strategy.text("type").isEmpty {
                    strategy["type"] = "RollingUpdate"
                    strategy.setDefault("rollingUpdate", .emptyObject)
                }
                if strategy.text("type") == "RollingUpdate" {
                    strategy.update("rollingUpdate") { $0.setDefault("partition", 0) }
                }
            }
            spec.update("persistentVolumeClaimRetentionPolicy", create: true) { policy in
                policy.setDefault("whenDeleted", "Retain")
                policy.setDefault("whenScaled", "Retain")
            }
            spec.setDefault("replicas", 1)
            spec.setDefault("revisionHistoryLimit", 10)
            spec.update("template", create: true, PodDefaults.applyToTemplate)
            spec.updateEach("volumeClaimTemplates") { claim in
                claim.update("metadata", create: true) { $0.setDefault("creationTimestamp", .null) }
                CoreDefaults.applyToClaim(&claim)
            }
        }
    }

    /// `SetDefaults_ReplicationController`: selector and labels from the template's labels, one replica.
    static func applyToReplicationController(_ controller: inout JSONValue) {
        let labels = controller.object("spec").object("template").object("metadata")["labels"]
        if let labels, !(labels.objectValue ?? [:]).isEmpty {
            controller.update("spec", create: true) { spec in
                if (spec["selector"]?.objectValue ?? [:]).isEmpty { spec["selector"] = labels }
            }
            controller.update("metadata", create: true) { metadata in
                if (metadata["labels"]?.objectValue ?? [:]).isEmpty { metadata["labels"] = labels }
            }
        }
        controller.update("spec", create: true) { spec in
            spec.setDefault("replicas", 1)
            spec.update("template", PodDefaults.applyToTemplate)
        }
    }
}
