#!/usr/bin/env python3
"""Relays Chrome DevTools Protocol commands to a headless Chromium, for the registry explorer's browser test.

Usage: cdp-pipe-relay.py BROWSER USER_DATA_DIR

Starts BROWSER headless with --remote-debugging-pipe (the protocol's JSON messages, each ended by a NUL byte,
on the browser's fds 3 and 4), then reads one JSON command per line on stdin ({"method", "params",
"sessionId"}), sends it with a fresh id and prints the browser's answer to it as one JSON line. Events are
dropped: the test polls with Runtime.evaluate. Only the standard library; no WebSocket needed.
"""
import json
import os
import subprocess
import sys


def main():
    browser, profile = sys.argv[1], sys.argv[2]
    to_browser_r, to_browser_w = os.pipe()
    from_browser_r, from_browser_w = os.pipe()

    def wire_pipes():
        # Copied first, so that neither lands on 3 or 4 before it is read, and the copies survive the exec.
        read_end, write_end = os.dup(to_browser_r), os.dup(from_browser_w)
        os.dup2(read_end, 3)
        os.dup2(write_end, 4)

    process = subprocess.Popen(
        [browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--ignore-certificate-errors", "--no-first-run", "--no-default-browser-check",
         "--window-size=1400,900", "--user-data-dir=" + profile, "--remote-debugging-pipe", "about:blank"],
        preexec_fn=wire_pipes, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(to_browser_r)
    os.close(from_browser_w)
    writer = os.fdopen(to_browser_w, "wb")
    reader = os.fdopen(from_browser_r, "rb")
    pending = b""
    next_id = 0
    try:
        for line in sys.stdin:
            if not line.strip():
                continue
            command = json.loads(line)
            next_id += 1
            command["id"] = next_id
            writer.write(json.dumps(command).encode() + b"\0")
            writer.flush()
            while True:
                while b"\0" not in pending:
                    chunk = reader.read1(1 << 16)
                    if not chunk:
                        print(json.dumps({"error": {"message": "the browser closed the pipe"}}), flush=True)
                        return
                    pending += chunk
                message, pending = pending.split(b"\0", 1)
                answer = json.loads(message)
                if answer.get("id") == next_id:
                    print(json.dumps(answer), flush=True)
                    break
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
