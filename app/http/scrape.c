/*
 * scrape: the metrics endpoint's listener and answer (see scrape.h).
 *
 * HTTP/1.0, one request per connection: "GET /metrics" answers the text
 * format, anything else 404.  The child has five seconds in all (alarm),
 * so a client that never sends cannot keep it.
 */
#include <sys/socket.h>

#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "scrape.h"

#define SCRAPE_SECONDS	5

int
scrape_listen(const char *addr)
{
	struct addrinfo	 hints, *ai = NULL;
	char		 host[256];
	const char	*colon = strrchr(addr, ':');
	int		 fd = -1, one = 1;

	if (colon == NULL || (size_t)(colon - addr) >= sizeof(host)) {
		fprintf(stderr, "portald: PORTAL_METRICS_ADDR must be "
		    "host:port, not %s\n", addr);
		return -1;
	}
	memcpy(host, addr, (size_t)(colon - addr));
	host[colon - addr] = '\0';
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 ||
	    (fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) == -1 || listen(fd, 16) == -1) {
		fprintf(stderr, "portald: cannot listen for metrics on %s\n",
		    addr);
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	if (ai != NULL)
		freeaddrinfo(ai);
	return fd;
}

/* The outbox's backlog (sql/027), as gauges; nothing when unreachable. */
static void
write_outbox(struct buf *out, const char *database_url)
{
	const char	*keys[] = { "application_name", "connect_timeout",
			    "dbname", NULL };
	const char	*vals[] = { "portald-metrics", "2", database_url, NULL };
	PGconn		*conn = PQconnectdbParams(keys, vals, 1);
	PGresult	*res = NULL;
	int		 up = 0;

	if (PQstatus(conn) != CONNECTION_OK)
		goto out;
	res = PQexec(conn, "SELECT pending, failing, oldest_seconds "
	    "FROM outbox_backlog()");
	if (PQresultStatus(res) != PGRES_TUPLES_OK || PQntuples(res) != 1)
		goto out;
	up = 1;
	buf_printf(out, "# HELP portal_outbox_pending Messages waiting to "
	    "be sent.\n# TYPE portal_outbox_pending gauge\n"
	    "portal_outbox_pending %s\n"
	    "# HELP portal_outbox_failing Waiting messages that failed at "
	    "least once.\n# TYPE portal_outbox_failing gauge\n"
	    "portal_outbox_failing %s\n"
	    "# HELP portal_outbox_oldest_seconds Age of the oldest waiting "
	    "message.\n# TYPE portal_outbox_oldest_seconds gauge\n"
	    "portal_outbox_oldest_seconds %s\n", PQgetvalue(res, 0, 0),
	    PQgetvalue(res, 0, 1), PQgetvalue(res, 0, 2));
out:
	buf_printf(out, "# HELP portal_db_up Whether the scrape could read "
	    "the database.\n# TYPE portal_db_up gauge\nportal_db_up %d\n", up);
	PQclear(res);
	PQfinish(conn);
}

/* Reads the request head (enough of it to see the request line). */
static int
is_metrics_request(int fd)
{
	char	 head[1024];
	size_t	 have = 0;
	ssize_t	 n;

	while (have < sizeof(head) - 1 &&
	    (n = read(fd, head + have, sizeof(head) - 1 - have)) > 0) {
		have += (size_t)n;
		head[have] = '\0';
		if (strstr(head, "\r\n\r\n") != NULL ||
		    strstr(head, "\n\n") != NULL)
			break;
	}
	head[have] = '\0';
	return strncmp(head, "GET /metrics ", 13) == 0 ||
	    strncmp(head, "GET /metrics?", 13) == 0;
}

static void
answer(int fd, const char *database_url, metrics_route_fn label)
{
	struct buf	 body = BUF_INIT, head = BUF_INIT;

	if (is_metrics_request(fd)) {
		metrics_write(&body, label);
		write_outbox(&body, database_url);
		buf_printf(&head, "HTTP/1.0 200 OK\r\nContent-Type: text/plain; "
		    "version=0.0.4; charset=utf-8\r\n");
	} else {
		buf_puts(&body, "Only GET /metrics here.\n");
		buf_printf(&head, "HTTP/1.0 404 Not Found\r\nContent-Type: "
		    "text/plain; charset=utf-8\r\n");
	}
	if (!buf_failed(&body) && !buf_failed(&head)) {
		buf_printf(&head, "Content-Length: %zu\r\nConnection: close"
		    "\r\n\r\n", body.len);
		(void)!write(fd, buf_str(&head), head.len);
		(void)!write(fd, buf_str(&body), body.len);
	}
	buf_free(&head);
	buf_free(&body);
}

void
scrape_serve(int fd, const char *database_url, metrics_route_fn label)
{
	sigset_t	 none;
	pid_t		 pid;
	int		 conn;

	if ((conn = accept(fd, NULL, NULL)) == -1)
		return;
	if ((pid = fork()) == 0) {
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGALRM, SIG_DFL);
		alarm(SCRAPE_SECONDS);
		answer(conn, database_url, label);
		_exit(0);
	}
	close(conn);
}
