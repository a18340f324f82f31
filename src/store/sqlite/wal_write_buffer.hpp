#pragma once

namespace tertulia::store::sqlite {

// The name of an SQLite VFS that is the default one except for write-ahead logs: the frames a
// transaction appends to its log are gathered in one buffer and handed to the kernel in large
// writes, instead of two system calls per page (a 24-byte frame header, then the page).
//
// Nothing written is held back past the point where SQLite relies on it: the buffer is written
// out before a sync, a read, a truncation or a size query of the log, before a write elsewhere
// in it, on close, and right after the last frame of a commit (whose header says so), so a
// commit is in the file before SQLite publishes it to other connections, synced or not.
//
// Registered on first use; nullptr (the default VFS) if SQLite could not register it.
const char* WalWriteBufferVfs();

}  // namespace tertulia::store::sqlite
