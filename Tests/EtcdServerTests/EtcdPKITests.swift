import EtcdPKI
import Foundation
import SwiftASN1
import Testing
import X509

/// The PKI has kubeadm's files and the certificate properties the lesson's etcdctl command relies on.
@Suite struct EtcdPKITests {
    private func scratch() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("kubesim-pki-\(UUID().uuidString)").path
    }

    @Test func createsKubeadmFilesWithPrivateKeys() async throws {
        let directory = scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try await EtcdPKI.ensure(directory: directory)
        #expect(pki.isComplete)
        for key in [pki.caKey, pki.serverKey, pki.peerKey, pki.healthcheckClientKey] {
            let mode = try #require(try FileManager.default.attributesOfItem(atPath: key)[.posixPermissions] as? Int)
            #expect(mode == 0o600, "\(key)")
        }
    }

    @Test func serverCertificateServesAndAuthenticatesOnLoopback() async throws {
        let directory = scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try await EtcdPKI.ensure(directory: directory)
        let server = try Certificate(pemEncoded: try String(contentsOfFile: pki.serverCertificate, encoding: .utf8))
        let usages = try #require(try server.extensions.extendedKeyUsage)
        #expect(usages.contains(.serverAuth) && usages.contains(.clientAuth))
        let names = try #require(try server.extensions.subjectAlternativeNames)
        #expect(names.contains(.dnsName("localhost")))
        #expect(names.contains { if case .ipAddress(let ip) = $0 { Array(ip.bytes) == [127, 0, 0, 1] } else { false } })
        let ca = try Certificate(pemEncoded: try String(contentsOfFile: pki.caCertificate, encoding: .utf8))
        #expect(server.issuer == ca.subject)
        let client = try Certificate(
            pemEncoded: try String(contentsOfFile: pki.healthcheckClientCertificate, encoding: .utf8))
        #expect(try client.extensions.extendedKeyUsage.map { Array($0) } == [.clientAuth])
    }

    @Test func keepsAnExistingPKIAndRefusesAPartialOne() async throws {
        let directory = scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let pki = try await EtcdPKI.ensure(directory: directory)
        let before = try String(contentsOfFile: pki.caCertificate, encoding: .utf8)
        _ = try await EtcdPKI.ensure(directory: directory)
        #expect(try String(contentsOfFile: pki.caCertificate, encoding: .utf8) == before)
        try FileManager.default.removeItem(atPath: pki.peerKey)
        await #expect(throws: EtcdPKIError.self) { _ = try await EtcdPKI.ensure(directory: directory) }
    }
}
