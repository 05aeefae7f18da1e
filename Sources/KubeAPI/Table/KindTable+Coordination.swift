import Foundation

extension KindTable {
    /// `kubectl get leases`: NAME HOLDER AGE.
    static let leases = KindTable(
        columns: [
            .nameColumn,
            TableColumn(name: "Holder", description: APIFieldDocs.leaseSpecHolderIdentity),
            .ageColumn,
        ],
        cells: { lease, now in
            [.string(lease.name), .string(text(lease.spec?["holderIdentity"])), age(lease, now)]
        })
}
