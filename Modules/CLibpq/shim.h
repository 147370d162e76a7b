// libpq, PostgreSQL's own client library (Debian: libpq-dev). Its header sits
// in a folder of its own, which this path names so no include flags are needed.
#include <postgresql/libpq-fe.h>
