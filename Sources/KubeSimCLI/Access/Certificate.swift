import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim certificate approve|deny NAME...`: adds the Approved (or Denied) condition through the request's
/// `approval` subresource, as kubectl does; the embedded signer then issues an approved request's certificate.
struct CertificateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "certificate", abstract: "Modify certificate resources.", subcommands: [Approve.self, Deny.self])

    struct Approve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "approve", abstract: "Approve a certificate signing request.")
        @OptionGroup var targets: TargetOptions
        @Flag(help: "Update the CSR even if it is already approved.") var force = false
        @Argument var names: [String] = []
        func run() async throws {
            try await CertificateCommand.modify(
                names, targets: targets, force: force, forbidden: "Denied", condition: "Approved", reason: "KubectlApprove",
                message: "This CSR was approved by kubectl certificate approve.", verb: "approved")
        }
    }

    struct Deny: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "deny", abstract: "Deny a certificate signing request.")
        @OptionGroup var targets: TargetOptions
        @Flag(help: "Update the CSR even if it is already denied.") var force = false
        @Argument var names: [String] = []
        func run() async throws {
            try await CertificateCommand.modify(
                names, targets: targets, force: force, forbidden: "Approved", condition: "Denied", reason: "KubectlDeny",
                message: "This CSR was denied by kubectl certificate deny.", verb: "denied")
        }
    }

    static func modify(
        _ names: [String], targets: TargetOptions, force: Bool, forbidden: String, condition: String, reason: String,
        message: String, verb: String
    ) async throws {
        guard !names.isEmpty else {
            throw CommandError("one or more CSRs must be specified as <name> or -f <filename>")
        }
        try await targets.forEach(names.map { "certificatesigningrequest.certificates.k8s.io/\($0)" }) { client, type, request in
            var json = request.json
            var conditions = json[["status", "conditions"]]?.arrayValue ?? []
            if conditions.contains(where: { $0["type"]?.stringValue == forbidden }) {
                throw CommandError("certificate signing request \(GoStringLiteral.quote(request.name)) is already \(forbidden)")
            }
            let present = conditions.contains { $0["type"]?.stringValue == condition }
            if !present || force {
                if !present {
                    let now = RFC3339Timestamp.string(from: Date())
                    conditions.append([
                        "type": .string(condition), "status": "True", "reason": .string(reason), "message": .string(message),
                        "lastUpdateTime": .string(now),
                    ])
                }
                json[["status", "conditions"]] = .array(conditions)
                _ = try await client.updateApproval(request.name, object: json)
            }
            Console.standard.out.line("\(type.kubectlName)/\(request.name) \(verb)")
        }
    }
}
