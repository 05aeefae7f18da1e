import Foundation
import Testing

/// The registry explorer page of `kubesim serve` in a real headless Chromium, with the real kubectl writing
/// through the same server: the seeded tree, the live feed and tree, a key's value and history, and the revision
/// slider. A screenshot is saved under `.build/test-artifacts/`.
@Suite(.serialized)
struct RegistryExplorerBrowserTests {
    static let deploymentKey = "/registry/deployments/default/web"

    /// The explorer URL (with its token) `kubesim serve` printed.
    static func explorerURL(_ cluster: ServedCluster) throws -> String {
        let match = try #require(cluster.output.firstMatch(of: /registry explorer \(read-only\) at (\S+)/))
        return String(match.1)
    }

    @Test(.enabled(if: ServedCluster.kubectlInstalled, "needs /usr/bin/kubectl"))
    func pageShowsTheClusterItsWritesAndItsPast() async throws {
        guard HeadlessBrowser.available else {
            print("skipped: no headless browser (install Debian's chromium: apt-get install -y chromium) or no python3")
            return
        }
        try await ServedCluster.with(bare: false) { cluster in
            let browser = try await HeadlessBrowser()
            defer { browser.close() }
            try await browser.navigate(try Self.explorerURL(cluster))
            #expect(try await browser.waitUntil("document.body?.dataset.ready === 'true'", timeout: .seconds(15)))

            // The seeded cluster: the kubeadm objects under their resources, with counts.
            let topLevel = try await browser.evaluate("[...document.querySelectorAll('#tree [data-prefix]')].map(r => r.textContent).join('|')") as? String ?? ""
            for resource in ["pods (", "deployments (", "namespaces (", "configmaps (", "leases ("] {
                #expect(topLevel.contains(resource), "\(topLevel)")
            }
            let before = try #require(try await browser.evaluate("state.head") as? Int)
            for resource in ["deployments", "replicasets", "pods"] { try await expand("/registry/\(resource)/", in: browser) }

            // kubectl's deployment, then the controllers' replicaset and pods, in the feed and in the tree.
            let created = try await cluster.kubectl(["create", "deployment", "web", "--image=nginx:1.27", "--replicas=2"])
            #expect(created.stdout == "deployment.apps/web created\n", "\(created)")
            let start = ContinuousClock.now
            let feedShows = """
                (() => { const keys = [...document.querySelectorAll('#feed li')].map(li => li.dataset.key);
                  return keys.includes('\(Self.deploymentKey)') && keys.some(k => k.startsWith('/registry/replicasets/default/web-'))
                    && keys.filter(k => k.startsWith('/registry/pods/default/web-')).length >= 2; })()
                """
            #expect(try await browser.waitUntil(feedShows, timeout: .seconds(2)), "the feed within 2 s")
            let writer = try await browser.evaluate(
                "[...document.querySelectorAll('#feed li')].filter(li => li.dataset.key === '\(Self.deploymentKey)').pop().textContent") as? String
            #expect(writer?.contains("kubectl-create") == true, "\(writer ?? "")")
            var inTree = false
            while !inTree && ContinuousClock.now - start < .seconds(2) {
                for resource in ["deployments", "replicasets", "pods"] {
                    _ = try await browser.evaluate("""
                        (() => { const row = document.querySelector('#tree [data-prefix="/registry/\(resource)/default/"]');
                          if (row && !state.expanded.has('/registry/\(resource)/default/')) row.click(); })()
                        """)
                }
                inTree = try await browser.evaluate("""
                    state.rows.some(r => r.key === '\(Self.deploymentKey)')
                      && state.rows.some(r => (r.key || '').startsWith('/registry/replicasets/default/web-'))
                      && state.rows.filter(r => (r.key || '').startsWith('/registry/pods/default/web-')).length >= 2
                    """) as? Bool == true
                if !inTree { try await Task.sleep(for: .milliseconds(50)) }
            }
            #expect(inTree, "the tree within 2 s")

            // Clicking the deployment's key shows its value and history.
            #expect(try await click(key: Self.deploymentKey, in: browser))
            #expect(try await browser.waitUntil("document.getElementById('tab-yaml').textContent.includes('kind: Deployment')"))
            #expect((try await browser.evaluate("document.getElementById('key-meta').textContent") as? String ?? "").contains("version="))
            #expect(try await browser.waitUntil(
                "[...document.querySelectorAll('#history li')].some(li => li.textContent.includes('create'))"))
            #expect((try await browser.evaluate("document.getElementById('lesson-etcdctl').textContent") as? String ?? "")
                .contains("etcdctl --endpoints="))
            try await saveScreenshot(browser, "registry-explorer.png")

            // Paused, the feed's list holds still while the tree follows a scale-up to three pods.
            _ = try await browser.evaluate("document.getElementById('pause').click()")
            let listed = try #require(try await browser.evaluate("document.querySelectorAll('#feed li').length") as? Int)
            #expect(try await cluster.kubectl(["scale", "deployment", "web", "--replicas=3"]).status == 0)
            #expect(try await browser.waitUntil(
                "state.rows.filter(r => (r.key || '').startsWith('/registry/pods/default/web-')).length === 3", timeout: .seconds(5)))
            #expect(try await browser.evaluate("document.querySelectorAll('#feed li').length") as? Int == listed)
            #expect((try await browser.evaluate("document.getElementById('feed-state').textContent") as? String ?? "").hasSuffix("held"))
            _ = try await browser.evaluate("document.getElementById('pause').click()")

            // The slider back to before the deployment: no deployment in default, and the key not present.
            _ = try await browser.evaluate("""
                (() => { const s = document.getElementById('slider'); s.value = \(before); s.dispatchEvent(new Event('input')); })()
                """)
            #expect(try await browser.waitUntil("""
                state.view === \(before) && state.rows.length > 0 && !state.rows.some(r => r.prefix === '/registry/deployments/default/')
                  && document.getElementById('key-meta').textContent.includes('not present at revision \(before)')
                """))
            try await saveScreenshot(browser, "registry-explorer-time-travel.png")

            // Past the compaction point (compacted through the server's etcd endpoint) the page says the history is gone.
            let head = try await cluster.revision()
            let endpoint = String(try #require(cluster.output.firstMatch(of: /etcd v3 API serving on (\S+)/)).1)
            let pki = cluster.workspace.dataDirectory + "/pki/etcd/"
            guard RealEtcd.isInstalled else { return }
            let compaction = try await CommandRunner.run(
                RealEtcd.client,
                ["--endpoints", endpoint, "--cacert", pki + "ca.crt", "--cert", pki + "server.crt", "--key", pki + "server.key",
                 "compaction", String(head)], environment: ["ETCDCTL_API": "3"])
            #expect(compaction.status == 0, "\(compaction)")
            _ = try await browser.evaluate("travel(\(before))")
            let compactedShown = try await browser.waitUntil(
                "document.getElementById('banner').textContent.includes('compacted') && Number(document.getElementById('slider').min) === \(head)", timeout: .seconds(10))
            let shown = try await browser.evaluate("document.getElementById('banner').textContent + ' min=' + document.getElementById('slider').min")
            #expect(compactedShown, "\(shown ?? "")")
        }
    }

    @Test func pageAndStreamsNeedTheTokenAndNeverWrite() async throws {
        try await ServedCluster.with { cluster in
            let url = try Self.explorerURL(cluster)
            let token = String(try #require(url.firstMatch(of: /token=([0-9a-f]+)/)).1)
            let status = { (arguments: [String]) async throws -> String in
                try await CommandRunner.run("/usr/bin/curl", ["-sk", "-o", "/dev/null", "-w", "%{http_code}"] + arguments).stdout
            }
            for path in ["/ui/", "/ui/app.js", "/ui/api/children", "/ui/api/feed", "/ui/api/key?key=/registry/namespaces/default"] {
                #expect(try await status([cluster.url + path]) == "401", "\(path)")
                #expect(try await status([cluster.url + path + (path.contains("?") ? "&" : "?") + "token=wrong"]) == "401", "\(path)")
            }
            #expect(try await status([url]) == "200")
            #expect(try await status(["-H", "Cookie: kubesim-ui-token=\(token)", cluster.url + "/ui/api/children"]) == "200")
            #expect(try await status(["-X", "POST", cluster.url + "/ui/api/key?token=\(token)"]) == "405")
            // The admin client certificate opens the page too.
            #expect(try await cluster.kubectl(["get", "--raw", "/ui/api/summary"]).stdout.contains("\"etcdPodKey\""))
        }
    }

    private func expand(_ prefix: String, in browser: HeadlessBrowser) async throws {
        _ = try await browser.evaluate("document.querySelector('#tree [data-prefix=\"\(prefix)\"]').click()")
        #expect(try await browser.waitUntil("state.rows.some(r => r.depth === 1 && ((r.key || r.prefix || '').startsWith('\(prefix)')))"))
    }

    /// Scrolls the virtual tree to a key's row and clicks it.
    private func click(key: String, in browser: HeadlessBrowser) async throws -> Bool {
        try await browser.evaluate("""
            (() => { const index = state.rows.findIndex(r => r.key === '\(key)'); if (index < 0) return false;
              const tree = document.getElementById('tree'); tree.scrollTop = index * 20; renderTree();
              const row = tree.querySelector('[data-key="\(key)"]'); if (!row) return false; row.click(); return true; })()
            """) as? Bool == true
    }

    private func saveScreenshot(_ browser: HeadlessBrowser, _ name: String) async throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/test-artifacts")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let png = try await browser.screenshot()
        #expect(png.starts(with: [0x89, 0x50, 0x4e, 0x47]))
        try png.write(to: directory.appendingPathComponent(name))
    }
}
