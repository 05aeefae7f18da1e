/// The explorer page's HTML and CSS, compiled into the binary (the script is in ``ExplorerAssets/script``).
enum ExplorerAssets {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <title>KubeSim registry explorer</title>
        <link rel="stylesheet" href="/ui/app.css">
        </head>
        <body>
        <header>
          <h1>KubeSim registry</h1>
          <span id="revision-label">revision …</span>
          <input id="slider" type="range" min="1" max="1" value="1" aria-label="revision">
          <button id="live" class="on" title="follow the head revision">Live</button>
          <span id="banner" role="status"></span>
        </header>
        <main>
          <section id="tree-pane">
            <h2>/registry <small id="tree-count"></small></h2>
            <div id="tree" tabindex="0"><div id="tree-spacer"></div></div>
          </section>
          <section id="key-pane">
            <h2 id="key-title">Select a key</h2>
            <div id="key-meta"></div>
            <nav id="tabs"><button data-tab="yaml" class="on">Value (YAML)</button><button data-tab="raw">Raw bytes</button><button data-tab="history">History</button></nav>
            <pre id="tab-yaml" class="tab"></pre>
            <pre id="tab-raw" class="tab" hidden></pre>
            <div id="tab-history" class="tab" hidden>
              <ol id="history"></ol>
              <p>Diff <input id="diff-a" size="7"> → <input id="diff-b" size="7"> <button id="diff-go">Compare</button></p>
              <pre id="history-diff"></pre>
            </div>
          </section>
          <aside>
            <section id="feed-pane">
              <h2>Writes as they commit <button id="pause">Pause</button> <small id="feed-state"></small></h2>
              <ol id="feed"></ol>
            </section>
            <section id="changes-pane">
              <h2>What changed between</h2>
              <p><input id="changes-a" size="7"> and <input id="changes-b" size="7"> <button id="changes-go">Show</button></p>
              <div id="changes"></div>
            </section>
            <section id="lesson">
              <h2>The lesson's context</h2>
              <p>Selected key: <code id="lesson-key">—</code></p>
              <p>Read it with etcdctl:</p>
              <pre id="lesson-etcdctl"></pre>
              <p>The etcd static pod <code id="lesson-pod"></code> runs with:</p>
              <pre id="lesson-flags"></pre>
            </section>
          </aside>
        </main>
        <script src="/ui/app.js"></script>
        </body>
        </html>

        """#

    static let style = #"""
        * { box-sizing: border-box; }
        body { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: #1d2330; background: #f4f5f7; height: 100vh; display: flex; flex-direction: column; }
        header { display: flex; gap: 12px; align-items: center; padding: 8px 12px; background: #25324a; color: #fff; }
        header h1 { font-size: 16px; margin: 0; }
        #slider { flex: 1; }
        button { font: inherit; cursor: pointer; border: 1px solid #9aa4b5; background: #fff; border-radius: 3px; padding: 1px 8px; }
        button.on { background: #2f7d4f; color: #fff; border-color: #2f7d4f; }
        #banner { color: #ffd479; }
        main { flex: 1; display: grid; grid-template-columns: minmax(0, 26%) minmax(0, 1fr) minmax(0, 34%); grid-template-rows: minmax(0, 100%); gap: 8px; padding: 8px; min-height: 0; overflow: hidden; }
        section, aside > section { background: #fff; border: 1px solid #d8dce3; border-radius: 4px; padding: 6px 8px; min-height: 0; min-width: 0; }
        aside { display: flex; flex-direction: column; gap: 8px; min-height: 0; }
        h2 { font-size: 13px; margin: 0 0 6px; }
        #tree-pane, #key-pane { display: flex; flex-direction: column; overflow: hidden; }
        #lesson pre, #changes pre { white-space: pre-wrap; word-break: break-all; }
        #tree { position: relative; flex: 1; overflow-y: auto; font-family: ui-monospace, monospace; outline: none; }
        #tree-spacer { width: 1px; }
        .row { position: absolute; left: 0; right: 0; height: 20px; white-space: nowrap; cursor: pointer; padding-right: 4px; }
        .row:hover { background: #eef2f8; }
        .row.selected { background: #d6e4ff; }
        .row.fresh { animation: fresh 2s ease-out; }
        .row.more { color: #5a6a85; font-style: italic; }
        .row .count { color: #7a8599; }
        @keyframes fresh { from { background: #ffe58a; } to { background: transparent; } }
        pre { margin: 0; overflow: auto; font-family: ui-monospace, monospace; font-size: 12px; background: #f8f9fb; padding: 6px; }
        .tab { flex: 1; min-height: 0; overflow: auto; }
        #key-meta { font-family: ui-monospace, monospace; color: #43506a; margin-bottom: 6px; }
        nav button.on { background: #25324a; color: #fff; }
        #feed-pane { flex: 2; display: flex; flex-direction: column; }
        #feed { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; font-family: ui-monospace, monospace; font-size: 12px; }
        #feed li { display: flex; gap: 6px; white-space: nowrap; cursor: pointer; }
        #feed .key { flex: 1; overflow: hidden; text-overflow: ellipsis; direction: rtl; text-align: left; }
        #feed li:hover { background: #eef2f8; }
        .op-create, .op-update, .op-delete { width: 6ch; }
        .op-create { color: #2f7d4f; } .op-update { color: #7a5a00; } .op-delete { color: #b3261e; }
        .writer { color: #5a6a85; }
        #changes-pane { flex: 1; overflow: auto; }
        #lesson { flex: 1; overflow: auto; }
        #history li { cursor: pointer; }
        .added { color: #2f7d4f; } .removed { color: #b3261e; }
        """#
}
