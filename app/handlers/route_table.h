/*
 * route_table: the shape of a row of the route table (routes.c) and the
 * table itself, for the files that run a request through it: the request
 * pipeline (dispatch.c) and the worker's memory (worker_memory.c).
 *
 * One row per route: method, path pattern, handler, who may reach it,
 * flags saying what its answer is and what may be kept of it, and the
 * template of its HTML page (NULL for JSON routes).  The HTML page and the
 * /api/v1 route of the same resource share one handler.  A path segment
 * written "{token:secret}" is a credential (a link's token): the request
 * log never shows it (http/router.h).
 */
#ifndef PORTAL_ROUTE_TABLE_H
#define PORTAL_ROUTE_TABLE_H

#include "handler.h"

enum access {
	ACCESS_ANYONE,
	ACCESS_SIGNED_IN,
	ACCESS_NATIONAL,	/* inz_staff, admin */
	ACCESS_NATIONAL_READ,	/* inz_staff, admin, partner: reads */
	/*
	 * Routes of the location named by {slug}.  A person with no role
	 * there gets 404, as if it had no such page (but for public pages,
	 * which show them the public part); national roles may read (GET)
	 * every location's pages but change none.
	 */
	ACCESS_LOC_PUBLIC,	/* anyone; the asker's role is known */
	ACCESS_LOC_SIGNED_IN,	/* anyone signed in, such as an applicant;
				 * the handler decides what they reach */
	ACCESS_LOC_READ,	/* any role */
	ACCESS_LOC_WRITE,	/* member, coordinator */
	ACCESS_LOC_MANAGE,	/* coordinator */
};

#define ROUTE_JSON	0x1	/* answers JSON, errors included */
#define ROUTE_FORM	0x2	/* a form anonymous people may post */
#define ROUTE_PUBLIC	0x4	/* the same for every anonymous visitor until
				 * public data changes: cached (http/cache.h) */
#define ROUTE_ROLE_VIEW	0x8	/* the view depends only on the location and
				 * the asker's role there (on a national
				 * route, on being national staff): kept in
				 * memory */
#define ROUTE_USER_VIEW	0x10	/* the view depends only on who asks (their
				 * own requests): kept in memory per user */
#define ROUTE_CSV	0x20	/* answers a CSV file (RFC 4180), errors as
				 * JSON */
#define ROUTE_ICS	0x40	/* answers iCalendar (RFC 5545), errors as
				 * JSON */
#define ROUTE_ATOM	0x100	/* answers an Atom feed (RFC 4287), errors as
				 * JSON */
#define ROUTE_FILE	0x80	/* JSON routes: a done answer is a file to
				 * save, ?format=csv as CSV, else JSON (the
				 * handler checks the value) */
#define ROUTE_ONE_CLICK	0x200	/* RFC 8058 one-click unsubscribe: a POST
				 * from a mail client, any body, no CSRF
				 * token or Origin (its URL's token is the
				 * proof: handlers/public/newsletter.c) */

struct route_def {
	enum http_method method;
	const char	*pattern;
	handler_fn	 handler;
	enum access	 access;
	int		 flags;
	const char	*template;	/* the HTML page; NULL for JSON; on an
					 * HTML route also the page that shows
					 * a refused form again (ctx_refused):
					 * 422, 409, 429 with the handler's
					 * view, never the error page */
	/* JSON routes: their answer is this member of the handler's view
	 * (which also builds the page's); NULL for the whole view. */
	const char	*json_member;
	/* JSON routes: members of the answer that only the page shows
	 * (options for its selects, its filter form), left out; a
	 * space-separated list of paths, "a.b" inside a (each item of an
	 * array). */
	const char	*json_omit;
};

/* The table, indexed by routes.c's enum route; routes_count rows. */
extern const struct route_def	 routes[];
extern const int		 routes_count;

#endif
