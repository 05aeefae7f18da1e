import ArgumentParser
import Foundation
import KubeAPI

/// `kubesim create ingress NAME --rule=host/path=svc:port[,tls[=secret]] [--class] [--default-backend=svc:port]
/// [--annotation=k=v]`: kubectl's networking/v1 Ingress generator (a path ending in `*` is a Prefix path, others
/// Exact; rules of one host share its rule; TLS entries grouped by secret).
struct CreateIngress: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingress", abstract: "Create an ingress with the specified name.", aliases: ["ing"])
    @OptionGroup var options: CreateOptions
    @Option(help: "Annotation to insert in the ingress object, in the format annotation=value (repeatable).") var annotation: [String] = []
    @Option(name: .customLong("class"), help: "Ingress Class to be used.") var ingressClass = ""
    @Option(name: .customLong("default-backend"), help: "Default service for backend, in format of svcname:port.") var defaultBackend = ""
    @Option(help: "Rule in format host/path=service:port[,tls=secretname] (repeatable).") var rule: [String] = []
    @Argument var name: String

    /// kubectl's rule check (`host/path=svcname:svcport`, matched from the start only).
    static func isValidRule(_ rule: String) -> Bool {
        rule.firstMatch(of: /^[0-9A-Za-z_*\-.]*\/.*=[0-9A-Za-z_\-]+:[0-9A-Za-z_\-]+/) != nil
    }

    func run() async throws {
        if defaultBackend.isEmpty && rule.isEmpty {
            throw CommandError(
                "not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)")
        }
        for rule in rule where !Self.isValidRule(rule) {
            throw CommandError("rule \(rule) is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]")
        }
        var annotations: [String: JSONValue] = [:]
        for annotation in annotation {
            let parts = annotation.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { throw CommandError("annotation \(annotation) is invalid and should be in format key=[value]") }
            annotations[parts[0]] = .string(parts[1])
        }
        if !defaultBackend.isEmpty && defaultBackend.split(separator: ":", omittingEmptySubsequences: false).count != 2 {
            throw CommandError("default-backend should be in format servicename:serviceport")
        }
        var metadata = generatedMetadata(name)
        if !annotations.isEmpty { metadata["annotations"] = .object(annotations) }
        var spec: JSONValue = .emptyObject
        if !ingressClass.isEmpty { spec["ingressClassName"] = .string(ingressClass) }
        if !defaultBackend.isEmpty { spec["defaultBackend"] = Self.backend(defaultBackend) }
        let tls = Self.tls(rule)
        if !tls.isEmpty { spec["tls"] = .array(tls) }
        let rules = Self.rules(rule)
        if !rules.isEmpty { spec["rules"] = .array(rules) }
        let ingress: JSONValue = [
            "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": metadata, "spec": spec,
            "status": ["loadBalancer": .emptyObject],
        ]
        do {
            try await options.create(ingress, resource: "ingresses")
        } catch let error as StatusError {
            throw CommandError("failed to create ingress: \(error.message)")
        }
    }

    /// `svc:port`: a service backend with a port number, or a port name.
    static func backend(_ service: String) -> JSONValue {
        let parts = service.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let port: JSONValue = Int32(parts[1]).map { ["number": .int(Int64($0))] } ?? ["name": .string(parts[1])]
        return ["service": ["name": .string(parts[0]), "port": port]]
    }

    /// One rule per host, in order of first mention, each with its paths.
    static func rules(_ specs: [String]) -> [JSONValue] {
        var hosts: [String] = []
        var paths: [String: [JSONValue]] = [:]
        for spec in specs {
            let withoutTLS = String(spec.split(separator: ",", omittingEmptySubsequences: false)[0])
            let hostSplit = withoutTLS.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let pathService = hostSplit[1].split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            var path = "/" + pathService[0]
            var pathType = "Exact"
            if path.hasSuffix("*") {
                pathType = "Prefix"
                path.removeLast()
            }
            if paths[hostSplit[0]] == nil { hosts.append(hostSplit[0]) }
            paths[hostSplit[0], default: []].append(
                ["path": .string(path), "pathType": .string(pathType), "backend": backend(pathService[1])])
        }
        return hosts.map { host in
            var rule: JSONValue = ["http": ["paths": .array(paths[host]!)]]
            if !host.isEmpty { rule["host"] = .string(host) }
            return rule
        }
    }

    /// The TLS entries: each `,tls[=secret]` rule's host, grouped under its secret.
    static func tls(_ specs: [String]) -> [JSONValue] {
        var entries: [(secret: String, hosts: [String])] = []
        var seenHosts = Set<String>()
        for spec in specs {
            let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let host = String(spec.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)[0])
            let secretParts = parts[1].split(separator: "=", omittingEmptySubsequences: false)
            let secret = secretParts.count > 1 ? String(secretParts[1]) : ""
            guard seenHosts.insert(host).inserted else { continue }
            if let index = entries.firstIndex(where: { $0.secret == secret }) {
                entries[index].hosts.append(host)
                continue
            }
            let hosts = host.isEmpty ? [] : [host]
            if !secret.isEmpty || !hosts.isEmpty { entries.append((secret, hosts)) }
        }
        return entries.map { entry in
            var json: JSONValue = .emptyObject
            if !entry.hosts.isEmpty { json["hosts"] = .array(entry.hosts.map { .string($0) }) }
            if !entry.secret.isEmpty { json["secretName"] = .string(entry.secret) }
            return json
        }
    }
}
