/*
 * stories: what a working group tells the public (sql/029) — a
 * location's stories list and one story's page (HTML and /api/v1 JSON),
 * its Atom feed (views/atom.c writes it), the working group's forms and
 * API to write and publish stories, a coordinator drawing a story from a
 * funding report whose applicant agreed to it, and the applicant
 * withdrawing that consent, which unpublishes the story at once.
 *
 * Any member or coordinator writes and edits the working group's own
 * stories; a story drawn from a report is the coordinator's alone,
 * starts as a draft, and names the person only when the latest report
 * lets it.  The database holds the same rules (a story without consent
 * cannot be made or published, and a new report that refuses unpublishes
 * it or clears its name: sql/029, sql/040).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../../db/stories.h"
#include "../../domain/role.h"
#include "../../http/validate.h"
#include "../../views/i18n.h"
#include "../fields.h"
#include "../funding/funding_request.h"

#define FEED_MAX	50	/* entries in a feed */

static const char *const story_boxes[] = { "published", NULL };

static const char *const story_field_ids[][2] = { { "title", NULL },
	{ "body", NULL }, { "language", NULL }, { "published", NULL },
	{ "request_id", NULL }, { "version", NULL }, { "byline", NULL },
	{ NULL, NULL } };

/* ------------------------------------------------------------ checking */

/* language: one of the portal's, stored as its code (English by
 * default). */
static void
check_language(struct ctx *c, json_t *in, json_t *values)
{
	const char	*lang = json_string_value(json_object_get(in,
			    "language"));
	int		 i;

	if (lang == NULL || lang[0] == '\0')
		lang = "en";
	if ((i = i18n_find(lang)) < 0) {
		ctx_field(c, "language", N_("must be one of the portal's "
		    "languages, such as en, mi, ar, fa-AF, my or es"));
		json_object_set_new(values, "language", json_string(lang));
	} else
		json_object_set_new(values, "language", json_string(
		    i18n_code(i)));
}

static void
story_check(struct ctx *c, json_t *in, json_t *values)
{
	field_in_text(c, in, values, "title", 1, 200, 0);
	field_in_text(c, in, values, "body", 1, 20000, 1);
	check_language(c, in, values);
	field_in_bool(c, in, values, "published");
}

/* A write the database refused on consent: the field at fault, or 0. */
static int
story_refused(struct ctx *c)
{
	const char	*constraint = db_constraint(c->app->db);

	if (strcmp(constraint, "stories_need_consent") == 0)
		ctx_field(c, "published", N_("cannot be published: the person "
		    "has not agreed, or has withdrawn their consent"));
	else if (strcmp(constraint, "stories_pseudonymous") == 0)
		ctx_field(c, "byline", N_("the person did not agree to be "
		    "named"));
	else
		return 0;
	return 1;
}

/* ------------------------------------------------------------- reading */

/* May the asker change story s: a member or coordinator, and for a
 * story drawn from a report, its location's coordinator. */
static int
may_write(const struct ctx *c, json_t *s)
{
	enum role	 r = role_parse(c->role);

	if (c->role == NULL || !role_can_write(r))
		return 0;
	return json_is_null(json_object_get(s, "request_id")) ||
	    json_object_get(s, "request_id") == NULL || role_can_manage(r);
}

static int
can_write(const struct ctx *c)
{
	return c->role != NULL && role_can_write(role_parse(c->role));
}

void
story_decorate(const struct ctx *c, json_t *s)
{
	const char	*at = json_string_value(json_object_get(s,
			    "published_at"));

	if (at != NULL && strlen(at) >= 10)
		json_object_set_new(s, "published_on", json_stringn(at, 10));
	json_object_set_new(s, "from_report", json_boolean(json_is_integer(
	    json_object_get(s, "request_id"))));
	json_object_set_new(s, "can_write", json_boolean(may_write(c, s)));
}

/* The route location's stories from ?cursor= as c->view (drafts too for
 * its working group): a page of ?limit=, or of max when it is not 0. */
static int
story_page(struct ctx *c, int drafts, long long max)
{
	struct keyset	 page;
	struct db_story_query q = { ctx_location_id(c), drafts, NULL, NULL,
			    0 };
	json_t		*rows = NULL;
	enum db_status	 st;
	long long	 limit;
	int		 status;

	if ((status = ctx_keyset_start(c, &page, max, valid_micros,
	    &q.after_key, &q.after_id, &limit)) != 0)
		return status;
	q.limit = limit + 1;
	st = db_stories_list(c->app->db, &q, &rows);
	return ctx_keyset_answer(c, st, rows, limit, story_decorate);
}

int
story_list(struct ctx *c)
{
	int	 status;

	if ((status = story_page(c, c->role != NULL, 0)) != 0)
		return status;
	json_object_set_new(c->view, "location", ctx_location_public(c));
	json_object_set_new(c->view, "can_write", json_boolean(can_write(c)));
	return 200;
}

/* Story {id} of the route's location into *s (new); or a status. */
static int
story_load(struct ctx *c, json_t **s)
{
	int	 status;

	if ((status = ctx_load_row(c, db_story_get, N_("There is no such story here."), s)) == 0)
		story_decorate(c, *s);
	return status;
}

int
story_show(struct ctx *c)
{
	json_t	*s;
	int	 status;

	if ((status = story_load(c, &s)) != 0)
		return status;
	c->view = s;
	return 200;
}

/* ---------------------------------------------------------------- feed */

/* The host of the site's address ("https://host:port/..."), into out. */
static void
site_host(const char *url, char *out, size_t outsz)
{
	const char	*p = strstr(url != NULL ? url : "", "://");
	size_t		 n;

	p = p != NULL ? p + 3 : "localhost";
	n = strcspn(p, ":/");
	snprintf(out, outsz, "%.*s", (int)n, n > 0 ? p : "localhost");
}

/* A story row as an Atom entry of the feed (views/atom.h); new. */
static json_t *
feed_entry(struct ctx *c, json_t *s, const char *group)
{
	const char	*byline = json_string_value(json_object_get(s,
			    "byline"));
	char		 id[80], link[600];

	snprintf(id, sizeof(id), "urn:uuid:%s", json_string_value(
	    json_object_get(s, "uid")));
	snprintf(link, sizeof(link), "%s/l/%s/stories/%lld",
	    c->app->site_url, json_string_value(json_object_get(s,
	    "location")), (long long)json_integer_value(json_object_get(s,
	    "id")));
	return json_pack("{s:s, s:O, s:O, s:O, s:s, s:s, s:O, s:O}", "id", id,
	    "title", json_object_get(s, "title"), "updated",
	    json_object_get(s, "updated_at"), "published",
	    json_object_get(s, "published_at"), "link", link, "author",
	    byline != NULL && byline[0] != '\0' ? byline : group, "body",
	    json_object_get(s, "body"), "language",
	    json_object_get(s, "language"));
}

/* The feed's own elements: ids, title, links and the newest update. */
static json_t *
feed_head(struct ctx *c, json_t *items, const char *group)
{
	const char	*slug = json_string_value(json_object_get(c->location,
			    "slug"));
	const char	*u, *updated = NULL;
	char		 host[256], id[400], self[600], alt[600], title[300];
	char		 now[32];
	time_t		 t = time(NULL);
	struct tm	 tm;
	json_t		*e;
	size_t		 i;

	json_array_foreach(items, i, e)
		if ((u = json_string_value(json_object_get(e, "updated"))) !=
		    NULL && (updated == NULL || strcmp(u, updated) > 0))
			updated = u;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	site_host(c->app->site_url, host, sizeof(host));
	snprintf(id, sizeof(id), "tag:%s,2026:stories:%s", host, slug);
	snprintf(self, sizeof(self), "%s/l/%s/stories.atom", c->app->site_url,
	    slug);
	snprintf(alt, sizeof(alt), "%s/l/%s/stories", c->app->site_url, slug);
	snprintf(title, sizeof(title), ctx_text(c, N_("Stories from %s")),
	    json_string_value(json_object_get(c->location, "name")));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", id,
	    "title", title, "updated", updated != NULL ? updated : now,
	    "self", self, "alternate", alt, "author", group, "lang",
	    i18n_code(c->lang));
}

/* The location's published stories as an Atom feed. */
int
story_feed(struct ctx *c)
{
	json_t	*items, *s;
	char	 group[300];
	size_t	 i;
	int	 status;

	if ((status = story_page(c, 0, FEED_MAX)) != 0)
		return status;
	snprintf(group, sizeof(group), ctx_text(c, N_("%s working group")),
	    json_string_value(json_object_get(c->location, "name")));
	items = json_array();
	json_array_foreach(json_object_get(c->view, "items"), i, s)
		json_array_append_new(items, feed_entry(c, s, group));
	json_decref(c->view);
	c->view = json_pack("{s:o, s:o}", "feed", feed_head(c, items, group),
	    "items", items);
	return c->view != NULL ? 200 : ctx_fail(c, 500, N_("Out of memory."));
}

/* ------------------------------------------------------------- writing */

/* The form's page around values (stolen). */
static int
story_form_page(struct ctx *c, json_t *values, int status)
{
	json_t		*langs = json_array();
	const char	*chosen = json_string_value(json_object_get(values,
			    "language"));
	size_t		 i;

	for (i = 0; i < i18n_nlangs; i++)
		json_array_append_new(langs, json_pack("{s:s, s:s, s:b}",
		    "code", i18n_langs[i].code, "name", i18n_langs[i].name,
		    "selected", chosen != NULL && strcmp(chosen,
		    i18n_langs[i].code) == 0));
	json_object_set_new(values, "language_options", langs);
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    story_field_ids)));
	return status;
}

int
story_new_form(struct ctx *c)
{
	return story_form_page(c, json_pack("{s:s, s:b}", "language",
	    i18n_code(c->lang), "published", 0), 200);
}

/* Answers a saved story: it as it is now, or a browser to where. */
static int
story_saved(struct ctx *c, long long id, const char *action, int status,
    const char *where)
{
	char		 to[200];
	json_t		*s = NULL;
	enum db_status	 st;

	if ((st = db_story_get(c->app->db, ctx_location_id(c), id, &s)) !=
	    DB_OK || s == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	if ((st = ctx_audit(c, action, json_pack("{s:I, s:O, s:O, s:O}",
	    "story_id", (json_int_t)id, "title", json_object_get(s, "title"),
	    "published", json_object_get(s, "published"), "request_id",
	    json_object_get(s, "request_id")))) != DB_OK) {
		json_decref(s);
		return ctx_db_fail(c, st);
	}
	story_decorate(c, s);
	json_decref(c->view);
	c->view = s;
	snprintf(to, sizeof(to), "/l/%s/stories/%lld%s", json_string_value(
	    json_object_get(c->location, "slug")), id, where);
	return ctx_done(c, status, to);
}

/* The outcome of a write of values: 0, or the form again (422) or a
 * database failure. */
static int
story_written(struct ctx *c, enum db_status st, json_t *values)
{
	if (st == DB_OK)
		return 0;
	if (st == DB_ERROR && story_refused(c))
		return story_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	return ctx_db_fail(c, st);
}

/* Sets in's member name to the source's when in has none. */
static void
default_from(json_t *in, json_t *src, const char *name, const char *from)
{
	const char	*v = json_string_value(json_object_get(in, name));

	if (v == NULL || v[0] == '\0')
		json_object_set(in, name, json_object_get(src, from));
}

/*
 * A story drawn from request id's report: only a coordinator may, only
 * when its latest report's applicant agreed; it starts as a draft with
 * the request's title and the report's text unless given others, and
 * names the person only when they chose it.  0, or a status.
 */
static int
story_from_report(struct ctx *c, long long id, json_t *in, json_t *values)
{
	json_t		*src = NULL;
	enum db_status	 st;
	int		 named;

	if (!role_can_manage(role_parse(c->role)))
		return ctx_fail(c, 403, N_("Only the working group's "
		    "coordinator may draw a story from a funding report."));
	if ((st = db_story_source(c->app->db, ctx_location_id(c), id,
	    &src)) != DB_OK)
		return ctx_db_fail(c, st);
	if (src == NULL || !json_is_true(json_object_get(src,
	    "story_consent"))) {
		json_decref(src);
		ctx_field(c, "request_id", N_("has no report whose applicant "
		    "agreed to a public story"));
		/* The form again as typed. */
		default_from(values, in, "title", "title");
		default_from(values, in, "body", "body");
		default_from(values, in, "language", "language");
		return story_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	}
	default_from(in, src, "title", "title");
	default_from(in, src, "body", "body");
	default_from(in, src, "language", "language");
	json_object_set_new(in, "published", json_false());
	named = json_is_true(json_object_get(src, "story_named"));
	json_object_set_new(values, "request_id", json_integer(id));
	json_object_set_new(values, "byline", named ? json_incref(
	    json_object_get(src, "applicant_name")) : json_string(""));
	json_decref(src);
	return 0;
}

int
story_create(struct ctx *c)
{
	json_t		*in = field_in_request(c, NULL, story_boxes);
	json_t		*values = json_object(), *row = NULL;
	long long	 id, from = field_in_id(c, in, "request_id", N_("must be "
			    "the number of one of this location's funding "
			    "requests"));
	int		 status = 0;

	if (from > 0)
		status = story_from_report(c, from, in, values);
	else
		json_object_set(values, "byline", json_object_get(c->auth.user,
		    "display_name"));
	if (status == 0)
		story_check(c, in, values);
	json_decref(in);
	if (status == 0 && c->error_fields != NULL)
		status = story_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	else if (status == 0)
		status = story_written(c, db_story_create(c->app->db,
		    ctx_location_id(c), c->auth.user_id, values, &row), values);
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	json_decref(values);
	/* A drawn story opens for editing: the coordinator reads it over. */
	return status != 0 ? status : story_saved(c, id, "story_created", 201,
	    from > 0 ? "/edit" : "");
}

/* Story {id} into *s (new) when the asker may change it; or a status. */
static int
story_load_writable(struct ctx *c, json_t **s)
{
	int	 status;

	if ((status = story_load(c, s)) != 0)
		return status;
	if (may_write(c, *s))
		return 0;
	json_decref(*s);
	*s = NULL;
	return ctx_fail(c, 403, N_("Only the working group's coordinator may "
	    "change a story drawn from a funding report."));
}

int
story_edit_form(struct ctx *c)
{
	json_t	*s;
	int	 status;

	if ((status = story_load_writable(c, &s)) != 0)
		return status;
	json_object_set_new(s, "editing", json_true());
	return story_form_page(c, s, 200);
}

int
story_edit(struct ctx *c)
{
	json_t		*cur, *in, *values = json_object(), *row = NULL;
	long long	 version, id = ctx_param_id(c, "id");
	int		 status;

	if ((status = story_load_writable(c, &cur)) != 0) {
		json_decref(values);
		return status;
	}
	/* A PATCH changes what it names; a form sends every field. */
	in = field_in_request(c, NULL, story_boxes);
	json_object_update_missing(in, c->req->json != NULL ? cur : NULL);
	version = field_version(c);
	story_check(c, in, values);
	json_decref(in);
	json_object_set_new(values, "editing", json_true());
	/* What the form shows but does not change (sql/029 may refuse it). */
	json_object_set(values, "byline", json_object_get(cur, "byline"));
	json_object_set(values, "from_report", json_object_get(cur,
	    "from_report"));
	json_object_set_new(values, "id", json_integer(id));
	json_object_set_new(values, "version", json_integer(version));
	if (c->error_fields != NULL)
		status = story_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	else if ((status = story_written(c, db_story_save(c->app->db,
	    ctx_location_id(c), id, version, values, &row), values)) == 0 &&
	    row == NULL)
		status = story_form_page(c, json_incref(values), ctx_conflict(c,
		    N_("Someone changed this story while you were editing it: "
		    "compare, then save again."), json_incref(cur)));
	json_decref(values);
	json_decref(row);
	json_decref(cur);
	return status != 0 ? status : story_saved(c, id, "story_changed", 200,
	    "");
}

/* ------------------------------------------------------------- consent */

/*
 * The applicant withdraws their consent to stories from their request's
 * reports: the database unpublishes every story drawn from it in the
 * same transaction, so the public pages and the feed drop it at once.
 */
int
story_consent_withdraw(struct ctx *c)
{
	struct standing	 s;
	json_t		*req;
	long		 changed = 0;
	long long	 id;
	char		 to[200];
	enum db_status	 st;
	int		 status;

	if ((status = request_load(c, 0, &req, &s)) != 0)
		return status;
	id = json_integer_value(json_object_get(req, "id"));
	json_decref(req);
	if (!s.applicant)
		return ctx_fail(c, 403, N_("Only the applicant can withdraw "
		    "their consent to a story."));
	if ((st = db_story_consent_withdraw(c->app->db, ctx_location_id(c),
	    id, &changed)) != DB_OK || (changed > 0 && (st = ctx_audit(c,
	    "story_consent_withdrawn", json_pack("{s:I}", "request_id",
	    (json_int_t)id))) != DB_OK))
		return ctx_db_fail(c, st);
	json_decref(c->view);
	c->view = json_pack("{s:I, s:b}", "request_id", (json_int_t)id,
	    "story_consent", 0);
	request_url(c, id, to, sizeof(to));
	return ctx_done(c, 200, to);
}
