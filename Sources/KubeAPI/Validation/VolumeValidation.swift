/// Pod volumes (core `ValidateVolumes`, `validateVolumeSource`): unique DNS-1123 names, exactly one source.
enum VolumeValidation {
    /// The volume source fields in the order core checks them, with the name its "more than 1 volume type"
    /// error uses (`cephFS` and the misspelt `downwarAPI` are kube-apiserver's).
    private static let sources: [(field: String, errorName: String)] = [
        ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"), ("gcePersistentDisk", "gcePersistentDisk"),
        ("awsElasticBlockStore", "awsElasticBlockStore"), ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"),
        ("cinder", "cinder"), ("cephfs", "cephFS"), ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"),
        ("flexVolume", "flexVolume"), ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
        ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"),
        ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"), ("csi", "csi"), ("ephemeral", "ephemeral"),
        ("image", "image"),
    ]
    private static let fileModeMessage = "must be a number between 0 and 0777 (octal), both inclusive"

    /// The valid volumes by name (with their source field), and the errors.
    static func validate(_ volumes: [JSONValue], _ path: FieldPath) -> (volumes: [String: String], errors: [FieldError]) {
        var valid: [String: String] = [:]
        var errors: [FieldError] = []
        for (index, volume) in volumes.enumerated() {
            let volumePath = path.index(index)
            let name = volume.text("name")
            var volumeErrors = validateSource(volume, volumePath)
            if name.isEmpty {
                volumeErrors.append(.required(volumePath.child("name")))
            } else {
                volumeErrors += NameRules.isDNS1123Label(name).map { .invalid(volumePath.child("name"), string: name, $0) }
            }
            if valid[name] != nil { volumeErrors.append(.duplicate(volumePath.child("name"), GoSyntax.string(name))) }
            if volumeErrors.isEmpty {
                valid[name] = sources.first { volume.has($0.field) }?.field ?? ""
            } else {
                errors += volumeErrors
            }
        }
        return (valid, errors)
    }

    private static func validateSource(_ volume: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        var count = 0
        for source in sources where volume.has(source.field) {
            if count > 0 {
                errors.append(.forbidden(path.child(source.errorName), "may not specify more than 1 volume type"))
                continue
            }
            count += 1
            errors += validateKnownSource(source.field, volume.object(source.field), path.child(source.field))
        }
        if count == 0 { errors.append(.required(path, "must specify a volume type")) }
        return errors
    }

    private static func validateKnownSource(_ field: String, _ source: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        switch field {
        case "hostPath":
            let hostPath = source.text("path")
            if hostPath.isEmpty { return [.required(path.child("path"))] }
            errors += noBacksteps(hostPath, path.child("path"))
            let types = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"]
            if let type = source["type"]?.stringValue, !types.contains(type) {
                errors.append(.notSupported(path.child("type"), string: type, types))
            }
        case "secret", "configMap":
            let nameField = field == "secret" ? "secretName" : "name"
            if source.text(nameField).isEmpty { errors.append(.required(path.child(nameField))) }
            errors += fileMode(source.integer("defaultMode"), path.child("defaultMode"))
            for (index, item) in source.list("items").enumerated() {
                errors += keyToPath(item, path.child("items").index(index))
            }
        case "persistentVolumeClaim":
            if source.text("claimName").isEmpty { errors.append(.required(path.child("claimName"))) }
        case "nfs":
            if source.text("server").isEmpty { errors.append(.required(path.child("server"))) }
            let exportPath = source.text("path")
            if exportPath.isEmpty {
                errors.append(.required(path.child("path")))
            } else if !exportPath.hasPrefix("/") {
                errors.append(.invalid(path.child("path"), string: exportPath, "must be an absolute path"))
            }
        case "csi":
            errors += csiDriverName(source.text("driver"), path.child("driver"))
        case "downwardAPI", "projected":
            errors += fileMode(source.integer("defaultMode"), path.child("defaultMode"))
        case "ephemeral":
            if !source.has("volumeClaimTemplate") { errors.append(.required(path.child("volumeClaimTemplate"))) }
        default:
            break
        }
        return errors
    }

    private static func keyToPath(_ item: JSONValue, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if item.text("key").isEmpty { errors.append(.required(path.child("key"))) }
        let target = item.text("path")
        if target.isEmpty {
            errors.append(.required(path.child("path")))
        } else {
            errors += localDescendingPath(target, path.child("path"))
            if target.hasPrefix("..") && !target.hasPrefix("../") {
                errors.append(.invalid(path.child("path"), string: target, "must not start with '..'"))
            }
        }
        errors += fileMode(item.integer("mode"), path.child("mode"))
        return errors
    }

    private static func fileMode(_ mode: Int64?, _ path: FieldPath) -> [FieldError] {
        guard let mode, mode < 0 || mode > 0o777 else { return [] }
        return [.invalid(path, int: mode, fileModeMessage)]
    }

    /// `ValidateCSIDriverName`.
    static func csiDriverName(_ driver: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if driver.isEmpty { errors.append(.required(path)) }
        if driver.utf8.count > 63 { errors.append(.tooLong(path, max: 63)) }
        errors += NameRules.isDNS1123Subdomain(driver.lowercased()).map { .invalid(path, string: driver, $0) }
        return errors
    }

    /// `validateLocalDescendingPath`: relative, without `..` elements.
    static func localDescendingPath(_ target: String, _ path: FieldPath) -> [FieldError] {
        var errors: [FieldError] = []
        if target.hasPrefix("/") {
            errors.append(.invalid(path, string: target, "must be a relative path"))
        }
        errors += noBacksteps(target, path)
        return errors
    }

    /// `validatePathNoBacksteps`.
    static func noBacksteps(_ target: String, _ path: FieldPath) -> [FieldError] {
        target.split(separator: "/").contains("..") ? [.invalid(path, string: target, "must not contain '..'")] : []
    }
}
