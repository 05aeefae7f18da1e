/// How server-side apply treats a list or map field. The built-in kinds whose types the descriptors hold
/// take it from their markers (``KubernetesFieldMarkers``); for the others (custom resources, kinds without
/// descriptors) this guesses by field name, as the built-in types mostly use each name one way.
enum ListTypes {
    enum Kind: Equatable {
        /// Items identified by these key fields.
        case map(keys: [String])
        /// Items are unique primitive values.
        case set
        /// The whole list is one value.
        case atomic
    }

    /// The list type of a field, by its name (the built-in kinds use each of these names one way).
    static func kind(of field: String) -> Kind {
        switch field {
        case "containers", "initContainers", "ephemeralContainers", "volumes", "env", "imagePullSecrets",
            "volumeDevices", "resourceClaims":
            return .map(keys: ["name"])
        case "hostAliases": return .map(keys: ["ip"])
        case "volumeMounts": return .map(keys: ["mountPath"])
        case "ports": return .map(keys: ["containerPort", "port", "protocol"])
        case "conditions": return .map(keys: ["type"])
        case "ownerReferences": return .map(keys: ["uid"])
        case "topologySpreadConstraints": return .map(keys: ["topologyKey", "whenUnsatisfiable"])
        case "finalizers": return .set
        default: return .atomic
        }
    }

    /// Whether an object-valued field is a map (its keys are data), so its own presence is a path (`.`).
    static func isMap(_ field: String) -> Bool {
        ["labels", "annotations", "data", "binaryData", "stringData", "matchLabels", "nodeSelector", "selector",
         "limits", "requests", "capacity", "allocatable", "hard", "parameters"].contains(field)
    }
}
