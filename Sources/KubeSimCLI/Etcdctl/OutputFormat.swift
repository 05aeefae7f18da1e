/// etcdctl's `-w/--write-out` formats that KubeSim prints.
public enum OutputFormat: String, Sendable, CaseIterable {
    case simple, json, fields, table

    /// Parses a `--write-out` value.
    /// - Throws: etcdctl's "unsupported output format" for unknown names, and for `protobuf`, whose wire
    ///   encoding KubeSim does not print, a failure pointing to `json`; both with exit code 4, before the
    ///   command touches the store.
    public init(parsing name: String) throws(EtcdctlFailure) {
        if name == "protobuf" {
            throw EtcdctlFailure(.badFeature, "protobuf output is not supported by kubesim etcdctl; use -w json")
        }
        guard let format = OutputFormat(rawValue: name) else {
            throw EtcdctlFailure(.badFeature, "unsupported output format")
        }
        self = format
    }
}
