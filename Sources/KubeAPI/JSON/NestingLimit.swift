/// How deeply documents may nest: bounded once, where they are decoded, so that every later stage (field sets,
/// patches, storage, lists, watch events, printing) works within a depth known to fit its recursion, debug builds
/// included.
///
/// kube-apiserver's JSON decoder stops at 10,000 (Go's `encoding/json`) and its YAML reader at 10,000 (go-yaml);
/// KubeSim's YAML reader (libyaml) stops at 1,000, and JSON and protobuf bodies are held to the same depth, so a
/// document reads the same in every format. No real object comes near it.
public enum NestingLimit {
    /// Containers (objects and arrays) a client's document may nest: request bodies, patches, manifests.
    public static let request = 1_000

    /// Containers a stored value may nest: a request's object plus what the server wraps around and beside it
    /// (managedFields' field sets, list items, watch events, Table rows). Deeper values, which only a write
    /// through the etcd endpoint can store, are refused as undecodable, object by object.
    public static let stored = request + 64
}
