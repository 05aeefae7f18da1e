#ifndef KUBESIM_POWER_LOSS_VFS_H
#define KUBESIM_POWER_LOSS_VFS_H

/// The name of the test VFS that keeps writes in memory until their file is synced.
#define KUBESIM_POWER_LOSS_VFS "kubesim-power-loss"

/// Registers the VFS as SQLite's default (once; later calls return the first result). Returns an SQLite result
/// code. For tests only.
///
/// The VFS is the default one, except that what a process writes to a file reaches the file only when the file
/// is synced (`xSync`): until then it is kept in the process's memory, per path, as the kernel's page cache
/// keeps dirty pages, and every open file of the path reads it. A process killed with SIGKILL therefore loses
/// exactly what a power cut loses: everything written since the last sync. A clean close writes what is kept
/// (the kernel would, in time). Memory mapping is off (`xFetch` answers no mapping), so reads see the kept writes.
///
/// Register it before any connection opens, and before the WAL write buffer registers, so that the write buffer
/// (which wraps the default VFS it finds) writes through this one.
int kubesim_power_loss_register(void);

#endif
