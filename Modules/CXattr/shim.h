// Extended attributes (the C library's own, no library to link): where Linux
// keeps a file's POSIX access control list, `system.posix_acl_access`.
#include <sys/xattr.h>
