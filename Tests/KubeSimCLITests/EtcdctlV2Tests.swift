import Testing

@testable import KubeSimCLI

/// etcd v2 commands and `ETCDCTL_API=2` are answered with the v3 command to use.
struct EtcdctlV2Tests {
    @Test(arguments: [
        (["etcdctl", "ls", "/"], "Use: kubesim etcdctl get / --prefix --keys-only"),
        (["etcdctl", "ls"], "Use: kubesim etcdctl get / --prefix --keys-only"),
        (["etcdctl", "--data-dir", "/tmp/x", "set", "k", "v"], "Use: kubesim etcdctl put k v"),
        (["etcdctl", "-w", "json", "rm", "-r", "/dir"], "Use: kubesim etcdctl del /dir --prefix"),
        (["etcdctl", "rmdir", "/dir"], "Use: kubesim etcdctl del /dir/ --prefix"),
        (["etcdctl", "cluster-health"], "Use: kubesim etcdctl endpoint health"),
        (["etcdctl", "backup"], "Use: kubesim etcdctl snapshot save <file>"),
        (["etcdctl", "set", "k", "two words"], "Use: kubesim etcdctl put k 'two words'"),
    ])
    func v2CommandsNameTheirV3Equivalent(arguments: [String], advice: String) throws {
        let message = try #require(EtcdctlV2.rejection(arguments: arguments, environment: [:]))
        #expect(message.contains("etcd v2 command; this store speaks only the etcd v3 API"))
        #expect(message.hasSuffix(advice))
    }

    @Test(arguments: [
        ["etcdctl", "mk", "k", "v"], ["etcdctl", "update", "k", "v"], ["etcdctl", "mkdir", "/d"],
        ["etcdctl", "import"],
    ])
    func everyV2WriteCommandIsRejected(arguments: [String]) {
        #expect(EtcdctlV2.rejection(arguments: arguments, environment: [:]) != nil)
    }

    @Test(arguments: [
        ["etcdctl", "get", "/", "--prefix"], ["etcdctl", "member", "list"], ["etcdctl"], ["other", "ls"],
    ])
    func v3CommandsPass(arguments: [String]) {
        #expect(EtcdctlV2.rejection(arguments: arguments, environment: ["ETCDCTL_API": "3"]) == nil)
    }

    @Test func apiVersion2IsRejectedEvenForV3Commands() throws {
        let message = try #require(
            EtcdctlV2.rejection(arguments: ["etcdctl", "get", "k"], environment: ["ETCDCTL_API": "2"]))
        #expect(message.hasPrefix("ETCDCTL_API=2 selects the etcd v2 API"))
        #expect(
            EtcdctlV2.rejection(arguments: ["etcdctl", "get", "k"], environment: ["ETCDCTL_API": "9"])
                == "unsupported API version 9")
    }
}
