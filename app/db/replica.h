/*
 * replica: reading from a streaming replica only when it is up to date.
 *
 * With PORTAL_REPLICA_URL set, anonymous reads of public pages may come
 * from a read replica of the database, sparing the primary.  The
 * replica must have replayed every change this worker has heard of: each
 * time the worker drops kept copies because something changed
 * (handlers/worker_memory.c), replica_mark() notes how far the primary's
 * log had got, and replica_ready() lets the replica answer only once it has
 * replayed that far.  A page built from the replica is therefore never
 * older than the copies the worker would keep anyway.  When the replica
 * is down, lags, or no position is known, reads go to the primary.
 */
#ifndef PORTAL_REPLICA_H
#define PORTAL_REPLICA_H

#include "db.h"

struct replica;

/* A replica at conninfo, not yet connected; NULL on no memory. */
struct replica	*replica_new(const char *conninfo);
void		 replica_free(struct replica *);
/* Notes the primary's log position now (none, on failure: the replica
 * then waits for the next mark). */
void		 replica_mark(struct replica *, struct db *primary);
/* The replica's handle when it has replayed up to the last mark, else
 * NULL (read the primary).  r may be NULL (no replica configured). */
struct db	*replica_ready(struct replica *r);

#endif
