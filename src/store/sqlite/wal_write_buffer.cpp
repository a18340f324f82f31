#include "store/sqlite/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <cstddef>
#include <cstring>

namespace tertulia::store::sqlite {
namespace {

constexpr char kVfsName[] = "tertulia-wal-write-buffer";
// The default VFS writes at most 128 KiB - 1 per call (it masks larger sizes to 17 bits).
constexpr int kBufferBytes = 124 * 1024;
static_assert(kBufferBytes < 128 * 1024);
// A WAL frame header: page number, then the database size in pages after a commit (0 in every
// frame but a commit's last), salts and checksums. Big-endian.
constexpr int kFrameHeaderBytes = 24;

sqlite3_vfs* real_vfs = nullptr;

// A log file: our header, then the default VFS's file (szOsFile covers both).
struct LogFile {
  sqlite3_file base;
  char* buffer;         // sqlite3_malloc'd on the first write
  sqlite3_int64 start;  // the file offset of buffer[0]
  int used;             // bytes in buffer
  bool commit_follows;  // the last write was a commit frame's header: its page comes next

  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
  const sqlite3_io_methods& io() { return *real()->pMethods; }
};
static_assert(sizeof(LogFile) % alignof(std::max_align_t) == 0);

LogFile* AsLog(sqlite3_file* file) { return reinterpret_cast<LogFile*>(file); }

// On failure the bytes are dropped: SQLite fails the write, sync or read that needed them, and
// a commit whose frames are not all in the log is not recovered as one.
int Flush(LogFile& log) {
  if (log.used == 0) return SQLITE_OK;
  int bytes = log.used;
  log.used = 0;
  return log.io().xWrite(log.real(), log.buffer, bytes, log.start);
}

bool IsCommitFrameHeader(const void* data, int bytes) {
  if (bytes != kFrameHeaderBytes) return false;
  const auto* header = static_cast<const unsigned char*>(data);
  return (header[4] | header[5] | header[6] | header[7]) != 0;
}

int Append(LogFile& log, const void* data, int bytes, sqlite3_int64 offset) {
  bool contiguous = log.used > 0 && offset == log.start + log.used;
  if (!contiguous || log.used + bytes > kBufferBytes) {
    if (int rc = Flush(log); rc != SQLITE_OK) return rc;
    if (bytes > kBufferBytes) return log.io().xWrite(log.real(), data, bytes, offset);
    if (log.buffer == nullptr) {
      log.buffer = static_cast<char*>(sqlite3_malloc(kBufferBytes));
      if (log.buffer == nullptr) return log.io().xWrite(log.real(), data, bytes, offset);
    }
    log.start = offset;
  }
  std::memcpy(log.buffer + log.used, data, static_cast<size_t>(bytes));
  log.used += bytes;
  return SQLITE_OK;
}

int Write(sqlite3_file* file, const void* data, int bytes, sqlite3_int64 offset) {
  LogFile& log = *AsLog(file);
  if (int rc = Append(log, data, bytes, offset); rc != SQLITE_OK) return rc;
  if (log.commit_follows) {
    log.commit_follows = false;
    return Flush(log);
  }
  log.commit_follows = IsCommitFrameHeader(data, bytes);
  return SQLITE_OK;
}

int Close(sqlite3_file* file) {
  LogFile& log = *AsLog(file);
  int flushed = Flush(log);
  int closed = log.io().xClose(log.real());
  sqlite3_free(log.buffer);
  log.buffer = nullptr;
  return flushed != SQLITE_OK ? flushed : closed;
}

// `call(io, real)` on the real file, after writing the buffer out (Flushed) or as it is (OnReal).
template <typename Call>
int Flushed(sqlite3_file* file, Call call) {
  LogFile& log = *AsLog(file);
  if (int rc = Flush(log); rc != SQLITE_OK) return rc;
  return call(log.io(), log.real());
}
template <typename Call>
int OnReal(sqlite3_file* file, Call call) {
  return call(AsLog(file)->io(), AsLog(file)->real());
}

int Read(sqlite3_file* file, void* out, int bytes, sqlite3_int64 offset) {
  return Flushed(file, [&](auto& io, auto* real) { return io.xRead(real, out, bytes, offset); });
}
int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  return Flushed(file, [&](auto& io, auto* real) { return io.xTruncate(real, size); });
}
int Sync(sqlite3_file* file, int flags) {
  return Flushed(file, [&](auto& io, auto* real) { return io.xSync(real, flags); });
}
int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  return Flushed(file, [&](auto& io, auto* real) { return io.xFileSize(real, size); });
}
int FileControl(sqlite3_file* file, int op, void* arg) {
  return Flushed(file, [&](auto& io, auto* real) { return io.xFileControl(real, op, arg); });
}

// Locks, sector size and device characteristics are the real file's.
int Lock(sqlite3_file* file, int level) {
  return OnReal(file, [&](auto& io, auto* real) { return io.xLock(real, level); });
}
int Unlock(sqlite3_file* file, int level) {
  return OnReal(file, [&](auto& io, auto* real) { return io.xUnlock(real, level); });
}
int CheckReservedLock(sqlite3_file* file, int* out) {
  return OnReal(file, [&](auto& io, auto* real) { return io.xCheckReservedLock(real, out); });
}
int SectorSize(sqlite3_file* file) {
  return OnReal(file, [](auto& io, auto* real) { return io.xSectorSize(real); });
}
int DeviceCharacteristics(sqlite3_file* file) {
  return OnReal(file, [](auto& io, auto* real) { return io.xDeviceCharacteristics(real); });
}

// Shared memory and memory mapping belong to database files, never to a log; a log has neither.
int ShmMap(sqlite3_file*, int, int, int, void volatile**) { return SQLITE_IOERR_SHMMAP; }
int ShmLock(sqlite3_file*, int, int, int) { return SQLITE_IOERR_SHMLOCK; }
void ShmBarrier(sqlite3_file*) {}
int ShmUnmap(sqlite3_file*, int) { return SQLITE_OK; }
int Fetch(sqlite3_file*, sqlite3_int64, int, void** out) {
  *out = nullptr;  // "read it instead"
  return SQLITE_OK;
}
int Unfetch(sqlite3_file*, sqlite3_int64, void*) { return SQLITE_OK; }

constexpr sqlite3_io_methods kLogMethods = {3,
                                            Close,
                                            Read,
                                            Write,
                                            Truncate,
                                            Sync,
                                            FileSize,
                                            Lock,
                                            Unlock,
                                            CheckReservedLock,
                                            FileControl,
                                            SectorSize,
                                            DeviceCharacteristics,
                                            ShmMap,
                                            ShmLock,
                                            ShmBarrier,
                                            ShmUnmap,
                                            Fetch,
                                            Unfetch};

// Every file but a log is the default VFS's own, in place; a log is wrapped.
int Open(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  if ((flags & SQLITE_OPEN_WAL) == 0)
    return real_vfs->xOpen(real_vfs, name, file, flags, out_flags);
  LogFile* log = AsLog(file);
  *log = LogFile{};
  int rc = real_vfs->xOpen(real_vfs, name, log->real(), flags, out_flags);
  log->base.pMethods = log->real()->pMethods != nullptr ? &kLogMethods : nullptr;
  return rc;
}

sqlite3_vfs vfs;

}  // namespace

const char* WalWriteBufferVfs() {
  static const char* const registered = []() -> const char* {
    real_vfs = sqlite3_vfs_find(nullptr);
    if (real_vfs == nullptr) return nullptr;
    // The default VFS's functions, which read their own state from pAppData, kept as they are.
    vfs = *real_vfs;
    vfs.pNext = nullptr;
    vfs.zName = kVfsName;
    vfs.szOsFile = static_cast<int>(sizeof(LogFile)) + real_vfs->szOsFile;
    vfs.xOpen = Open;
    return sqlite3_vfs_register(&vfs, 0) == SQLITE_OK ? kVfsName : nullptr;
  }();
  return registered;
}

}  // namespace tertulia::store::sqlite
