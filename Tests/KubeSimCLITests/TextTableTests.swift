import Testing

@testable import KubeSimCLI

/// Tables as etcdctl 3.4 draws them (tablewriter a0225b3f, right-aligned).
struct TextTableTests {
    @Test func endpointStatusTableMatchesEtcdctl() {
        var table = TextTable(headers: [
            "endpoint", "ID", "version", "db size", "is leader", "is learner", "raft term", "raft index",
            "raft applied index", "errors",
        ])
        table.append([
            "http://127.0.0.1:23791", "8e9e05c52164694d", "3.4.23", "25 kB", "true", "false", "2", "56", "56", "",
        ])
        #expect(
            table.rendered == """
                +------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
                |        ENDPOINT        |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |
                +------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+
                | http://127.0.0.1:23791 | 8e9e05c52164694d |  3.4.23 |   25 kB |      true |      false |         2 |         56 |                 56 |        |
                +------------------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+

                """)
    }

    @Test func snapshotStatusTableMatchesEtcdctl() {
        var table = TextTable(headers: ["hash", "revision", "total keys", "total size"])
        table.append(["492f8356", "10", "15", "20 kB"])
        #expect(
            table.rendered == """
                +----------+----------+------------+------------+
                |   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |
                +----------+----------+------------+------------+
                | 492f8356 |       10 |         15 |      20 kB |
                +----------+----------+------------+------------+

                """)
    }

    /// Cells over 30 columns wrap at spaces with minimal raggedness, as tablewriter's `WrapString` does.
    @Test func longCellsWrapAsTablewriterWrapsThem() {
        var table = TextTable(headers: ["endpoint", "health", "took", "error"])
        table.append([
            "/home/some user/.kubesim/etcd/store.db", "false", "1.2ms",
            "cannot open the store: /tmp/x/etcd/store.db: file is not a database",
        ])
        table.append(["short", "true", "", ""])
        #expect(
            table.rendered == """
                +--------------------------------+--------+-------+--------------------------------+
                |            ENDPOINT            | HEALTH | TOOK  |             ERROR              |
                +--------------------------------+--------+-------+--------------------------------+
                |                     /home/some |  false | 1.2ms |         cannot open the store: |
                |    user/.kubesim/etcd/store.db |        |       |  /tmp/x/etcd/store.db: file is |
                |                                |        |       |                 not a database |
                |                          short |   true |       |                                |
                +--------------------------------+--------+-------+--------------------------------+

                """)
    }
}
