#include <sqlite3.h>
#include "CSQLiteSetup.h"

// Runs as the program loads, before anything opens a database: SQLite takes
// its configuration only before its first use. In C because sqlite3_config
// takes variable arguments, which Swift cannot pass.
//
// No memory statistics: keeping them takes a process-wide lock on each of
// SQLite's allocations (an import makes millions: about 5% of its time).
__attribute__((constructor)) static void gapdesk_sqlite_setup(void) {
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
