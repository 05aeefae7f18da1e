/// The core/v1 pod defaulters (`SetDefaults_Pod`, `SetDefaults_PodSpec`, `SetDefaults_Container`, probes,
/// volumes, ports), for pods and for the pod templates inside workloads.
enum PodDefaults {
    /// A pod: the spec defaults, requests copied from limits, service links on, host ports for host-network
    /// pods. (Priority and preemption policy are the Priority admission plugin's.)
    static func applyToPod(_ pod: inout JSONValue) {
        pod.update("spec", create: true) { spec in
            applyToSpec(&spec)
            for field in ["containers", "initContainers"] {
                spec.updateEach(field) { container in
                    container.update("resources") { resources in
                        guard let limits = resources["limits"]?.objectValue, !limits.isEmpty else { return }
                        var requests = resources["requests"]?.objectValue ?? [:]
                        for (name, value) in limits where requests[name] == nil { requests[name] = value }
                        resources["requests"] = .object(requests)
                    }
                }
                if spec["hostNetwork"]?.boolValue == true {
                    spec.updateEach(field) { container in
                        container.updateEach("ports") { port in
                            if (port.integer("hostPort") ?? 0) == 0, let containerPort = port["containerPort"] { port["hostPort"] = containerPort }
                        }
                    }
                }
            }
            spec.setDefault("enableServiceLinks", true)
        }
    }

    /// A pod template: `metadata.creationTimestamp: null` as the server serializes it, and the spec defaults.
    static func applyToTemplate(_ template: inout JSONValue) {
        template.update("metadata", create: true) { $0.setDefault("creationTimestamp", .null) }
        template.update("spec", create: true, applyToSpec)
    }

    /// `SetDefaults_PodSpec` and the defaults of everything a spec contains.
    static func applyToSpec(_ spec: inout JSONValue) {
        spec.setDefault("dnsPolicy", "ClusterFirst")
        spec.setDefault("restartPolicy", "Always")
        spec.setDefault("securityContext", .emptyObject)
        spec.setDefault("terminationGracePeriodSeconds", 30)
        spec.setDefault("schedulerName", "default-scheduler")
        spec.updateEach("volumes", applyToVolume)
        for field in ["initContainers", "containers", "ephemeralContainers"] {
            spec.updateEach(field, applyToContainer)
        }
    }

    /// `SetDefaults_Container`: pull policy from the image tag, termination message, port protocols, env field
    /// references, probes and hooks, and canonical resource quantities.
    private static func applyToContainer(_ container: inout JSONValue) {
        container.setDefault("imagePullPolicy", .string(imageTag(container.text("image")) == "latest" ? "Always" : "IfNotPresent"))
        container.setDefault("terminationMessagePath", "/dev/termination-log")
        container.setDefault("terminationMessagePolicy", "File")
        container.setDefault("resources", .emptyObject)
        container.update("resources") { resources in
            QuantityDefaults.canonicalize(&resources, "limits")
            QuantityDefaults.canonicalize(&resources, "requests")
        }
        container.updateEach("ports") { $0.setDefault("protocol", "TCP") }
        container.updateEach("env") { variable in
            variable.update("valueFrom") { source in source.update("fieldRef") { $0.setDefault("apiVersion", "v1") } }
        }
        for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
            container.update(probe) { probe in
                probe.setDefault("timeoutSeconds", 1)
                probe.setDefault("periodSeconds", 10)
                probe.setDefault("successThreshold", 1)
                probe.setDefault("failureThreshold", 3)
                applyToHandler(&probe)
            }
        }
        container.update("lifecycle") { lifecycle in
            lifecycle.update("postStart", applyToHandler)
            lifecycle.update("preStop", applyToHandler)
        }
    }

    private static func applyToHandler(_ handler: inout JSONValue) {
        handler.update("httpGet") { action in
            action.setDefault("path", "/")
            action.setDefault("scheme", "HTTP")
        }
        handler.update("grpc") { $0.setDefault("service", "") }
    }

    /// `SetDefaults_Volume` and the source defaulters: an empty source becomes `emptyDir: {}`, file modes 0644.
    private static func applyToVolume(_ volume: inout JSONValue) {
        let fields = volume.objectValue?.keys.filter { $0 != "name" } ?? []
        if !fields.contains(where: { volume.has($0) }) { volume["emptyDir"] = .emptyObject }
        for source in ["secret", "configMap", "downwardAPI", "projected"] {
            volume.update(source) { $0.setDefault("defaultMode", 420) }
        }
        volume.update("hostPath") { $0.setDefault("type", "") }
        volume.update("downwardAPI") { source in
            source.updateEach("items") { item in item.update("fieldRef") { $0.setDefault("apiVersion", "v1") } }
        }
        volume.update("projected") { projected in
            projected.updateEach("sources") { source in
                source.update("serviceAccountToken") { $0.setDefault("expirationSeconds", 3600) }
                source.update("downwardAPI") { api in
                    api.updateEach("items") { item in item.update("fieldRef") { $0.setDefault("apiVersion", "v1") } }
                }
            }
        }
        volume.update("ephemeral") { ephemeral in
            ephemeral.update("volumeClaimTemplate") { template in
                template.update("spec") { $0.setDefault("volumeMode", "Filesystem") }
            }
        }
    }

    /// The tag `parsers.ParseImageName` finds: `latest` when there is neither tag nor digest, "" for a digest alone.
    static func imageTag(_ image: String) -> String {
        var name = Substring(image)
        var hasDigest = false
        if let at = name.firstIndex(of: "@") {
            name = name[..<at]
            hasDigest = true
        }
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            return String(name[name.index(after: colon)...])
        }
        return hasDigest ? "" : "latest"
    }
}
