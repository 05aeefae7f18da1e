/// The hostile documents of issue 12, built in code so that each test states its size.
enum HostileDocuments {
    /// A ConfigMap whose data is a "billion laughs": nine levels of nine aliases each, 9^9 strings once expanded,
    /// in about 700 bytes of YAML.
    static let billionLaughsConfigMap: String = {
        var lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: laughs", "data:"]
        lines.append(#"  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]"#)
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("  \(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ",") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    /// JSON arrays nested `depth` deep.
    static func nestedArrays(_ depth: Int) -> String {
        String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
    }

    /// JSON objects `{"n": ...}` nested `depth` deep around `1`.
    static func nestedObjects(_ depth: Int) -> String {
        String(repeating: #"{"n":"#, count: depth) + "1" + String(repeating: "}", count: depth)
    }

    /// A ConfigMap with an unknown field holding arrays nested so that the whole body is `depth` deep.
    static func deepConfigMap(name: String, depth: Int) -> String {
        #"{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":""# + name + #""},"extra":"#
            + nestedArrays(depth - 1) + "}"
    }

    /// A custom resource of kind `Deep` (``deepDefinition``) whose body is `depth` deep.
    static func deepResource(name: String, depth: Int) -> String {
        #"{"apiVersion":"example.com/v1","kind":"Deep","metadata":{"name":""# + name + #""},"spec":"#
            + nestedObjects(depth - 1) + "}"
    }

    /// A definition whose objects keep any field, as a schema with `x-kubernetes-preserve-unknown-fields` does.
    static let deepDefinition = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: deeps.example.com
        spec:
          group: example.com
          scope: Namespaced
          names: {plural: deeps, singular: deep, kind: Deep, listKind: DeepList}
          versions:
          - name: v1
            served: true
            storage: true
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true

        """
}
