import Foundation
import KubeAPI
import Synchronization

/// Kubernetes 1.32's published OpenAPI specification, as `scripts/extract-openapi-spec.sh` committed it: one v3
/// document per group-version (kube-apiserver's `/openapi/v3/<path>`, byte for byte) and the v2 `swagger.json`.
///
/// The published files are what the kubernetes repository checks in (`api/openapi-spec/`), generated with the
/// `OpenAPIEnums` feature off: a live 1.32 server also lists enum values (`enum: SCTP, TCP, UDP` in `kubectl
/// explain`), which these files do not have.
public enum PublishedSpec {
    private static let v3Cache = Mutex<[String: Data]>([:])

    /// The group-version paths with a published v3 document, e.g. `api/v1`, `apis/apps/v1`.
    public static let v3Paths: Set<String> = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder("v3").path)) ?? []
        return Set(names.compactMap { name in
            name.hasSuffix(".json.gz") ? String(name.dropLast(".json.gz".count)).replacingOccurrences(of: "__", with: "/") : nil
        })
    }()

    /// The v3 document of a group-version path, as kube-apiserver 1.32 serves it; nil when none is published.
    public static func v3Document(path: String) -> Data? {
        guard v3Paths.contains(path) else { return nil }
        if let cached = v3Cache.withLock({ $0[path] }) { return cached }
        let file = folder("v3").appendingPathComponent(path.replacingOccurrences(of: "/", with: "__") + ".json.gz")
        guard let data = try? Gunzip.inflate(Data(contentsOf: file)) else { return nil }
        v3Cache.withLock { $0[path] = data }
        return data
    }

    /// The whole published v2 document (every group-version of 1.32, served or not), parsed afresh.
    static func v2Document() throws -> JSONValue {
        let data = try Gunzip.inflate(Data(contentsOf: folder("v2").appendingPathComponent("swagger.json.gz")))
        return try JSONValue.parse(json: data)
    }

    private static func folder(_ name: String) -> URL {
        (Bundle.module.resourceURL ?? Bundle.module.bundleURL).appendingPathComponent(name)
    }
}
