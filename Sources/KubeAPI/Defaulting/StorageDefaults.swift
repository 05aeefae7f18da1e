/// The storage.k8s.io/v1 defaulters (`SetDefaults_StorageClass`, `SetDefaults_CSIDriver`).
enum StorageDefaults {
    /// Volumes of the class are deleted with their claim and bound at once.
    static func applyToStorageClass(_ storageClass: inout JSONValue) {
        storageClass.setDefault("reclaimPolicy", "Delete")
        storageClass.setDefault("volumeBindingMode", "Immediate")
    }

    /// A driver is attached, gets no pod info, publishes no capacity, owns the volume's fsGroup when the fs type
    /// allows, serves persistent volumes, is not republished and does not mount with SELinux contexts.
    static func applyToCSIDriver(_ driver: inout JSONValue) {
        driver.update("spec", create: true) { spec in
            spec.setDefault("attachRequired", true)
            spec.setDefault("podInfoOnMount", false)
            spec.setDefault("storageCapacity", false)
            spec.setDefault("fsGroupPolicy", "ReadWriteOnceWithFSType")
            if spec.list("volumeLifecycleModes").isEmpty { spec["volumeLifecycleModes"] = ["Persistent"] }
            spec.setDefault("requiresRepublish", false)
            spec.setDefault("seLinuxMount", false)
        }
    }
}
