/*
 * router: matching a request's method and path against route patterns.
 *
 * A pattern is a path whose segments are literals or "{name}"; a named
 * segment matches any one non-empty segment and is captured into the
 * request's params; "{name}.ics" matches a segment ending in ".ics" and
 * captures what comes before it.  "{name:secret}" captures the same way and marks the
 * segment as a credential (an invitation or reset link's token), which the
 * request log shows as "[redacted]".  A pattern ending in '/' needs the
 * trailing slash.
 * Patterns are compiled once at start-up (router_add); matching allocates
 * only the captured values.
 */
#ifndef PORTAL_ROUTER_H
#define PORTAL_ROUTER_H

#include "request.h"

#define ROUTER_MAX_ROUTES	512

enum router_miss {
	ROUTER_NOT_FOUND = -1,
	ROUTER_BAD_METHOD = -2,	/* the path exists; see the allow mask */
	ROUTER_ADD_SLASH = -3,	/* exists with a trailing slash (GET, HEAD) */
};

struct router;

struct router	*router_new(void);
void		 router_free(struct router *);
/* Adds a route answering with id; -1 on a malformed pattern or full table. */
int		 router_add(struct router *, enum http_method,
		    const char *pattern, int id);
/*
 * Returns the id of the route matching r (HEAD matches GET routes) with
 * its named segments added to r->params, or an enum router_miss.  For
 * ROUTER_BAD_METHOD, *allow has bit (1 << method) set for each method the
 * path answers.
 */
int		 router_match(const struct router *, struct request *r,
		    unsigned *allow);
/*
 * The segments of r's path that hold a credential: bit i is set when a
 * route whose segments match r's, whatever its method or trailing slash,
 * declares segment i "{name:secret}".  For the request log, which must
 * redact a token even in a request that no route answers as it stands.
 */
unsigned	 router_secrets(const struct router *, const struct request *r);
/*
 * Is target a local path that a GET route answers, so that a redirect to
 * it stays on this site?  Only a path of unreserved characters, '%' and
 * '/' that parses strictly and matches a route as it stands (no query, no
 * fragment, no added slash) qualifies; returns 1 or 0.
 */
int		 router_local_path(const struct router *, const char *target);
/* Writes "GET, HEAD, POST" for an allow mask into out. */
void		 router_allow_header(unsigned allow, struct buf *out);

#endif
