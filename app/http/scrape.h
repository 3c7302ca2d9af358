/*
 * scrape: the Prometheus endpoint, a listener of its own beside the
 * FastCGI socket (docs/deploy.md, "Metrics").
 *
 * The master listens on PORTAL_METRICS_ADDR (a loopback address: nginx
 * never sees it, so it is not reachable from outside) and forks a short
 * child per scrape, which writes util/metrics.h's counters and the
 * outbox's backlog (read with its own database connection) and exits;
 * the master goes back to supervising at once.
 */
#ifndef PORTAL_SCRAPE_H
#define PORTAL_SCRAPE_H

#include "../util/metrics.h"

/* Listens on "host:port"; the socket, or -1 with the reason on stderr. */
int	scrape_listen(const char *addr);
/* Accepts one connection on fd and answers it from a child process. */
void	scrape_serve(int fd, const char *database_url, metrics_route_fn);

#endif
