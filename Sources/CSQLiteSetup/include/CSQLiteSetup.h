#ifndef CSQLITESETUP_H
#define CSQLITESETUP_H

// Nothing to call: setup.c configures SQLite as the program loads.

#endif
