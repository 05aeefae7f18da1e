#include "power_loss_vfs.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

/* One write not yet synced. */
typedef struct Pending {
    sqlite3_int64 offset;
    int length;
    unsigned char *bytes;
    struct Pending *next;
} Pending;

/* The unsynced writes of one path, in the order they were made, shared by the path's open files. */
typedef struct Node {
    char *path;
    int opens;
    Pending *head;
    Pending *tail;
    struct Node *next;
} Node;

typedef struct {
    sqlite3_file base;
    sqlite3_file *real;
    Node *node; /* NULL for files without a name (temporary files), which pass straight through */
} LossyFile;

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static Node *nodes;
static sqlite3_vfs *root;

static Node *nodeFor(const char *path) {
    for (Node *node = nodes; node; node = node->next) {
        if (strcmp(node->path, path) == 0) return node;
    }
    Node *node = calloc(1, sizeof(Node));
    if (!node) return NULL;
    node->path = strdup(path);
    if (!node->path) {
        free(node);
        return NULL;
    }
    node->next = nodes;
    nodes = node;
    return node;
}

static void dropPending(Node *node) {
    Pending *pending = node->head;
    while (pending) {
        Pending *next = pending->next;
        free(pending->bytes);
        free(pending);
        pending = next;
    }
    node->head = node->tail = NULL;
}

/* Writes what is kept for the node to the real file, in order, and forgets it. Called with the mutex held. */
static int writeBack(Node *node, sqlite3_file *real) {
    int rc = SQLITE_OK;
    for (Pending *pending = node->head; pending && rc == SQLITE_OK; pending = pending->next) {
        rc = real->pMethods->xWrite(real, pending->bytes, pending->length, pending->offset);
    }
    dropPending(node);
    return rc;
}

static sqlite3_int64 keptEnd(Node *node) {
    sqlite3_int64 end = 0;
    for (Pending *pending = node->head; pending; pending = pending->next) {
        if (pending->offset + pending->length > end) end = pending->offset + pending->length;
    }
    return end;
}

static int lossyClose(sqlite3_file *base) {
    LossyFile *file = (LossyFile *)base;
    int rc = SQLITE_OK;
    if (file->node) {
        pthread_mutex_lock(&mutex);
        if (--file->node->opens == 0) rc = writeBack(file->node, file->real);
        pthread_mutex_unlock(&mutex);
    }
    int closed = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
    return rc != SQLITE_OK ? rc : closed;
}

static int lossyRead(sqlite3_file *base, void *data, int amount, sqlite3_int64 offset) {
    LossyFile *file = (LossyFile *)base;
    if (!file->node) return file->real->pMethods->xRead(file->real, data, amount, offset);
    pthread_mutex_lock(&mutex);
    int rc = file->real->pMethods->xRead(file->real, data, amount, offset);
    if (rc == SQLITE_OK || rc == SQLITE_IOERR_SHORT_READ) {
        sqlite3_int64 end = offset + amount;
        for (Pending *pending = file->node->head; pending; pending = pending->next) {
            sqlite3_int64 from = pending->offset > offset ? pending->offset : offset;
            sqlite3_int64 to = pending->offset + pending->length < end ? pending->offset + pending->length : end;
            if (from < to) memcpy((unsigned char *)data + (from - offset), pending->bytes + (from - pending->offset), (size_t)(to - from));
        }
        if (rc == SQLITE_IOERR_SHORT_READ) {
            sqlite3_int64 size = 0;
            file->real->pMethods->xFileSize(file->real, &size);
            sqlite3_int64 kept = keptEnd(file->node);
            if ((kept > size ? kept : size) >= end) rc = SQLITE_OK;
        }
    }
    pthread_mutex_unlock(&mutex);
    return rc;
}

static int lossyWrite(sqlite3_file *base, const void *data, int amount, sqlite3_int64 offset) {
    LossyFile *file = (LossyFile *)base;
    if (!file->node) return file->real->pMethods->xWrite(file->real, data, amount, offset);
    Pending *pending = malloc(sizeof(Pending));
    unsigned char *bytes = malloc((size_t)amount);
    if (!pending || !bytes) {
        free(pending);
        free(bytes);
        return SQLITE_IOERR_NOMEM;
    }
    memcpy(bytes, data, (size_t)amount);
    *pending = (Pending){.offset = offset, .length = amount, .bytes = bytes, .next = NULL};
    pthread_mutex_lock(&mutex);
    if (file->node->tail) {
        file->node->tail->next = pending;
    } else {
        file->node->head = pending;
    }
    file->node->tail = pending;
    pthread_mutex_unlock(&mutex);
    return SQLITE_OK;
}

static int lossyTruncate(sqlite3_file *base, sqlite3_int64 size) {
    LossyFile *file = (LossyFile *)base;
    if (file->node) {
        pthread_mutex_lock(&mutex);
        Pending *kept = NULL, *last = NULL;
        for (Pending *pending = file->node->head, *next; pending; pending = next) {
            next = pending->next;
            pending->next = NULL;
            if (pending->offset >= size) {
                free(pending->bytes);
                free(pending);
                continue;
            }
            if (pending->offset + pending->length > size) pending->length = (int)(size - pending->offset);
            if (last) last->next = pending; else kept = pending;
            last = pending;
        }
        file->node->head = kept;
        file->node->tail = last;
        pthread_mutex_unlock(&mutex);
    }
    /* The size change itself reaches the file at once: a shorter file after a crash only drops bytes past
       what SQLite still uses. */
    sqlite3_int64 current = 0;
    int rc = file->real->pMethods->xFileSize(file->real, &current);
    if (rc != SQLITE_OK || current <= size) return rc;
    return file->real->pMethods->xTruncate(file->real, size);
}

static int lossySync(sqlite3_file *base, int flags) {
    LossyFile *file = (LossyFile *)base;
    if (file->node) {
        pthread_mutex_lock(&mutex);
        int rc = writeBack(file->node, file->real);
        pthread_mutex_unlock(&mutex);
        if (rc != SQLITE_OK) return rc;
    }
    return file->real->pMethods->xSync(file->real, flags);
}

static int lossyFileSize(sqlite3_file *base, sqlite3_int64 *size) {
    LossyFile *file = (LossyFile *)base;
    int rc = file->real->pMethods->xFileSize(file->real, size);
    if (rc != SQLITE_OK || !file->node) return rc;
    pthread_mutex_lock(&mutex);
    sqlite3_int64 kept = keptEnd(file->node);
    pthread_mutex_unlock(&mutex);
    if (kept > *size) *size = kept;
    return SQLITE_OK;
}

static int lossyLock(sqlite3_file *base, int lock) {
    return ((LossyFile *)base)->real->pMethods->xLock(((LossyFile *)base)->real, lock);
}

static int lossyUnlock(sqlite3_file *base, int lock) {
    return ((LossyFile *)base)->real->pMethods->xUnlock(((LossyFile *)base)->real, lock);
}

static int lossyCheckReservedLock(sqlite3_file *base, int *reserved) {
    return ((LossyFile *)base)->real->pMethods->xCheckReservedLock(((LossyFile *)base)->real, reserved);
}

static int lossyFileControl(sqlite3_file *base, int op, void *argument) {
    LossyFile *file = (LossyFile *)base;
    /* No memory mapping: reads must go through xRead to see the kept writes. */
    if (op == SQLITE_FCNTL_MMAP_SIZE) {
        *(sqlite3_int64 *)argument = 0;
        return SQLITE_OK;
    }
    return file->real->pMethods->xFileControl(file->real, op, argument);
}

static int lossySectorSize(sqlite3_file *base) {
    return ((LossyFile *)base)->real->pMethods->xSectorSize(((LossyFile *)base)->real);
}

static int lossyDeviceCharacteristics(sqlite3_file *base) {
    return ((LossyFile *)base)->real->pMethods->xDeviceCharacteristics(((LossyFile *)base)->real);
}

static int lossyShmMap(sqlite3_file *base, int region, int size, int extend, void volatile **memory) {
    return ((LossyFile *)base)->real->pMethods->xShmMap(((LossyFile *)base)->real, region, size, extend, memory);
}

static int lossyShmLock(sqlite3_file *base, int offset, int count, int flags) {
    return ((LossyFile *)base)->real->pMethods->xShmLock(((LossyFile *)base)->real, offset, count, flags);
}

static void lossyShmBarrier(sqlite3_file *base) {
    ((LossyFile *)base)->real->pMethods->xShmBarrier(((LossyFile *)base)->real);
}

static int lossyShmUnmap(sqlite3_file *base, int delete) {
    return ((LossyFile *)base)->real->pMethods->xShmUnmap(((LossyFile *)base)->real, delete);
}

static int lossyFetch(sqlite3_file *base, sqlite3_int64 offset, int amount, void **pointer) {
    (void)base;
    (void)offset;
    (void)amount;
    *pointer = NULL;
    return SQLITE_OK;
}

static int lossyUnfetch(sqlite3_file *base, sqlite3_int64 offset, void *pointer) {
    (void)base;
    (void)offset;
    (void)pointer;
    return SQLITE_OK;
}

static const sqlite3_io_methods lossyMethods = {
    3,
    lossyClose,
    lossyRead,
    lossyWrite,
    lossyTruncate,
    lossySync,
    lossyFileSize,
    lossyLock,
    lossyUnlock,
    lossyCheckReservedLock,
    lossyFileControl,
    lossySectorSize,
    lossyDeviceCharacteristics,
    lossyShmMap,
    lossyShmLock,
    lossyShmBarrier,
    lossyShmUnmap,
    lossyFetch,
    lossyUnfetch,
};

static int lossyOpen(sqlite3_vfs *vfs, const char *name, sqlite3_file *base, int flags, int *outFlags) {
    (void)vfs;
    LossyFile *file = (LossyFile *)base;
    memset(file, 0, sizeof(LossyFile));
    file->real = (sqlite3_file *)&file[1];
    int rc = root->xOpen(root, name, file->real, flags, outFlags);
    if (rc != SQLITE_OK) return rc;
    if (file->real->pMethods->iVersion < 3) {
        file->real->pMethods->xClose(file->real);
        return SQLITE_CANTOPEN;
    }
    if (name) {
        pthread_mutex_lock(&mutex);
        file->node = nodeFor(name);
        if (file->node) file->node->opens++;
        pthread_mutex_unlock(&mutex);
        if (!file->node) {
            file->real->pMethods->xClose(file->real);
            return SQLITE_NOMEM;
        }
    }
    file->base.pMethods = &lossyMethods;
    return SQLITE_OK;
}

static int vfsDelete(sqlite3_vfs *vfs, const char *name, int syncDirectory) {
    (void)vfs;
    pthread_mutex_lock(&mutex);
    for (Node *node = nodes; node; node = node->next) {
        if (strcmp(node->path, name) == 0) dropPending(node);
    }
    pthread_mutex_unlock(&mutex);
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

static sqlite3_vfs lossyVFS;
static pthread_once_t registration = PTHREAD_ONCE_INIT;
static int registrationResult = SQLITE_ERROR;

static void registerOnce(void) {
    root = sqlite3_vfs_find(NULL);
    if (!root || root->iVersion < 2) return;
    lossyVFS = (sqlite3_vfs){
        .iVersion = 2,
        .szOsFile = (int)sizeof(LossyFile) + root->szOsFile,
        .mxPathname = root->mxPathname,
        .zName = KUBESIM_POWER_LOSS_VFS,
        .xOpen = lossyOpen,
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
    registrationResult = sqlite3_vfs_register(&lossyVFS, 1);
}

int kubesim_power_loss_register(void) {
    pthread_once(&registration, registerOnce);
    return registrationResult;
}
