/*
 * directory: a location's service directory (sql/021) — the public list
 * with full-text search and filters by category and by language offered
 * (a page, /api/v1 JSON and a CSV file), one service's page, and the
 * working group's forms and API to add, edit and remove services.  A
 * service is kept by one location and may be listed in others (a
 * national service, entered once); only its keeper's members and
 * coordinators change it.  directory_import.c reads many at once.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/directory.h"
#include "../../domain/spoken.h"
#include "../../domain/vocab.h"
#include "../../domain/role.h"
#include "../../http/validate.h"
#include "../../views/escape.h"
#include "directory.h"
#include "../fields.h"

#define CSV_ROWS_MAX		5000	/* a directory's CSV, whole */

const char *const directory_columns[] = { "name", "organisation",
	"description", "categories", "languages", "eligibility", "free",
	"cost", "hours", "address", "phone", "email", "website",
	"accessibility", "checked_on", "language", "locations", NULL };

/* The text fields: name, least and most code points, several lines. */
static const struct service_text {
	const char	*name;
	size_t		 min, max;
	int		 multiline;
} service_texts[] = {
	{ "name", 1, 200, 0 }, { "organisation", 1, 200, 0 },
	{ "description", 0, 2000, 1 }, { "eligibility", 0, 500, 1 },
	{ "cost", 0, 200, 0 }, { "hours", 0, 300, 0 },
	{ "address", 0, 300, 1 }, { "phone", 0, 40, 0 },
	{ "email", 0, 254, 0 }, { "website", 0, 500, 0 },
	{ "accessibility", 0, 500, 1 },
};
#define NTEXTS	(sizeof(service_texts) / sizeof(service_texts[0]))

static const char phone_chars[] = "0123456789 +()-.";

/* ------------------------------------------------------------ checking */

static const char *
text_of(json_t *values, const char *name)
{
	const char	*v = json_string_value(json_object_get(values, name));

	return v != NULL ? v : "";
}

/* A category is one of the five outcome areas or the seven areas (the
 * two share no key). */
static const char *
category_name(const char *key)
{
	const char	*name = vocab_name(vocab_outcomes, key);

	return name != NULL ? name : vocab_name(vocab_areas, key);
}

static int
category_ok(const char *key)
{
	return category_name(key) != NULL;
}

static int
language_ok(const char *code)
{
	return spoken_find(code) != NULL;
}

static int
slug_ok(const char *slug)
{
	return valid_slug(slug) == NULL;
}

/* The list fields: each item checked by ok, at least min and at most max
 * of them; bad is said of a bad item or too many, none of too few. */
static const struct service_list {
	const char	*name;
	int		(*ok)(const char *);
	size_t		 min, max;
	const char	*bad, *none;
} service_lists[] = {
	{ "categories", category_ok, 1, 12, N_("must be outcome areas or "
	    "framework areas, such as employment or health_wellbeing"),
	    N_("choose at least one") },
	{ "languages", language_ok, 1, 40, N_("must be at most 40 language "
	    "codes the portal knows, such as en, ar, fa-AF or my"),
	    N_("is required: the languages the service is offered in") },
	{ "locations", slug_ok, 0, 30, N_("must be the addresses (slugs) of "
	    "locations, such as nelson or palmerston-north"), NULL },
};
#define NLISTS	(sizeof(service_lists) / sizeof(service_lists[0]))

static void
check_list(struct ctx *c, json_t *in, json_t *values,
    const struct service_list *l)
{
	json_t	*list, *k;
	size_t	 i;
	int	 bad;

	list = field_in_list(in, l->name, &bad);
	json_array_foreach(list, i, k)
		if (!l->ok(json_string_value(k)))
			bad = 1;
	if (bad || json_array_size(list) > l->max)
		ctx_field(c, l->name, l->bad);
	else if (json_array_size(list) < l->min)
		ctx_field(c, l->name, l->none);
	json_object_set_new(values, l->name, list);
}

/* checked_on, a date or empty; language, the entry's own (English when
 * not given). */
static void
check_dates_language(struct ctx *c, json_t *in, json_t *values)
{
	const char	*day = json_string_value(json_object_get(in,
			    "checked_on"));
	const char	*lang = json_string_value(json_object_get(in,
			    "language"));
	json_t		*given = json_object_get(in, "checked_on");
	int		 y, m, d;

	if (given != NULL && !json_is_null(given) && day == NULL)
		ctx_field(c, "checked_on", N_("must be a date such as "
		    "2026-11-30"));
	else if (day == NULL || day[0] == '\0')
		json_object_set_new(values, "checked_on", json_null());
	else if (valid_date(day, &y, &m, &d) != NULL)
		ctx_field(c, "checked_on", N_("must be a date such as "
		    "2026-11-30"));
	else
		json_object_set_new(values, "checked_on", json_string(day));
	if (lang == NULL || lang[0] == '\0')
		lang = "en";
	if (spoken_find(lang) == NULL)
		ctx_field(c, "language", N_("must be one of the language codes "
		    "the portal knows, such as ar, fa-AF, my or so"));
	json_object_set_new(values, "language", json_string(lang));
}

/* Ways to reach the service, each as its kind must be written. */
static void
check_contact(struct ctx *c, json_t *values)
{
	const char	*phone = text_of(values, "phone");
	const char	*email = text_of(values, "email");
	const char	*web = text_of(values, "website");

	if (phone[strspn(phone, phone_chars)] != '\0')
		ctx_field(c, "phone", N_("may have only digits, spaces and "
		    "+ ( ) - ."));
	if (email[0] != '\0' && valid_email(email) != NULL)
		ctx_field(c, "email", N_("must be an email address such as "
		    "name@example.org"));
	if (web[0] != '\0' && strncmp(web, "https://", 8) != 0 &&
	    strncmp(web, "http://", 7) != 0)
		ctx_field(c, "website", N_("must be a web address starting "
		    "with https://"));
	if (phone[0] == '\0' && email[0] == '\0' && web[0] == '\0' &&
	    text_of(values, "address")[0] == '\0')
		ctx_field(c, "phone", N_("give at least one way to reach the "
		    "service: a phone, an email, a website or an address"));
}

void
directory_check(struct ctx *c, json_t *in, json_t *values)
{
	size_t	 i;

	for (i = 0; i < NTEXTS; i++)
		field_in_text(c, in, values, service_texts[i].name,
		    service_texts[i].min, service_texts[i].max,
		    service_texts[i].multiline);
	for (i = 0; i < NLISTS; i++)
		check_list(c, in, values, &service_lists[i]);
	field_in_bool(c, in, values, "free");
	check_dates_language(c, in, values);
	check_contact(c, values);
}

enum db_status
directory_locations_known(struct ctx *c, json_t *values)
{
	json_t		*unknown = NULL;
	enum db_status	 st;

	st = db_locations_unknown(c->app->db, json_object_get(values,
	    "locations"), &unknown);
	if (st == DB_OK && json_array_size(unknown) > 0)
		ctx_field(c, "locations", N_("names a location the portal does "
		    "not know"));
	json_decref(unknown);
	return st;
}

enum db_status
directory_create(struct ctx *c, json_t *values, long long *id)
{
	json_t		*row = NULL;
	enum db_status	 st;

	*id = 0;
	st = db_service_create(c->app->db, ctx_location_id(c),
	    c->auth.user_id, values, &row);
	if (st == DB_OK && row == NULL)
		st = DB_ERROR;
	if (st == DB_OK) {
		*id = json_integer_value(json_object_get(row, "id"));
		st = db_service_list_at(c->app->db, ctx_location_id(c), *id,
		    json_object_get(values, "locations"));
	}
	json_decref(row);
	return st;
}

/* ------------------------------------------------------------- reading */

/* [{key, name}] of categories (an array); new. */
static json_t *
category_names(json_t *keys)
{
	json_t	*out = json_array(), *k;
	size_t	 i;

	json_array_foreach(keys, i, k)
		json_array_append_new(out, json_pack("{s:O, s:s?}", "key", k,
		    "name", category_name(json_string_value(k))));
	return out;
}

/* Adds the names people read to a service: its categories' and
 * languages' (in the page's language), and whether the asker may
 * change it. */
static void
service_decorate(const struct ctx *c, json_t *s)
{
	const char	*slug = json_string_value(json_object_get(c->location,
			    "slug"));
	const char	*kept = json_string_value(json_object_get(s,
			    "kept_by"));

	json_object_set_new(s, "category_names", category_names(
	    json_object_get(s, "categories")));
	json_object_set_new(s, "language_names", spoken_named(
	    json_object_get(s, "languages"), c->lang));
	json_object_set_new(s, "kept_here", json_boolean(kept != NULL &&
	    slug != NULL && strcmp(kept, slug) == 0));
}

static int
can_write(const struct ctx *c)
{
	return c->role != NULL && role_can_write(role_parse(c->role));
}

/* The list's filters from the query: 0, or -1 with fields recorded. */
struct directory_query {
	struct db_service_query	 db;
	struct keyset		 page;
};

static int
directory_query(struct ctx *c, struct directory_query *dq)
{
	const char	*q = kvlist_get(&c->req->query, "q");
	const char	*lang = kvlist_get(&c->req->query, "language");

	memset(dq, 0, sizeof(*dq));
	dq->db.location_id = ctx_location_id(c);
	dq->db.q = q != NULL && q[strspn(q, " ")] != '\0' ? q : NULL;
	if (dq->db.q != NULL && strlen(dq->db.q) > 200)
		ctx_field(c, "q", N_("can be at most 200 characters"));
	dq->db.category = kvlist_get(&c->req->query, "category");
	if (dq->db.category != NULL && dq->db.category[0] == '\0')
		dq->db.category = NULL;
	if (dq->db.category != NULL && !category_ok(dq->db.category))
		ctx_field(c, "category", N_("is not one of the values this "
		    "list knows"));
	dq->db.language = lang != NULL && lang[0] != '\0' ? lang : NULL;
	if (dq->db.language != NULL && spoken_find(dq->db.language) == NULL)
		ctx_field(c, "language", N_("is not one of the language codes "
		    "the portal knows"));
	ctx_keyset_page(c, &dq->page, NULL);
	if (dq->page.has_cursor) {
		dq->db.after_key = dq->page.key;
		dq->db.after_id = dq->page.id;
	}
	dq->db.limit = dq->page.limit + 1;
	return c->error_fields != NULL ? -1 : 0;
}

/* The query string of this list, without paging, for links. */
static void
filter_query(struct buf *out, const struct directory_query *dq)
{
	const char *const names[] = { "q", "category", "language" };
	const char *const values[] = { dq->db.q, dq->db.category,
	    dq->db.language };
	size_t	 i;

	for (i = 0; i < 3; i++) {
		if (values[i] == NULL)
			continue;
		buf_printf(out, "%c%s=", out->len == 0 ? '?' : '&', names[i]);
		esc_url(out, values[i], strlen(values[i]));
	}
}

/* The page's links and filter form beside the list. */
static json_t *
list_extras(struct ctx *c, const struct directory_query *dq)
{
	struct buf	 query = BUF_INIT;
	json_t		*extra, *chosen;

	filter_query(&query, dq);
	chosen = json_string(dq->db.language != NULL ? dq->db.language : "");
	extra = json_pack("{s:o, s:{s:s, s:o, s:o, s:o}, s:s, s:b, s:b}",
	    "location", ctx_location_public(c), "filters", "q",
	    dq->db.q != NULL ? dq->db.q : "", "outcome_options",
	    vocab_options(vocab_outcomes, dq->db.category), "area_options",
	    vocab_options(vocab_areas, dq->db.category), "language_options",
	    spoken_options(chosen, c->lang), "query",
	    buf_str(&query), "can_write", can_write(c), "filtered",
	    query.len > 0);
	json_decref(chosen);
	buf_free(&query);
	return extra;
}

/* This list's address after cursor, its filters kept; new string. */
static json_t *
next_url(const struct ctx *c, const char *query, const char *cursor)
{
	struct buf	 url = BUF_INIT;
	json_t		*out;

	buf_printf(&url, "%s%s%ccursor=", c->req->path, query,
	    query[0] != '\0' ? '&' : '?');
	esc_url(&url, cursor, strlen(cursor));
	out = buf_failed(&url) ? NULL : json_string(buf_str(&url));
	buf_free(&url);
	return out;
}

int
service_list(struct ctx *c)
{
	struct directory_query	 dq;
	json_t			*rows = NULL, *s, *next;
	enum db_status		 st;
	size_t			 i;
	int			 status;

	if (directory_query(c, &dq) != 0)
		return ctx_fail(c, 400, N_("The filters are not ones this list "
		    "knows: see fields."));
	if ((st = db_services_list(c->app->db, &dq.db, &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((status = ctx_keyset_view(c, rows, dq.page.limit)) != 0)
		return status;
	json_array_foreach(json_object_get(c->view, "items"), i, s)
		service_decorate(c, s);
	json_object_update_missing_new(c->view, list_extras(c, &dq));
	if (json_is_string(next = json_object_get(c->view, "next")))
		json_object_set_new(c->view, "next_url", next_url(c,
		    json_string_value(json_object_get(c->view, "query")),
		    json_string_value(next)));
	return 200;
}

/* The directory as a CSV file (RFC 4180): the same filters, every row,
 * the columns the import reads. */
int
service_csv(struct ctx *c)
{
	struct directory_query	 dq;
	json_t			*rows = NULL, *columns = json_array();
	enum db_status		 st;
	size_t			 i;

	for (i = 0; directory_columns[i] != NULL; i++)
		json_array_append_new(columns, json_string(
		    directory_columns[i]));
	if (directory_query(c, &dq) != 0) {
		json_decref(columns);
		return ctx_fail(c, 400, N_("The filters are not ones this list "
		    "knows: see fields."));
	}
	dq.db.limit = CSV_ROWS_MAX;
	dq.db.after_key = dq.db.after_id = NULL;
	if ((st = db_services_list(c->app->db, &dq.db, &rows)) != DB_OK) {
		json_decref(columns);
		return ctx_db_fail(c, st);
	}
	c->view = json_pack("{s:s+, s:o, s:o}", "filename",
	    json_string_value(json_object_get(c->location, "slug")),
	    "-services", "columns", columns, "items", rows);
	return c->view != NULL ? 200 : ctx_fail(c, 500, N_("Out of memory."));
}

/* Service {id} as listed in the route's location into *s (new), or a
 * status recorded (404). */
static int
service_load(struct ctx *c, json_t **s)
{
	long long	 id = ctx_param_id(c, "id");
	enum db_status	 st;

	*s = NULL;
	if (id == 0)
		return ctx_fail(c, 404, N_("There is no such service here."));
	if ((st = db_service_get(c->app->db, ctx_location_id(c), id, s)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	if (*s == NULL)
		return ctx_fail(c, 404, N_("There is no such service here."));
	service_decorate(c, *s);
	return 0;
}

int
service_show(struct ctx *c)
{
	json_t	*s;
	int	 status;

	if ((status = service_load(c, &s)) != 0)
		return status;
	c->view = s;
	if ((status = partner_attach_service(c, s)) != 0)
		return status;
	json_object_set_new(s, "location", ctx_location_public(c));
	json_object_set_new(s, "can_write", json_boolean(can_write(c) &&
	    json_is_true(json_object_get(s, "kept_here"))));
	return 200;
}
