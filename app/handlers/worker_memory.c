/*
 * worker_memory: the worker's copies of answers and when they go (see
 * worker_memory.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../util/changes.h"
#include "../util/clock.h"
#include "../util/memo.h"
#include "../util/metrics.h"
#include "worker_memory.h"

#define VIEW_MEMO_SLOTS	256
#define PAGE_MEMO_SLOTS	64	/* rendered content is larger than a view */

static void
view_free(void *view)
{
	json_decref(view);
}

int
memory_init(struct app *app)
{
	if ((app->cache = cache_new()) == NULL ||
	    (app->sessions = auth_memo_new()) == NULL ||
	    (app->views = memo_new(VIEW_MEMO_SLOTS, view_free)) == NULL ||
	    (app->pages = memo_new(PAGE_MEMO_SLOTS, view_free)) == NULL)
		return -1;
	return 0;
}

static int
reads(const struct request *r)
{
	return r->method == HTTP_GET || r->method == HTTP_HEAD;
}

/*
 * Drops the copies set reached: who credentials belong to on a change of
 * identity; on a change of some locations' data, the views and public
 * pages of those locations and those that read every location (tag 0:
 * the national views, a person's own requests, the public pages of no
 * one location); on any other change, every view and page.
 */
static void
drop(struct app *app, const struct change_set *set)
{
	int	 i;

	if (set->identity)
		memo_clear(app->sessions);
	if (set->everything) {
		cache_clear(app->cache);
		memo_clear(app->views);
		memo_clear(app->pages);
		return;
	}
	if (set->nlocations == 0)
		return;
	for (i = -1; i < set->nlocations; i++) {
		cache_drop_tag(app->cache, i < 0 ? 0 : set->locations[i]);
		memo_drop_tag(app->views, i < 0 ? 0 : set->locations[i]);
		memo_drop_tag(app->pages, i < 0 ? 0 : set->locations[i]);
	}
}

/*
 * What this host's workers published (util/changes.h), what the database
 * announced, and in any case everything after a minute: a notice lost on
 * a half-open connection costs at most that.
 */
#define MEMORY_MAX_AGE_MS	60000
int
memory_sync(struct app *app)
{
	struct change_set set = { 0 };
	long long	 now = clock_ms();

	if (db_changed(app->db, &set) == -1)
		return -1;
	changes_since(&app->seen_changes, &set);
	if (now - app->memory_since > MEMORY_MAX_AGE_MS)
		set.everything = set.identity = 1;
	if (!changes_any(&set))
		return 0;
	drop(app, &set);
	if (set.everything)
		app->memory_since = now;
	/* What the replica must have replayed before it answers. */
	replica_mark(app->replica, app->db);
	return 0;
}

/*
 * A commit that touched a watched table has heard its own NOTIFYs by now
 * (delivered before the COMMIT's reply): what it changed, published for
 * the host's workers.  A failed sign-in, say, changed nothing and leaves
 * every copy in place.  What else was heard goes too: this worker's
 * memory_sync() reads it back from the ring.  A connection lost since the
 * COMMIT leaves what it changed unknown: everything.
 */
void
memory_committed(struct app *app)
{
	struct change_set set = { 0 };

	if (db_changed(app->db, &set) == -1)
		set.everything = set.identity = 1;
	if (changes_any(&set))
		changes_publish(&set);
}

/* ---------------------------------------------------------- public cache */

int
memory_public_get(struct ctx *c, int route)
{
	const struct request *r = c->req;

	if (!reads(r) || auth_presented(r) || memory_sync(c->app) == -1)
		return 0;
	/* The route (which fixes the format), the language, which may come
	 * from a cookie or Accept-Language, and the raw URI: decoded paths
	 * could make two addresses one key. */
	buf_printf(&c->public_key, "%d %s %s", route, i18n_code(c->lang),
	    r->uri);
	if (!buf_failed(&c->public_key) && cache_get(c->app->cache,
	    buf_str(&c->public_key), c->resp)) {
		metrics_add(METRIC_CACHE_HITS);
		return 1;
	}
	metrics_add(METRIC_CACHE_MISSES);
	return 0;
}

static int
sets_cookie(const struct response *resp)
{
	return strstr(buf_str(&resp->headers), "Set-Cookie:") != NULL;
}

void
memory_public_keep(struct ctx *c)
{
	if (c->public_key.len > 0 && !buf_failed(&c->public_key) &&
	    c->resp->status == 200 && !buf_failed(&c->resp->body) &&
	    !sets_cookie(c->resp))
		cache_put(c->app->cache, buf_str(&c->public_key), c->resp,
		    ctx_location_id(c));
}

/*
 * Lets nginx keep the answer to an anonymous read of a public page (a
 * ROUTE_PUBLIC route, no session cookie, no token) until the end of the
 * current second (its fastcgi_cache, nginx/local.conf.in):
 * X-Accel-Expires, which nginx alone reads and never forwards, while
 * browsers still get no-store.  nginx counts whole seconds: "1" would
 * keep a copy for one to two seconds, "@now" keeps it under one, so a
 * change reaches anonymous readers within a second of its commit (on one
 * host's clock; across hosts, plus their clocks' difference).  Nothing
 * else is ever kept there: nginx stores only answers that name their
 * lifetime, never one that sets a cookie (the language cookie of a first
 * ?lang=: called after that cookie is set), and neither reads nor stores
 * for a request with a session or a token.  Its key holds all that
 * decides the answer's language: the address with ?lang=, the language
 * cookie, Accept-Language.
 *
 * Whatever the status: when a copy expires, one request rebuilds it while
 * the readers arriving meanwhile get the old one (fastcgi_cache_use_stale
 * updating), so an answer nginx did not keep (a 404 for a page since
 * unpublished, a 503 while the database is away) would leave the old
 * page to them for as long as they keep coming.  Kept, it replaces it:
 * nginx's copy is portald's latest answer, less than a second old.
 */
void
memory_micro_cache(struct ctx *c, const struct route_def *route)
{
	char	 until[24];

	if (route == NULL || !(route->flags & ROUTE_PUBLIC) ||
	    !reads(c->req) || auth_presented(c->req) || sets_cookie(c->resp))
		return;
	snprintf(until, sizeof(until), "@%lld", (long long)time(NULL));
	response_header(c->resp, "X-Accel-Expires", until);
}

/* ------------------------------------------------- people and kept views */

int
memory_may_recall(struct ctx *c, int route)
{
	if (!reads(c->req) || !auth_presented(c->req) ||
	    memory_sync(c->app) == -1)
		return 0;
	c->remember = 1;
	c->keep_page = c->app->route_keeps_page[route];
	return 1;
}

int
memory_recall_person(struct ctx *c)
{
	return auth_recall(c->app->sessions, c->req, &c->auth);
}

/* A view is kept per route, role in the location (or user, for a
 * ROUTE_USER_VIEW: their requests in every location) and address. */
void
memory_view_key(struct ctx *c, int id)
{
	c->view_tag = routes[id].flags & ROUTE_USER_VIEW ? 0 :
	    ctx_location_id(c);
	if (routes[id].flags & ROUTE_USER_VIEW)
		buf_printf(&c->view_key, "%d %s user %lld %s", id,
		    i18n_code(c->lang), c->auth.user_id, c->req->uri);
	else
		buf_printf(&c->view_key, "%d %s %s %s", id,
		    i18n_code(c->lang), c->role != NULL ? c->role :
		    auth_partner(&c->auth) ? "partner" : "national",
		    c->req->uri);
}

/* Shared, not copied: nothing changes a view once it is built. */
int
memory_view_get(struct ctx *c)
{
	json_t	*view;

	if (buf_failed(&c->view_key) || (view = memo_get(c->app->views,
	    buf_str(&c->view_key))) == NULL)
		return 0;
	c->view = json_incref(view);
	return 1;
}

void
memory_remember(struct ctx *c, int status)
{
	if (!c->remember || status != 200 || c->auth.user == NULL)
		return;
	auth_remember(c->app->sessions, c->req, &c->auth);
	if (c->view_key.len > 0 && !buf_failed(&c->view_key) &&
	    c->view != NULL)
		memo_put_tagged(c->app->views, buf_str(&c->view_key),
		    json_incref(c->view), c->view_tag);
}
