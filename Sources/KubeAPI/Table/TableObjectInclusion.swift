/// What each Table row carries in `object`, as the `includeObject` query parameter asks.
public enum TableObjectInclusion: String, Sendable {
    /// No object (`includeObject=None`).
    case none = "None"
    /// A `PartialObjectMetadata` with the object's metadata: the default, and what kubectl needs for `-A`
    /// and `--show-labels`.
    case metadata = "Metadata"
    /// The whole object (`includeObject=Object`, which kubectl sends with `--sort-by`).
    case object = "Object"
}
