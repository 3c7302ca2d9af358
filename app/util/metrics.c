/*
 * metrics: the shared counters and their text format (see metrics.h).
 *
 * One cell per route and status: a count, the sum of the latencies and a
 * cumulative-on-output histogram.  Statuses are folded onto the few the
 * portal answers (statuses[]); anything else counts as "other".  The
 * table is mapped shared and anonymous, so pages nobody touches cost no
 * memory.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <sys/mman.h>

#include "metrics.h"

static const int statuses[] = {
	200, 201, 202, 204, 301, 303, 304, 308, 400, 401, 403, 404, 405,
	409, 413, 414, 415, 422, 429, 500, 502, 503, 0 /* other */
};
#define NSTATUS		(sizeof(statuses) / sizeof(statuses[0]))

/* Upper bounds in microseconds, and as Prometheus writes them (seconds). */
static const long long bounds_us[] = {
	1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000, 500000,
	1000000, 2500000
};
static const char *const bounds_s[] = {
	"0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1", "0.25",
	"0.5", "1", "2.5"
};
#define NBUCKET		(sizeof(bounds_us) / sizeof(bounds_us[0]))

struct cell {
	atomic_ulong	 count;
	atomic_ulong	 sum_us;
	atomic_ulong	 bucket[NBUCKET];	/* not cumulative */
};

struct shared {
	atomic_ulong	 counter[METRIC__MAX];
	/* the last row: requests no route matched */
	struct cell	 cell[METRICS_ROUTES + 1][NSTATUS];
};

static struct shared *m;

static const struct {
	const char	*name;
	const char	*help;
} counters[METRIC__MAX] = {
	[METRIC_DB_ERRORS] = { "portal_db_errors_total",
	    "Statements the database refused (SQL errors)." },
	[METRIC_DB_UNAVAILABLE] = { "portal_db_unavailable_total",
	    "Times a worker could not reach the database." },
	[METRIC_DB_CONNECTS] = { "portal_db_connects_total",
	    "Database connections made (first ones and reconnects)." },
	[METRIC_DB_LOST] = { "portal_db_connections_lost_total",
	    "Database connections found broken." },
	[METRIC_WORKER_STARTS] = { "portal_worker_starts_total",
	    "Workers started by the master." },
	[METRIC_WORKER_RESTARTS] = { "portal_worker_restarts_total",
	    "Workers that died and were replaced." },
	[METRIC_CACHE_HITS] = { "portal_public_cache_hits_total",
	    "Anonymous public pages answered from the cache." },
	[METRIC_CACHE_MISSES] = { "portal_public_cache_misses_total",
	    "Anonymous public pages built afresh." },
	[METRIC_VIEW_HITS] = { "portal_view_memo_hits_total",
	    "Signed-in views answered from memory." },
	[METRIC_VIEW_MISSES] = { "portal_view_memo_misses_total",
	    "Signed-in views built afresh." },
	[METRIC_REPLICA_READS] = { "portal_replica_reads_total",
	    "Public pages read from the replica." },
	[METRIC_REPLICA_PASSED] = { "portal_replica_passed_total",
	    "Public pages read from the primary: the replica lagged behind a "
	    "change or was down." },
	[METRIC_REPLICA_FAILED] = { "portal_replica_failed_total",
	    "Public pages that failed on the replica and were read again "
	    "from the primary." },
};

int
metrics_init(void)
{
	void *p = mmap(NULL, sizeof(*m), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	m = p;	/* zero-filled: every counter starts at 0 */
	return 0;
}

void
metrics_add(enum metric which)
{
	if (m != NULL)
		atomic_fetch_add_explicit(&m->counter[which], 1,
		    memory_order_relaxed);
}

static size_t
status_index(int status)
{
	size_t	 i;

	for (i = 0; i < NSTATUS - 1 && statuses[i] != status; i++)
		;
	return i;
}

void
metrics_request(int route, int status, long long us)
{
	struct cell	*c;
	size_t		 b;

	if (m == NULL)
		return;
	if (route < 0 || route >= METRICS_ROUTES)
		route = METRICS_ROUTES;
	if (us < 0)
		us = 0;
	c = &m->cell[route][status_index(status)];
	atomic_fetch_add_explicit(&c->count, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&c->sum_us, (unsigned long)us,
	    memory_order_relaxed);
	for (b = 0; b < NBUCKET && us > bounds_us[b]; b++)
		;
	if (b < NBUCKET)
		atomic_fetch_add_explicit(&c->bucket[b], 1,
		    memory_order_relaxed);
}

static unsigned long
load(atomic_ulong *v)
{
	return atomic_load_explicit(v, memory_order_relaxed);
}

/* {method="GET",route="/l/{slug}/",status="200"}: no pattern has '"'. */
static void
labels(struct buf *out, int route, size_t s, metrics_route_fn label,
    const char *le)
{
	const char	*method = "", *pattern = "(none)";

	if (route < METRICS_ROUTES)
		label(route, &method, &pattern);
	buf_printf(out, "{method=\"%s\",route=\"%s\",status=\"", method,
	    pattern);
	if (statuses[s] != 0)
		buf_printf(out, "%d\"", statuses[s]);
	else
		buf_puts(out, "other\"");
	if (le != NULL)
		buf_printf(out, ",le=\"%s\"", le);
	buf_puts(out, "}");
}

/* The histogram's lines of one cell (buckets written cumulative). */
static void
write_histogram(struct buf *out, int route, size_t s, metrics_route_fn label)
{
	struct cell	*c = &m->cell[route][s];
	unsigned long	 count = load(&c->count), sum = load(&c->sum_us);
	unsigned long	 seen = 0;
	size_t		 b;

	for (b = 0; b < NBUCKET; b++) {
		seen += load(&c->bucket[b]);
		buf_puts(out, "portal_request_duration_seconds_bucket");
		labels(out, route, s, label, bounds_s[b]);
		buf_printf(out, " %lu\n", seen);
	}
	buf_puts(out, "portal_request_duration_seconds_bucket");
	labels(out, route, s, label, "+Inf");
	buf_printf(out, " %lu\nportal_request_duration_seconds_sum", count);
	labels(out, route, s, label, NULL);
	buf_printf(out, " %lu.%06lu\nportal_request_duration_seconds_count",
	    sum / 1000000, sum % 1000000);
	labels(out, route, s, label, NULL);
	buf_printf(out, " %lu\n", count);
}

static void
write_count(struct buf *out, int route, size_t s, metrics_route_fn label)
{
	buf_puts(out, "portal_requests_total");
	labels(out, route, s, label, NULL);
	buf_printf(out, " %lu\n", load(&m->cell[route][s].count));
}

/* Each family's lines together, as the text format asks; cells no
 * request reached are left out. */
static void
write_cells(struct buf *out, metrics_route_fn label,
    void (*one)(struct buf *, int, size_t, metrics_route_fn))
{
	size_t	 s;
	int	 r;

	for (r = 0; r <= METRICS_ROUTES; r++)
		for (s = 0; s < NSTATUS; s++)
			if (load(&m->cell[r][s].count) != 0)
				one(out, r, s, label);
}

void
metrics_write(struct buf *out, metrics_route_fn label)
{
	size_t	 i;

	if (m == NULL)
		return;
	for (i = 0; i < METRIC__MAX; i++)
		buf_printf(out, "# HELP %s %s\n# TYPE %s counter\n%s %lu\n",
		    counters[i].name, counters[i].help, counters[i].name,
		    counters[i].name, load(&m->counter[i]));
	buf_puts(out, "# HELP portal_request_duration_seconds Time from "
	    "reading a request to writing its answer, by route and status.\n"
	    "# TYPE portal_request_duration_seconds histogram\n");
	write_cells(out, label, write_histogram);
	buf_puts(out, "# HELP portal_requests_total Requests answered, by "
	    "route and status.\n# TYPE portal_requests_total counter\n");
	write_cells(out, label, write_count);
}
