#ifndef KUBESIM_WAL_WRITE_BUFFER_H
#define KUBESIM_WAL_WRITE_BUFFER_H

/// The name of the SQLite VFS that buffers the writes to a WAL file until the WAL is synced.
#define KUBESIM_WAL_WRITE_BUFFER_VFS "kubesim-wal-write-buffer"

/// Registers the VFS (once; later calls return the first result). Returns an SQLite result code.
///
/// The VFS is the default one with one change: the frames a transaction appends to its WAL file are
/// gathered in memory and written with one call when SQLite syncs the WAL at commit (or earlier, before
/// anything reads, sizes, truncates or closes the file, or writes elsewhere in it). A commit then costs one
/// `pwrite` and one `fdatasync` instead of two `pwrite`s per page and the sync.
///
/// Only for connections in WAL mode with `PRAGMA synchronous = FULL` (or `EXTRA`): SQLite then syncs the WAL
/// at every commit before it publishes the commit in the WAL index, so nothing is acknowledged, and no other
/// connection reads a frame, before it is in the file; durability and isolation stay SQLite's own. (With
/// `NORMAL`, a commit could be published while its frames are still here.) Frames of a transaction that rolls
/// back are written later, past the valid end of the WAL, where SQLite ignores them.
int kubesim_wal_write_buffer_register(void);

/// Where a test-only fault can be injected into a WAL file: writing its frames, or syncing it.
#define KUBESIM_WAL_FAULT_WRITE 0
#define KUBESIM_WAL_FAULT_SYNC 1

/// Answers whether to fail `stage` of the WAL file at `walPath`: a failed write answers `SQLITE_FULL` (a full
/// disk) and drops the frames; a failed sync answers `SQLITE_IOERR_FSYNC` after the frames were written.
typedef int (*kubesim_wal_fault_hook)(const char *walPath, int stage);

/// Installs (or with NULL removes) the process's fault hook; for robustness tests (`KUBESIM_FAILPOINTS`).
void kubesim_wal_write_buffer_set_fault_hook(kubesim_wal_fault_hook hook);

#endif
