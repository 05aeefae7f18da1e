import Foundation
import Testing

/// Bad input through the built binary: a clear error on standard error, a non-zero exit, and nothing
/// written to the store.
@Suite(.serialized)
struct EtcdctlBadInputTests {
    private let dataDirectory = FileManager.default.temporaryDirectory
        .appendingPathComponent("kubesim-bad-input-\(UUID().uuidString)").path

    private func etcdctl(_ arguments: String..., stdin: String? = nil, environment: [String: String] = [:])
        async throws -> CommandResult
    {
        try await KubeSimBinary.etcdctl(arguments, dataDirectory: dataDirectory, stdin: stdin, environment: environment)
    }

    private func revision() async throws -> String {
        let result = try await etcdctl("get", "x", "-w", "fields")
        return try #require(result.stdout.firstMatch(of: /"Revision" : (\d+)/)).1.description
    }

    @Test(arguments: [
        (["get", "k", "--bogus"], "Unknown option '--bogus'"),
        (["--bogus", "get", "k"], "Unknown option '--bogus'"),
        (["get", "k", "--limit", "x"], "'--limit"),
        (["frob"], "Unexpected argument 'frob'"),
    ])
    func unknownFlagsAndCommandsAreNamed(arguments: [String], named: String) async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let result = try await KubeSimBinary.etcdctl(arguments, dataDirectory: dataDirectory)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains(named), "\(result)")
    }

    @Test(arguments: [
        (["ls", "/registry"], "\"ls\" is an etcd v2 command", "kubesim etcdctl get /registry --prefix --keys-only"),
        (["set", "k", "v"], "\"set\" is an etcd v2 command", "kubesim etcdctl put k v"),
        (["mk", "k", "v"], "\"mk\" is an etcd v2 command", "create(\"k\") = \"0\""),
        (["mkdir", "/d"], "\"mkdir\" is an etcd v2 command", "kubesim etcdctl put /d/<name> <value>"),
        (["rmdir", "/d"], "\"rmdir\" is an etcd v2 command", "kubesim etcdctl del /d/ --prefix"),
        (["rm", "k"], "\"rm\" is an etcd v2 command", "kubesim etcdctl del k"),
        (["update", "k", "v"], "\"update\" is an etcd v2 command", "version(\"k\") > \"0\""),
        (["cluster-health"], "\"cluster-health\" is an etcd v2 command", "kubesim etcdctl endpoint health"),
        (["backup"], "\"backup\" is an etcd v2 command", "kubesim etcdctl snapshot save <file>"),
        (["import"], "\"import\" is an etcd v2 command", "kubesim etcdctl snapshot restore <file>"),
    ])
    func v2CommandsAreRejectedWithTheirV3Equivalent(arguments: [String], problem: String, advice: String) async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let result = try await KubeSimBinary.etcdctl(arguments, dataDirectory: dataDirectory)
        #expect(result.status == 1)
        #expect(result.stderr.contains(problem), "\(result)")
        #expect(result.stderr.contains(advice), "\(result)")
        #expect(result.stderr.contains("only the etcd v3 API"))
        #expect(!FileManager.default.fileExists(atPath: dataDirectory), "a rejected command opened the store")
    }

    @Test func apiVersion2IsRejected() async throws {
        let result = try await etcdctl("get", "k", environment: ["ETCDCTL_API": "2"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("ETCDCTL_API=2 selects the etcd v2 API; this store speaks only the v3 API"))
    }

    @Test(arguments: [
        ("mod(\"k\") > \"0\"\n\nput a 1\n", "unexpected end of input in the success requests (line 4)"),
        ("mod(\"k\") ~ \"0\"\n\nput a 1\n\n\n", "unknown operator ~"),
        ("\nput a 1\nfrob b\n\n\n", "invalid txn request: frob b"),
        ("\nput a 1\nput \"b\n\n\n", "invalid txn request: put \"b (unterminated quote)"),
    ])
    func malformedTxnWritesNothing(script: String, message: String) async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        _ = try await etcdctl("put", "k", "v")
        let before = try await revision()
        let result = try await etcdctl("txn", stdin: script)
        #expect(result.status == 3)
        #expect(result.stderr.contains(message), "\(result)")
        #expect(try await revision() == before)
        #expect(try await etcdctl("get", "a").stdout.isEmpty)
    }

    @Test func corruptDataFileIsReportedWithItsPath() async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let etcdDirectory = URL(fileURLWithPath: dataDirectory).appendingPathComponent("etcd")
        // Private, as KubeSim makes them, so the only message is the store's.
        for directory in [URL(fileURLWithPath: dataDirectory), etcdDirectory] {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let file = etcdDirectory.appendingPathComponent("store.db")
        try Data(repeating: 0x5a, count: 8192).write(to: file)
        for arguments in [["get", "k"], ["put", "k", "v"]] {
            let result = try await KubeSimBinary.etcdctl(arguments, dataDirectory: dataDirectory)
            #expect(result.status == 2, "\(result)")
            #expect(result.stderr.hasPrefix("Error: cannot open the store: "), "\(result)")
            #expect(result.stderr.contains(file.path), "\(result)")
        }
        let health = try await etcdctl("endpoint", "health")
        #expect(health.status == 1)
        #expect(health.stderr.contains("\(file.path) is unhealthy: failed to commit proposal: "), "\(health)")
        #expect(health.stderr.hasSuffix("Error: unhealthy cluster\n"))
    }

    @Test func protobufOutputIsRefusedBeforeWriting() async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let result = try await etcdctl("put", "k", "v", "-w", "protobuf")
        #expect(result.status == 4)
        #expect(result.stderr == "Error: protobuf output is not supported by kubesim etcdctl; use -w json\n")
        #expect(try await etcdctl("get", "k").stdout.isEmpty)
    }

    /// `--count-only` is etcdctl 3.5's: with `-w fields` only, and not with `--keys-only`.
    @Test func countOnlyFollowsEtcdctl35() async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        _ = try await etcdctl("put", "/a/1", "x")
        _ = try await etcdctl("put", "/a/2", "y")
        let fields = try await etcdctl("get", "/a/", "--prefix", "--count-only", "-w", "fields")
        #expect(fields.status == 0)
        #expect(fields.stdout.hasSuffix("\"More\" : false\n\"Count\" : 2\n"), "\(fields)")
        #expect(!fields.stdout.contains("\"Key\""))
        let simple = try await etcdctl("get", "/a/", "--prefix", "--count-only")
        #expect(simple.status == 128)
        #expect(simple.stderr == "Error: --count-only is only for `--write-out=fields`\n")
        let both = try await etcdctl("get", "/a/", "--prefix", "--count-only", "--keys-only")
        #expect(both.status == 128)
    }

    @Test func missingValueOnStandardInputIsABadArgument() async throws {
        defer { try? FileManager.default.removeItem(atPath: dataDirectory) }
        let result = try await etcdctl("put", "k", stdin: "")
        #expect(result.status == 128)
        #expect(result.stderr == "Error: put command needs 1 argument and input from stdin or 2 arguments\n")
        let piped = try await etcdctl("put", "k", stdin: "from stdin\n")
        #expect(piped.stdout == "OK\n")
        #expect(try await etcdctl("get", "k", "--print-value-only").stdout == "from stdin\n\n")
    }
}
