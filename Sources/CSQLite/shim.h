#ifndef TESSERA_CSQLITE_SHIM_H
#define TESSERA_CSQLITE_SHIM_H
#include <sqlite3.h>

/// SQLITE_TRANSIENT is a macro cast of -1 to a function pointer and does not import into Swift.
static inline void (*tessera_sqlite_transient(void))(void *) { return SQLITE_TRANSIENT; }
#endif
