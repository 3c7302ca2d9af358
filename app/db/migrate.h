/*
 * migrate: applying the numbered SQL files of a directory once each,
 * recording each in schema_migrations.
 */
#ifndef PORTAL_MIGRATE_H
#define PORTAL_MIGRATE_H

#include <libpq-fe.h>

/*
 * Applies, in name order, every "NNN_*.sql" file of dir not yet recorded
 * under prefix + file name, each in its own transaction, holding an
 * advisory lock so two runs cannot interleave.  Prints one line per file
 * applied.  Returns the number applied, or -1 after printing the error.
 */
int	migrate_dir(PGconn *, const char *dir, const char *prefix);
/* The same on a connection of its own to conninfo (a libpq connection
 * string or URI): a schema not made yet has no statements to prepare. */
int	migrate_url(const char *conninfo, const char *dir, const char *prefix);

#endif
