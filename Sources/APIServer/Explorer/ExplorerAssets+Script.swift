extension ExplorerAssets {
    /// The page's script: plain JavaScript, no libraries. The tree is a flat list of visible rows rendered
    /// virtually (only the rows in view are in the DOM) and read page by page from `/ui/api/children`.
    static let script = #"""
        "use strict";
        const $ = (id) => document.getElementById(id);
        const ROW = 20, PAGE = 1000;
        const state = {
          head: 0, compacted: 0, live: true, view: 0,   // view: the revision shown; 0 while live
          rows: [], expanded: new Set(), loaded: new Map(), selected: null,
          fresh: new Map(), paused: false, held: 0, etcdctl: "",
        };

        async function api(path, params) {
          const query = new URLSearchParams(params || {}).toString();
          const response = await fetch("/ui/api/" + path + (query ? "?" + query : ""));
          const body = await response.json();
          if (!response.ok) throw new Error(body.error || response.statusText);
          return body;
        }
        const revisionParam = () => (state.live ? {} : { revision: state.view });
        function el(tag, attrs, ...children) {
          const node = document.createElement(tag);
          for (const [name, value] of Object.entries(attrs || {})) {
            if (name === "class") node.className = value; else if (name.startsWith("data-")) node.setAttribute(name, value); else node[name] = value;
          }
          for (const child of children) node.append(child);
          return node;
        }
        function banner(text) { $("banner").textContent = text || ""; }

        // ---- the tree: rows of { depth, name, count, key | prefix, more } ----
        async function loadChildren(prefix, depth, revision) {
          // As many children as were asked for ("… more" adds a page), read a page at a time.
          const wanted = state.loaded.get(prefix) || PAGE;
          const children = [];
          let page;
          do {
            const limit = Math.min(PAGE, wanted - children.length);
            page = await api("children", Object.assign({ prefix, offset: children.length, limit }, revision));
            children.push(...page.children);
          } while (children.length < wanted && children.length < page.total && page.children.length > 0);
          const rows = [];
          for (const child of children) {
            if (child.key) { rows.push({ depth, name: child.name, key: child.key }); continue; }
            const childPrefix = prefix + child.name + "/";
            rows.push({ depth, name: child.name, count: child.count, prefix: childPrefix });
            if (state.expanded.has(childPrefix)) rows.push(...(await loadChildren(childPrefix, depth + 1, revision)));
          }
          if (page.total > children.length) {
            rows.push({ depth, more: prefix, name: "… " + (page.total - children.length) + " more" });
          }
          if (depth === 0) {
            $("tree-count").textContent = "(" + page.keys + " keys at revision " + page.revision + ")";
            compactedAt(page.compacted);
          }
          return rows;
        }

        let refreshing = false, refreshAgain = false;
        async function refreshTree() {
          if (refreshing) { refreshAgain = true; return; }
          refreshing = true;
          try {
            do {
              refreshAgain = false;
              state.rows = await loadChildren("/registry/", 0, revisionParam());
              renderTree();
            } while (refreshAgain);
            if (!state.live) banner("Viewing revision " + state.view + " (head " + state.head + ")");
          } catch (error) {
            state.rows = []; renderTree(); banner(error.message);
            if (error.message.includes("compacted")) compactedAt((await api("summary")).compacted);
          } finally { refreshing = false; }
        }

        // History before the compaction point is gone: the slider stops there.
        function compactedAt(revision) {
          state.compacted = revision;
          $("slider").min = Math.max(1, revision);
        }

        function renderTree() {
          const tree = $("tree");
          $("tree-spacer").style.height = state.rows.length * ROW + "px";
          const first = Math.floor(tree.scrollTop / ROW), last = Math.min(state.rows.length, first + Math.ceil(tree.clientHeight / ROW) + 10);
          for (const old of tree.querySelectorAll(".row")) old.remove();
          const now = Date.now();
          for (let index = Math.max(0, first - 10); index < last; index++) {
            const row = state.rows[index];
            const node = el("div", { class: "row", "data-index": index });
            node.style.top = index * ROW + "px";
            node.style.paddingLeft = 4 + row.depth * 16 + "px";
            if (row.more) { node.classList.add("more"); node.setAttribute("data-more", row.more); node.textContent = row.name; }
            else if (row.key) {
              node.setAttribute("data-key", row.key); node.textContent = row.name;
              if (row.key === state.selected) node.classList.add("selected");
              if (now - (state.fresh.get(row.key) || 0) < 2000) node.classList.add("fresh");
            } else {
              node.setAttribute("data-prefix", row.prefix);
              node.append((state.expanded.has(row.prefix) ? "▾ " : "▸ ") + row.name + " ", el("span", { class: "count" }, "(" + row.count + ")"));
            }
            tree.append(node);
          }
        }

        $("tree").addEventListener("scroll", renderTree);
        $("tree").addEventListener("click", (event) => {
          const node = event.target.closest(".row");
          if (!node) return;
          const row = state.rows[Number(node.getAttribute("data-index"))];
          if (row.key) { selectKey(row.key); return; }
          if (row.more) { state.loaded.set(row.more, (state.loaded.get(row.more) || PAGE) + PAGE); refreshTree(); return; }
          if (state.expanded.has(row.prefix)) {
            for (const prefix of [...state.expanded]) if (prefix.startsWith(row.prefix)) state.expanded.delete(prefix);
          } else state.expanded.add(row.prefix);
          refreshTree();
        });

        // ---- one key: value, raw bytes, history and diffs ----
        async function selectKey(key) {
          state.selected = key;
          renderTree();
          $("key-title").textContent = key;
          $("lesson-key").textContent = key;
          $("lesson-etcdctl").textContent = state.etcdctl + " get " + key;
          try {
            const value = await api("key", Object.assign({ key }, revisionParam()));
            if (!value.exists) {
              $("key-meta").textContent = "not present at revision " + value.revision;
              $("tab-yaml").textContent = ""; $("tab-raw").textContent = "";
            } else {
              $("key-meta").textContent = "create_revision=" + value.createRevision + "  mod_revision=" + value.modRevision +
                "  version=" + value.version + "  lease=" + value.lease + "  " + value.size + " bytes, " + value.encoding;
              $("tab-yaml").textContent = value.yaml;
              $("tab-raw").textContent = value.raw;
            }
            const history = await api("history", { key });
            const list = $("history");
            list.replaceChildren();
            if (history.compacted > 0) list.append(el("li", {}, "history before revision " + history.compacted + " is compacted"));
            for (const entry of history.history) {
              const item = el("li", { "data-revision": entry.revision },
                "revision " + entry.revision + " · version " + entry.version + " · " + entry.operation);
              item.addEventListener("click", () => { $("diff-a").value = $("diff-b").value; $("diff-b").value = entry.revision; showKeyDiff(); });
              list.append(item);
            }
            const revisions = history.history.map((entry) => entry.revision);
            $("diff-a").value = revisions.length > 1 ? revisions[revisions.length - 2] : revisions[0] || "";
            $("diff-b").value = revisions[revisions.length - 1] || "";
            if (revisions.length) showKeyDiff(); else $("history-diff").textContent = "";
          } catch (error) { $("key-meta").textContent = error.message; }
        }

        function diffLines(target, lines) {
          target.replaceChildren(...lines.map((line) => el("div", { class: line.startsWith("+") ? "added" : line.startsWith("-") ? "removed" : "" }, line)));
          if (!lines.length) target.textContent = "(no field changes)";
        }
        async function showKeyDiff() {
          try {
            const diff = await api("keydiff", { key: state.selected, from: $("diff-a").value, to: $("diff-b").value });
            diffLines($("history-diff"), diff.diff);
          } catch (error) { $("history-diff").textContent = error.message; }
        }
        $("diff-go").addEventListener("click", showKeyDiff);
        for (const button of document.querySelectorAll("#tabs button")) {
          button.addEventListener("click", () => {
            for (const other of document.querySelectorAll("#tabs button")) other.classList.toggle("on", other === button);
            for (const tab of ["yaml", "raw", "history"]) $("tab-" + tab).hidden = tab !== button.dataset.tab;
          });
        }

        // ---- time travel ----
        function setHead(revision) {
          state.head = Math.max(state.head, revision);
          const slider = $("slider");
          slider.max = state.head;
          if (state.live) { slider.value = state.head; $("revision-label").textContent = "revision " + state.head + " (live)"; }
          else $("revision-label").textContent = "revision " + state.view + " of " + state.head;
        }
        function travel(revision) {
          state.live = revision >= state.head;
          state.view = state.live ? 0 : revision;
          $("live").classList.toggle("on", state.live);
          $("revision-label").textContent = state.live ? "revision " + state.head + " (live)" : "revision " + revision + " of " + state.head;
          $("slider").value = state.live ? state.head : revision;
          if (state.live) banner("");
          if (!state.live) { $("changes-a").value = revision; $("changes-b").value = state.head; }
          if (!state.live && revision < state.compacted) banner("Revision " + revision + " is before the compaction point (" + state.compacted + "): that history is gone");
          refreshTree();
          if (state.selected) selectKey(state.selected);
        }
        $("slider").addEventListener("input", () => travel(Number($("slider").value)));
        $("live").addEventListener("click", () => travel(state.head));

        $("changes-go").addEventListener("click", async () => {
          const target = $("changes");
          try {
            const changes = await api("changes", { from: $("changes-a").value, to: $("changes-b").value });
            const section = (title, keys) => el("details", { open: keys.length < 50 }, el("summary", {}, title + " (" + keys.length + ")"),
              ...keys.map((key) => el("div", { class: "change", "data-key": key, onclick: () => selectKey(key) }, key)));
            const changed = el("details", { open: true }, el("summary", {}, "changed (" + changes.counts.changed + ")"));
            for (const change of changes.changed) {
              const lines = el("pre");
              diffLines(lines, change.diff);
              changed.append(el("details", { class: "change", "data-key": change.key }, el("summary", {}, change.key), lines));
            }
            target.replaceChildren(section("created", changes.created), changed, section("deleted", changes.deleted));
          } catch (error) { target.textContent = error.message; }
        });

        // ---- the live feed ----
        // The tree follows the writes at most every 400 ms, and never spends more than a third of the time
        // re-reading (a store of 100,000 keys takes a while to read at each new revision).
        let lastTreeRefresh = 0, refreshCost = 0, treeTimer = null;
        function treeChanged() {
          if (!state.live || treeTimer) return;
          const wait = Math.max(0, Math.max(400, 3 * refreshCost) - (Date.now() - lastTreeRefresh));
          treeTimer = setTimeout(async () => {
            lastTreeRefresh = Date.now();
            await refreshTree();
            refreshCost = Date.now() - lastTreeRefresh;
            treeTimer = null;
          }, wait);
        }
        function connectFeed(after) {
          const source = new EventSource("/ui/api/feed" + (after ? "?after=" + after : ""));
          let last = after;
          source.addEventListener("start", (event) => { const start = JSON.parse(event.data).revision; last = last || start; setHead(start); });
          source.onmessage = (event) => {
            const write = JSON.parse(event.data);
            last = write.revision;
            setHead(write.revision);
            state.fresh.set(write.key, Date.now());
            treeChanged();
            if (state.live && write.key === state.selected) selectKey(write.key);
            if (state.paused) { state.held++; $("feed-state").textContent = state.held + " held"; return; }
            const feed = $("feed");
            feed.prepend(el("li", { "data-key": write.key, onclick: () => selectKey(write.key) },
              el("span", {}, String(write.revision)), el("span", { class: "op-" + write.operation }, write.operation),
              el("span", { class: "key" }, "\u200e" + write.key + "\u200e"), el("span", { class: "writer" }, write.writer)));
            while (feed.childElementCount > 500) feed.lastElementChild.remove();
          };
          source.addEventListener("compacted", () => { source.close(); connectFeed(0); });
          source.onerror = () => { source.close(); $("feed-state").textContent = "reconnecting…"; setTimeout(() => connectFeed(last), 1000); };
          source.onopen = () => { $("feed-state").textContent = state.paused ? "paused" : ""; };
        }
        $("pause").addEventListener("click", () => {
          state.paused = !state.paused; state.held = 0;
          $("pause").textContent = state.paused ? "Resume" : "Pause";
          $("feed-state").textContent = state.paused ? "paused" : "";
        });

        async function start() {
          const summary = await api("summary");
          compactedAt(summary.compacted);
          state.etcdctl = summary.etcdctl;
          setHead(summary.revision);
          $("changes-a").value = Math.max(1, summary.compacted); $("changes-b").value = summary.revision;
          $("lesson-etcdctl").textContent = summary.etcdctl + " get /registry --prefix --keys-only";
          $("lesson-pod").textContent = summary.etcdPodKey || "(none)";
          $("lesson-pod").onclick = () => summary.etcdPodKey && selectKey(summary.etcdPodKey);
          $("lesson-flags").textContent = summary.etcdFlags.join("\n");
          await refreshTree();
          connectFeed(summary.revision);
          document.body.setAttribute("data-ready", "true");
        }
        start().catch((error) => banner(error.message));
        """#
}
