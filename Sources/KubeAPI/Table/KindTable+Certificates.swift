import Foundation

extension KindTable {
    /// `kubectl get certificatesigningrequests`: NAME AGE SIGNERNAME REQUESTOR REQUESTEDDURATION CONDITION.
    static let certificateSigningRequests = KindTable(
        columns: [
            .nameColumn, .ageColumn,
            TableColumn(name: "SignerName", description: APIFieldDocs.certificateSigningRequestSpecSignerName),
            // kube-apiserver describes the requestor with the doc of `spec.request`.
            TableColumn(name: "Requestor", description: APIFieldDocs.certificateSigningRequestSpecRequest),
            TableColumn(
                name: "RequestedDuration", description: APIFieldDocs.certificateSigningRequestSpecExpirationSeconds),
            TableColumn(name: "Condition", description: APIFieldDocs.certificateSigningRequestStatusConditions),
        ],
        cells: { request, now in
            let spec = request.spec
            let duration = spec?["expirationSeconds"]?.intValue.map { HumanDuration.string(for: TimeInterval($0)) }
            return [
                .string(request.name), age(request, now), .string(text(spec?["signerName"], or: "<none>")),
                .string(text(spec?["username"])), .string(duration ?? "<none>"), .string(condition(request)),
            ]
        })

    /// `extractCSRStatus`: Denied, Approved or Pending, then `,Failed` and `,Issued` when they apply.
    private static func condition(_ request: KubeObject) -> String {
        let status = request.json["status"]
        let types = Set((status?["conditions"]?.arrayValue ?? []).compactMap { $0["type"]?.stringValue })
        var condition = types.contains("Denied") ? "Denied" : types.contains("Approved") ? "Approved" : "Pending"
        if types.contains("Failed") { condition += ",Failed" }
        if !text(status?["certificate"]).isEmpty { condition += ",Issued" }
        return condition
    }
}
