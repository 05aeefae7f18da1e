#include "wal_write_buffer.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* Larger appends than this go straight to the file, after what is buffered. */
#define BUFFER_LIMIT (8 * 1024 * 1024)

/* An open file of the VFS: the default VFS's file, allocated right after it, and for a WAL file the
   appended bytes not yet written. */
typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
    int buffered;                /* a WAL file: appends are gathered */
    const char *name;            /* the WAL file's path (SQLite keeps it valid until xClose) */
    unsigned char *bytes;
    sqlite3_int64 offset;        /* where bytes[0] goes in the file */
    int length;
    int capacity;
} BufferedFile;

static sqlite3_vfs *root;

/* The test-only fault hook (see the header); NULL, the default, costs one atomic load per write and sync. */
static kubesim_wal_fault_hook faultHook;

void kubesim_wal_write_buffer_set_fault_hook(kubesim_wal_fault_hook hook) {
    __atomic_store_n(&faultHook, hook, __ATOMIC_RELEASE);
}

static int faultAt(BufferedFile *file, int stage) {
    kubesim_wal_fault_hook hook = __atomic_load_n(&faultHook, __ATOMIC_ACQUIRE);
    return hook && file->buffered && file->name && hook(file->name, stage);
}

/* The unix VFS writes at most 128 KiB - 1 per call (more than SQLite's largest page and frame header). */
#define WRITE_CHUNK (64 * 1024)

static int flush(BufferedFile *file) {
    int rc = SQLITE_OK;
    if (file->length > 0 && faultAt(file, KUBESIM_WAL_FAULT_WRITE)) {
        file->length = 0;
        return SQLITE_FULL;
    }
    for (int done = 0; done < file->length && rc == SQLITE_OK; done += WRITE_CHUNK) {
        int amount = file->length - done < WRITE_CHUNK ? file->length - done : WRITE_CHUNK;
        rc = file->real->pMethods->xWrite(file->real, file->bytes + done, amount, file->offset + done);
    }
    file->length = 0;
    return rc;
}

/* Appends to the buffer, growing it; false when it would pass the limit or memory is short. */
static int append(BufferedFile *file, const void *data, int amount) {
    int needed = file->length + amount;
    if (needed > BUFFER_LIMIT) return 0;
    if (needed > file->capacity) {
        int capacity = file->capacity ? file->capacity : 256 * 1024;
        while (capacity < needed) capacity *= 2;
        unsigned char *grown = realloc(file->bytes, capacity);
        if (!grown) return 0;
        file->bytes = grown;
        file->capacity = capacity;
    }
    memcpy(file->bytes + file->length, data, amount);
    file->length = needed;
    return 1;
}

static int bufferedClose(sqlite3_file *base) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    free(file->bytes);
    file->bytes = NULL;
    file->capacity = 0;
    int closed = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
    return rc != SQLITE_OK ? rc : closed;
}

static int bufferedRead(sqlite3_file *base, void *data, int amount, sqlite3_int64 offset) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xRead(file->real, data, amount, offset);
}

static int bufferedWrite(sqlite3_file *base, const void *data, int amount, sqlite3_int64 offset) {
    BufferedFile *file = (BufferedFile *)base;
    if (!file->buffered) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    if (file->length > 0 && offset == file->offset + file->length && append(file, data, amount)) return SQLITE_OK;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    file->offset = offset;
    if (append(file, data, amount)) return SQLITE_OK;
    return file->real->pMethods->xWrite(file->real, data, amount, offset);
}

static int bufferedTruncate(sqlite3_file *base, sqlite3_int64 size) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xTruncate(file->real, size);
}

static int bufferedSync(sqlite3_file *base, int flags) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    /* An injected fsync error: the frames are written (in the OS's cache), not synced, as after a real EIO. */
    if (faultAt(file, KUBESIM_WAL_FAULT_SYNC)) return SQLITE_IOERR_FSYNC;
    return file->real->pMethods->xSync(file->real, flags);
}

static int bufferedFileSize(sqlite3_file *base, sqlite3_int64 *size) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xFileSize(file->real, size);
}

static int bufferedLock(sqlite3_file *base, int lock) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xLock(file->real, lock);
}

static int bufferedUnlock(sqlite3_file *base, int lock) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xUnlock(file->real, lock);
}

static int bufferedCheckReservedLock(sqlite3_file *base, int *reserved) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xCheckReservedLock(file->real, reserved);
}

static int bufferedFileControl(sqlite3_file *base, int op, void *argument) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xFileControl(file->real, op, argument);
}

static int bufferedSectorSize(sqlite3_file *base) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xSectorSize(file->real);
}

static int bufferedDeviceCharacteristics(sqlite3_file *base) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xDeviceCharacteristics(file->real);
}

static int bufferedShmMap(sqlite3_file *base, int region, int size, int extend, void volatile **memory) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xShmMap(file->real, region, size, extend, memory);
}

static int bufferedShmLock(sqlite3_file *base, int offset, int count, int flags) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xShmLock(file->real, offset, count, flags);
}

static void bufferedShmBarrier(sqlite3_file *base) {
    BufferedFile *file = (BufferedFile *)base;
    file->real->pMethods->xShmBarrier(file->real);
}

static int bufferedShmUnmap(sqlite3_file *base, int delete) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xShmUnmap(file->real, delete);
}

static int bufferedFetch(sqlite3_file *base, sqlite3_int64 offset, int amount, void **pointer) {
    BufferedFile *file = (BufferedFile *)base;
    int rc = flush(file);
    if (rc != SQLITE_OK) return rc;
    return file->real->pMethods->xFetch(file->real, offset, amount, pointer);
}

static int bufferedUnfetch(sqlite3_file *base, sqlite3_int64 offset, void *pointer) {
    BufferedFile *file = (BufferedFile *)base;
    return file->real->pMethods->xUnfetch(file->real, offset, pointer);
}

static const sqlite3_io_methods bufferedMethods = {
    3,
    bufferedClose,
    bufferedRead,
    bufferedWrite,
    bufferedTruncate,
    bufferedSync,
    bufferedFileSize,
    bufferedLock,
    bufferedUnlock,
    bufferedCheckReservedLock,
    bufferedFileControl,
    bufferedSectorSize,
    bufferedDeviceCharacteristics,
    bufferedShmMap,
    bufferedShmLock,
    bufferedShmBarrier,
    bufferedShmUnmap,
    bufferedFetch,
    bufferedUnfetch,
};

static int bufferedOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *base, int flags, int *outFlags) {
    (void)vfs;
    BufferedFile *file = (BufferedFile *)base;
    memset(file, 0, sizeof(BufferedFile));
    file->real = (sqlite3_file *)&file[1];
    int rc = root->xOpen(root, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK) return rc;
    /* The methods below forward version 3 methods (shared memory, memory mapping): the unix VFS's files
       have them. */
    if (file->real->pMethods->iVersion < 3) {
        file->real->pMethods->xClose(file->real);
        return SQLITE_CANTOPEN;
    }
    file->buffered = (flags & SQLITE_OPEN_WAL) != 0;
    file->name = name;
    file->base.pMethods = &bufferedMethods;
    return SQLITE_OK;
}

static int vfsDelete(sqlite3_vfs *vfs, const char *name, int syncDirectory) {
    (void)vfs;
    return root->xDelete(root, name, syncDirectory);
}

static int vfsAccess(sqlite3_vfs *vfs, const char *name, int flags, int *result) {
    (void)vfs;
    return root->xAccess(root, name, flags, result);
}

static int vfsFullPathname(sqlite3_vfs *vfs, const char *name, int size, char *out) {
    (void)vfs;
    return root->xFullPathname(root, name, size, out);
}

static void *vfsDlOpen(sqlite3_vfs *vfs, const char *name) {
    (void)vfs;
    return root->xDlOpen(root, name);
}

static void vfsDlError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    root->xDlError(root, size, message);
}

static void (*vfsDlSym(sqlite3_vfs *vfs, void *library, const char *symbol))(void) {
    (void)vfs;
    return root->xDlSym(root, library, symbol);
}

static void vfsDlClose(sqlite3_vfs *vfs, void *library) {
    (void)vfs;
    root->xDlClose(root, library);
}

static int vfsRandomness(sqlite3_vfs *vfs, int size, char *out) {
    (void)vfs;
    return root->xRandomness(root, size, out);
}

static int vfsSleep(sqlite3_vfs *vfs, int microseconds) {
    (void)vfs;
    return root->xSleep(root, microseconds);
}

static int vfsCurrentTime(sqlite3_vfs *vfs, double *now) {
    (void)vfs;
    return root->xCurrentTime(root, now);
}

static int vfsGetLastError(sqlite3_vfs *vfs, int size, char *message) {
    (void)vfs;
    return root->xGetLastError ? root->xGetLastError(root, size, message) : 0;
}

static int vfsCurrentTimeInt64(sqlite3_vfs *vfs, sqlite3_int64 *now) {
    (void)vfs;
    return root->xCurrentTimeInt64(root, now);
}

static sqlite3_vfs bufferedVFS;
static pthread_once_t registration = PTHREAD_ONCE_INIT;
static int registrationResult = SQLITE_ERROR;

static void registerOnce(void) {
    root = sqlite3_vfs_find(NULL);
    /* The shim forwards the default VFS's version 2 methods and its files' version 3 methods. */
    if (!root || root->iVersion < 2) return;
    bufferedVFS = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(BufferedFile) + root->szOsFile,
        .mxPathname = root->mxPathname,
        .zName = KUBESIM_WAL_WRITE_BUFFER_VFS,
        .xOpen = bufferedOpen,
        .xDelete = vfsDelete,
        .xAccess = vfsAccess,
        .xFullPathname = vfsFullPathname,
        .xDlOpen = vfsDlOpen,
        .xDlError = vfsDlError,
        .xDlSym = vfsDlSym,
        .xDlClose = vfsDlClose,
        .xRandomness = vfsRandomness,
        .xSleep = vfsSleep,
        .xCurrentTime = vfsCurrentTime,
        .xGetLastError = vfsGetLastError,
        .xCurrentTimeInt64 = vfsCurrentTimeInt64,
    };
    registrationResult = sqlite3_vfs_register(&bufferedVFS, 0);
}

int kubesim_wal_write_buffer_register(void) {
    pthread_once(&registration, registerOnce);
    return registrationResult;
}
