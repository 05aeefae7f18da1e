/// A Python script that runs a program (its arguments) in a pseudo-terminal and types into it as a person would:
/// waits for the `# ` prompt, types `hostnaem`, two backspaces and `me`, Enter, waits for `controlplane`, then
/// `exit 4`; it prints what the terminal showed (Python's `repr`) and the program's exit code.
enum TerminalDriver {
    static let script = """
        import os, pty, select, sys, time
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(sys.argv[1], sys.argv[1:])
        seen = b""
        def until(token, limit=30):
            global seen
            deadline = time.time() + limit
            while token not in seen and time.time() < deadline:
                ready, _, _ = select.select([fd], [], [], 0.2)
                if ready:
                    try:
                        seen += os.read(fd, 4096)
                    except OSError:
                        break
        until(b"# ")
        os.write(fd, b"hostnaem\\x7f\\x7fme\\r")
        until(b"controlplane")
        until(b"# ", 5)
        os.write(fd, b"exit 4\\r")
        _, status = os.waitpid(pid, 0)
        try:
            seen += os.read(fd, 4096)
        except OSError:
            pass
        sys.stdout.write(repr(seen) + "\\n" + str(os.waitstatus_to_exitcode(status)) + "\\n")
        """
}
