/*
 * metrics: what portald counts for Prometheus, in memory the master maps
 * before forking and every worker adds to (docs/deploy.md, "Metrics").
 *
 * Requests are counted per route and status with a latency histogram;
 * beside them a few counters (database errors, reconnects, worker
 * restarts, the public cache's and the kept views' hits and misses).
 * Adding is one relaxed atomic add on shared memory: no lock, no system
 * call on the request path.  Before metrics_init() (tests, portalctl)
 * every call is a no-op.
 */
#ifndef PORTAL_METRICS_H
#define PORTAL_METRICS_H

#include "buf.h"

#define METRICS_ROUTES	256	/* as many as the route table may hold */

enum metric {
	METRIC_DB_ERRORS,	/* a statement failed (SQL error) */
	METRIC_DB_UNAVAILABLE,	/* the database could not be reached */
	METRIC_DB_CONNECTS,	/* connections made, first ones included */
	METRIC_DB_LOST,		/* connections found broken */
	METRIC_WORKER_STARTS,
	METRIC_WORKER_RESTARTS,	/* a worker died and was replaced */
	METRIC_CACHE_HITS,	/* the anonymous public-page cache */
	METRIC_CACHE_MISSES,
	METRIC_VIEW_HITS,	/* kept working-group views */
	METRIC_VIEW_MISSES,
	METRIC_REPLICA_READS,	/* public pages read from the replica */
	METRIC_REPLICA_PASSED,	/* ... from the primary: it lagged or was
				 * down (db/replica.h) */
	METRIC_REPLICA_FAILED,	/* failed on the replica, answered again by
				 * the primary */
	METRIC__MAX,
};

/* Maps the shared counters; once, in the master, before forking. 0 or -1. */
int	metrics_init(void);
void	metrics_add(enum metric);
/* One answered request: its route (-1: none matched), status, time. */
void	metrics_request(int route, int status, long long us);

/* A route's labels for the text format: its method and pattern. */
typedef void (*metrics_route_fn)(int route, const char **method,
	    const char **pattern);

/*
 * Appends every metric in the Prometheus text format (version 0.0.4);
 * label names the routes.  Gauges read elsewhere (the outbox) are the
 * caller's to append.
 */
void	metrics_write(struct buf *, metrics_route_fn label);

#endif
