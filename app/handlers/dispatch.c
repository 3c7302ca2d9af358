/*
 * dispatch: the request pipeline (see routes.h).  For each request: match
 * it against the route table (routes.c), answer from the worker's memory
 * when a copy may serve (worker_memory.c), else open its transaction, load
 * who asks and choose the answer's language, check access (the role the
 * route's row asks for; row-level security checks again), refuse a
 * foreign Origin or a bad CSRF token on any change, run the handler, shape
 * its answer by the route's row (page or JSON), and commit or roll back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/identity.h"
#include "../db/location.h"
#include "../domain/role.h"
#include "../util/log.h"
#include "../util/metrics.h"
#include "../views/escape.h"
#include "../views/render.h"
#include "route_table.h"
#include "routes.h"
#include "answer_language.h"
#include "worker_memory.h"

void
routes_label(int id, const char **method, const char **pattern)
{
	*method = id >= 0 && id < routes_count ?
	    http_method_name(routes[id].method) : "";
	*pattern = id >= 0 && id < routes_count ? routes[id].pattern : "(none)";
}

void
routes_print(FILE *f)
{
	const char	*method, *pattern;
	int		 i;

	for (i = 0; i < routes_count; i++) {
		routes_label(i, &method, &pattern);
		fprintf(f, "%s %s\n", method, pattern);
	}
}

int
routes_init(struct app *app, struct buf *err)
{
	int	 i;

	if ((app->router = router_new()) == NULL || memory_init(app) == -1)
		return -1;
	if ((app->error_template = tmpl_find(app->templates, "error")) == -1) {
		buf_puts(err, "no template 'error'\n");
		return -1;
	}
	for (i = 0; i < routes_count; i++) {
		if (router_add(app->router, routes[i].method,
		    routes[i].pattern, i) == -1) {
			buf_printf(err, "route %s: malformed pattern\n",
			    routes[i].pattern);
			return -1;
		}
		app->route_template[i] = -1;
		if (routes[i].template != NULL &&
		    (app->route_template[i] = tmpl_find(app->templates,
		    routes[i].template)) == -1) {
			buf_printf(err, "route %s: no template '%s'\n",
			    routes[i].pattern, routes[i].template);
			return -1;
		}
		/* A kept view's page shares its content when the content
		 * reads nothing of the session (forms carry its CSRF). */
		app->route_keeps_page[i] = routes[i].flags & (ROUTE_ROLE_VIEW |
		    ROUTE_USER_VIEW) && app->route_template[i] != -1 &&
		    tmpl_block_reads(app->templates, app->route_template[i],
		    "content", "session") == 0;
	}
	return 0;
}

static int
changes_state(enum http_method m)
{
	return m != HTTP_GET && m != HTTP_HEAD && m != HTTP_OPTIONS;
}

/* GET /l/hamilton answers 308 to /l/hamilton/, keeping the query. */
static int
redirect_with_slash(struct ctx *c)
{
	struct buf	 loc = BUF_INIT;
	size_t		 i;

	for (i = 0; i < c->req->nsegments; i++) {
		buf_putc(&loc, '/');
		esc_url(&loc, c->req->segments[i], strlen(c->req->segments[i]));
	}
	buf_putc(&loc, '/');
	if (c->req->raw_query != NULL) {
		buf_putc(&loc, '?');
		buf_puts(&loc, c->req->raw_query);
	}
	if (!buf_failed(&loc))
		response_header(c->resp, "Location", buf_str(&loc));
	buf_free(&loc);
	return 308;
}

/* Anonymous: JSON clients get 401; browsers go to the sign-in page and
 * come back afterwards. */
static int
need_sign_in(struct ctx *c, const struct route_def *r)
{
	struct buf	 loc = BUF_INIT;

	if (r->flags & ROUTE_JSON)
		return ctx_fail(c, 401, "Sign in first.");
	buf_puts(&loc, "/login?next=");
	esc_url(&loc, c->req->path, strlen(c->req->path));
	response_header(c->resp, "Location", buf_str(&loc));
	buf_free(&loc);
	return 303;
}

/*
 * Sets c->location and c->role for a location route; 0 or a status.
 * People with no role there are turned away unless outsiders may come.
 */
static int
resolve_location(struct ctx *c, int outsiders)
{
	const char	*slug = request_param(c->req, "slug");
	json_t		*m = auth_membership(&c->auth, slug);
	enum db_status	 st;

	if (m != NULL) {
		c->role = json_string_value(json_object_get(m, "role"));
		c->location = json_pack("{s:O, s:O, s:O}", "id",
		    json_object_get(m, "location_id"), "slug",
		    json_object_get(m, "location"), "name",
		    json_object_get(m, "location_name"));
		return c->location != NULL ? 0 : ctx_fail(c, 500,
		    "Out of memory.");
	}
	if (!outsiders && auth_national_role(&c->auth) == NULL)
		return ctx_fail(c, 404, "There is no page at this address.");
	if ((st = db_location_ref(c->app->db, slug, &c->location)) != DB_OK)
		return ctx_db_fail(c, st);
	if (c->location == NULL)
		return ctx_fail(c, 404, "There is no settlement location at "
		    "this address.");
	return 0;
}

static int
check_access(struct ctx *c, const struct route_def *r)
{
	enum access	 access = r->access;
	int		 status;

	if (access == ACCESS_ANYONE)
		return 0;
	if (access == ACCESS_LOC_PUBLIC)
		return resolve_location(c, 1);
	if (c->auth.user == NULL)
		return need_sign_in(c, r);
	if (access == ACCESS_SIGNED_IN)
		return 0;
	if (access == ACCESS_LOC_SIGNED_IN)
		return resolve_location(c, 1);
	if (access == ACCESS_NATIONAL || (access == ACCESS_NATIONAL_READ &&
	    !auth_partner(&c->auth)))
		return auth_national_role(&c->auth) != NULL ? 0 :
		    ctx_fail(c, 403, "Only Immigration New Zealand settlement "
		    "staff can see national pages.");
	if (access == ACCESS_NATIONAL_READ)
		return 0;
	if ((status = resolve_location(c, 0)) != 0)
		return status;
	/* National staff, reading; a write route's GET is a form to fill. */
	if (c->role == NULL)
		return changes_state(c->req->method) ||
		    access == ACCESS_LOC_WRITE ? ctx_fail(c, 403,
		    "National staff can read every location but change none.")
		    : 0;
	if (access == ACCESS_LOC_READ)
		return 0;
	if (access == ACCESS_LOC_WRITE ? role_can_write(role_parse(c->role)) :
	    role_can_manage(role_parse(c->role)))
		return 0;
	return ctx_fail(c, 403, access == ACCESS_LOC_WRITE ?
	    "Observers can read the working group's pages but not change "
	    "them." : N_("Only the working group's coordinators can do this."));
}

/*
 * An anonymous form's CSRF token: the cookie's when the server signed it,
 * or a new one set now (which also replaces a cookie someone planted).
 */
static void
form_token(struct ctx *c)
{
	const char	*have = kvlist_get(&c->req->cookies, auth_form_cookie());

	if (have != NULL && token_form_valid(c->app->site.form_key, have)) {
		strncpy(c->form_token, have, sizeof(c->form_token) - 1);
		return;
	}
	token_form_new(c->app->site.form_key, c->form_token);
	ctx_cookie(c, auth_form_cookie(), c->form_token, 2 * 3600);
}

/* Why a state-changing request is refused, by auth_csrf_check()'s verdict. */
static const char *const csrf_refusals[] = {
	[CSRF_FOREIGN_ORIGIN] = N_("This request came from another site, not "
	    "from the portal's own pages (its Origin is not the portal's "
	    "address), so nothing was changed."),
	[CSRF_BAD_TOKEN] = N_("This form has expired or did not come from the "
	    "portal: reload the page and try again."),
};

/* --------------------------------------------------------- the pipeline */

/*
 * Answers a signed-in read of a working-group view from memory: the person
 * as remembered for their credential, the view as last built for their
 * role in that location.  Returns a status, or -1 to go the long way
 * (which remembers both: memory_remember()).
 */
static int
from_memory(struct ctx *c, int id)
{
	int	 status;

	if (!memory_may_recall(c, id))
		return -1;
	if (!memory_recall_person(c)) {
		metrics_add(METRIC_VIEW_MISSES);
		return -1;
	}
	lang_of_account(c);
	/* A new language for the account is a write: the long way. */
	if (lang_account_changes(c))
		goto forget;
	if ((status = check_access(c, &routes[id])) != 0)
		return status;
	memory_view_key(c, id);
	if (memory_view_get(c)) {
		metrics_add(METRIC_VIEW_HITS);
		return 200;
	}
	/* Known person, unknown view: all of it from the database. */
forget:
	metrics_add(METRIC_VIEW_MISSES);
	buf_reset(&c->view_key);
	auth_free(&c->auth);
	json_decref(c->location);
	c->location = NULL;
	c->role = NULL;
	return -1;
}

/*
 * The answer's format, fixed by the route's row before anything runs (the
 * CSRF check and the renderer read it; handlers never do).  A file route
 * answers what ?format= asks, CSV or JSON to save (the handler refuses
 * any other value); its errors, like every non-HTML route's, are JSON
 * (render_error()).
 */
static enum http_format
route_format(const struct route_def *r, const struct request *req)
{
	const char *file = kvlist_get(&req->query, "format");

	if (r->flags & ROUTE_FILE)
		return file != NULL && strcmp(file, "csv") == 0 ?
		    FORMAT_CSV : FORMAT_JSON_FILE;
	if (r->flags & ROUTE_CSV)
		return FORMAT_CSV;
	if (r->flags & ROUTE_ICS)
		return FORMAT_ICS;
	if (r->flags & ROUTE_ATOM)
		return FORMAT_ATOM;
	return r->flags & ROUTE_JSON ? FORMAT_JSON : FORMAT_HTML;
}

/*
 * An anonymous read of a public page: from the read replica when one is
 * configured and has replayed every change this worker has heard of
 * (db/replica.h), else from the primary; and from the primary again when
 * the replica failed under it, so a replica going away costs no answer.
 */
static int
public_read(struct ctx *c, int id)
{
	struct db	*primary = c->app->db, *standby;
	int		 status;

	if (c->app->replica == NULL)
		return routes[id].handler(c);
	if ((standby = replica_ready(c->app->replica)) == NULL) {
		metrics_add(METRIC_REPLICA_PASSED);
		return routes[id].handler(c);
	}
	c->app->db = standby;
	status = routes[id].handler(c);
	c->app->db = primary;
	metrics_add(status < 500 ? METRIC_REPLICA_READS : METRIC_REPLICA_FAILED);
	if (status < 500)
		return status;
	json_decref(c->view);
	json_decref(c->error_fields);
	json_decref(c->error_extra);
	c->view = c->error_fields = c->error_extra = NULL;
	c->error_code = NULL;
	c->again = 0;
	free(c->done);
	c->done = NULL;
	response_reset(c->resp);
	return routes[id].handler(c);
}

/* Leaves out of v the member at path (len bytes of it), in each item
 * of an array on the way. */
static void
omit_path(json_t *v, const char *path, size_t len)
{
	const char	*dot = memchr(path, '.', len);
	json_t		*item;
	size_t		 i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			omit_path(item, path, len);
		return;
	}
	if (dot == NULL) {
		json_object_deln(v, path, len);
		return;
	}
	omit_path(json_object_getn(v, path, dot - path), dot + 1,
	    len - (dot - path) - 1);
}

/*
 * The format decision, made here once for every handler: a refused form
 * is its page again on an HTML route and the error on a JSON one; a done
 * change is a 303 to its page for browsers and the view for JSON, which
 * is the route's member of it, less what only the page shows.
 */
static int
route_answer(struct ctx *c, const struct route_def *r, int status)
{
	const char	*p;
	json_t		*v;
	size_t		 n;

	if (!(r->flags & ROUTE_JSON)) {
		if (c->again != 0 && status == c->again)
			c->error_code = NULL;	/* the page says it */
		else if (c->done != NULL && c->error_code == NULL) {
			response_header(c->resp, "Location", c->done);
			return 303;
		}
		return status;
	}
	if (c->error_code != NULL || c->view == NULL)
		return status;
	if (r->json_member != NULL) {
		v = json_incref(json_object_get(c->view, r->json_member));
		json_decref(c->view);
		c->view = v;
	}
	for (p = r->json_omit; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0)
			omit_path(c->view, p, n);
	}
	return status;
}

/*
 * Matches the request to a row of the table: 0 with *id set, or the
 * status of an answer already recorded (a 404, a 405, a missing slash).
 */
static int
match_route(struct ctx *c, int *id)
{
	struct buf	 allow = BUF_INIT;
	unsigned	 methods;

	/* A body of a type no route reads (415) is refused after matching:
	 * a one-click unsubscribe takes any body (RFC 8058 section 3.1). */
	if (c->req->error_status != 0 && c->req->error_status != 415)
		return ctx_fail(c, c->req->error_status,
		    c->req->error_message);
	*id = router_match(c->app->router, c->req, &methods);
	if (c->req->error_status != 0 && (*id < 0 ||
	    !(routes[*id].flags & ROUTE_ONE_CLICK)))
		return ctx_fail(c, c->req->error_status,
		    c->req->error_message);
	switch (*id) {
	case ROUTER_NOT_FOUND:
		return ctx_fail(c, 404, "There is no page at this address.");
	case ROUTER_ADD_SLASH:
		return redirect_with_slash(c);
	case ROUTER_BAD_METHOD:
		router_allow_header(methods, &allow);
		response_header(c->resp, "Allow", buf_str(&allow));
		buf_free(&allow);
		return ctx_fail(c, 405, "This address does not answer that "
		    "method.");
	default:
		return 0;
	}
}

/*
 * Opens the request's transaction and loads who asks, unless it is an
 * anonymous read of a public page: that needs no transaction (and may
 * come from the read replica: public_read()).  0 or a status.
 */
static int
open_request(struct ctx *c, const struct route_def *r)
{
	enum db_status	 st;

	if (!auth_presented(c->req) && !changes_state(c->req->method) &&
	    (r->access == ACCESS_ANYONE || r->flags & ROUTE_PUBLIC))
		return 0;
	if ((st = db_begin(c->app->db)) != DB_OK ||
	    (st = auth_load(&c->auth, c->app->db, c->req)) != DB_OK)
		return ctx_db_fail(c, st);
	lang_of_account(c);
	return lang_remember(c);
}

/* Access, then the anonymous form's token, then CSRF and Origin on any
 * change.  0 or a status. */
static int
admit(struct ctx *c, const struct route_def *r)
{
	enum csrf_verdict verdict;
	int		 status;

	if ((status = check_access(c, r)) != 0)
		return status;
	if (r->flags & ROUTE_FORM && c->auth.user == NULL)
		form_token(c);
	if (changes_state(c->req->method) &&
	    !(r->flags & ROUTE_ONE_CLICK) && (verdict = auth_csrf_check(
	    &c->auth, c->req, &c->app->site)) != CSRF_OK)
		return ctx_fail(c, 403, csrf_refusals[verdict]);
	return 0;
}

/* Runs the route's handler.  A status is the handler's whole answer: none
 * is a bug, and must not pass for one (the transaction still ends). */
static int
run_handler(struct ctx *c, int id)
{
	char	 which[16];
	int	 status;

	status = db_in_transaction(c->app->db) ||
	    !(routes[id].flags & ROUTE_PUBLIC) ? routes[id].handler(c) :
	    public_read(c, id);
	if (status != 0)
		return status;
	/* The route's number, not its path: paths carry tokens. */
	snprintf(which, sizeof(which), "%d", id);
	log_msg(LOG_ERROR, "handler answered no status", "route=%s", which);
	return ctx_fail(c, 500, "Something went wrong on our side.");
}

/*
 * Routes the request and runs its handler.  Returns the answer's status;
 * *cached is set when c->resp was filled from the public cache instead,
 * which needs neither a transaction to end nor a view to render.
 */
static int
route_request(struct ctx *c, const struct route_def **route, int *cached)
{
	const struct route_def *r;
	int		 id = -1, status;

	if ((status = match_route(c, &id)) != 0)
		goto out;
	*route = r = &routes[id];
	c->req->format = route_format(r, c->req);
	c->page_default = r->flags & ROUTE_JSON ? PAGE_DEFAULT :
	    PAGE_DEFAULT_HTML;
	if (r->flags & ROUTE_PUBLIC && (*cached = memory_public_get(c, id))) {
		status = c->resp->status;
		goto out;
	}
	if (r->flags & (ROUTE_ROLE_VIEW | ROUTE_USER_VIEW) &&
	    (status = from_memory(c, id)) != -1)
		goto out;
	if ((status = open_request(c, r)) != 0 ||
	    (status = admit(c, r)) != 0)
		goto out;
	if (c->remember && c->view_key.len == 0)
		memory_view_key(c, id);
	status = route_answer(c, r, run_handler(c, id));
	memory_remember(c, status);
out:
	return status;
}

/* Commits what the request changed, unless it is answering an error. */
static int
finish_transaction(struct ctx *c, int status)
{
	int		 commit = (status < 400 || c->keep_writes) && status < 500;
	enum db_status	 st;

	if (!db_in_transaction(c->app->db))
		return status;
	if ((st = db_end(c->app->db, commit)) == DB_OK || !commit) {
		/* Before answering: siblings must not serve what changed. */
		if (st == DB_OK && commit && (changes_state(c->req->method) ||
		    c->wrote))
			memory_committed(c->app);
		return status;
	}
	json_decref(c->view);
	c->view = NULL;
	response_reset(c->resp);
	return ctx_db_fail(c, st);
}

int
routes_dispatch(struct app *app, struct request *req, struct response *resp)
{
	const struct route_def *route = NULL;
	struct ctx	 c;
	int		 status, cached = 0;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.req = req;
	c.resp = resp;
	resp->omit_body = req->method == HTTP_HEAD;
	lang_choose(&c);
	status = route_request(&c, &route, &cached);
	if (cached)
		goto done;
	status = finish_transaction(&c, status);
	resp->status = status;
	if (c.error_code != NULL)
		render_error(&c, status);
	else if (status >= 300 && status < 400)
		;	/* a redirect: headers only */
	else
		render_view(&c, status, route != NULL ?
		    app->route_template[route - routes] : -1);
	memory_public_keep(&c);
done:
	lang_cookie(&c);
	memory_micro_cache(&c, route);
	buf_free(&c.public_key);
	buf_free(&c.view_key);
	auth_free(&c.auth);
	json_decref(c.location);
	json_decref(c.view);
	json_decref(c.error_fields);
	json_decref(c.error_extra);
	free(c.done);
	return route != NULL ? (int)(route - routes) : -1;
}
