import Foundation

extension KindTable {
    /// `kubectl get rolebindings`: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS.
    static let roleBindings = bindings(roleDescription: APIFieldDocs.roleBindingRoleRef, subjectsOwner: "roleBinding")

    /// `kubectl get clusterrolebindings`: NAME ROLE AGE, wide USERS GROUPS SERVICEACCOUNTS.
    static let clusterRoleBindings = bindings(
        roleDescription: APIFieldDocs.clusterRoleBindingRoleRef, subjectsOwner: "clusterRoleBinding")

    private static func bindings(roleDescription: String, subjectsOwner: String) -> KindTable {
        KindTable(
            columns: [
                .nameColumn, TableColumn(name: "Role", description: roleDescription), .ageColumn,
                TableColumn(name: "Users", description: "Users in the \(subjectsOwner)", priority: 1),
                TableColumn(name: "Groups", description: "Groups in the \(subjectsOwner)", priority: 1),
                TableColumn(
                    name: "ServiceAccounts", description: "ServiceAccounts in the \(subjectsOwner)", priority: 1),
            ],
            cells: { binding, now in
                var users: [String] = []
                var groups: [String] = []
                var serviceAccounts: [String] = []
                for subject in binding.json["subjects"]?.arrayValue ?? [] {
                    let name = text(subject["name"])
                    switch subject["kind"]?.stringValue {
                    case "ServiceAccount": serviceAccounts.append("\(text(subject["namespace"]))/\(name)")
                    case "User": users.append(name)
                    case "Group": groups.append(name)
                    default: break
                    }
                }
                let roleRef = binding.json["roleRef"]
                return [
                    .string(binding.name), .string("\(text(roleRef?["kind"]))/\(text(roleRef?["name"]))"),
                    age(binding, now), .string(users.joined(separator: ", ")), .string(groups.joined(separator: ", ")),
                    .string(serviceAccounts.joined(separator: ", ")),
                ]
            })
    }
}
