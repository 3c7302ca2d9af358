/*
 * events: a location's events calendar (sql/022) — the public list of
 * upcoming events and one event's page (HTML and /api/v1 JSON), the
 * iCalendar feeds a phone subscribes to (a location's, the whole
 * country's, and one event's .ics; views/ical.c writes them), and the
 * working group's forms and API to add and edit events.  Times are read
 * and shown in New Zealand time; a cancelled event stays, marked so.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../../db/events.h"
#include "../../domain/role.h"
#include "../../domain/spoken.h"
#include "../../http/validate.h"
#include "../fields.h"

#define FEED_DAYS_BACK	90	/* a feed keeps recent events too */
#define FEED_MAX	2000

static const char *const event_statuses[] = { "scheduled", "cancelled",
	NULL };
static const char *const event_lists[] = { "languages", NULL };
static const char *const event_boxes[] = { "free", NULL };

static const char *const event_field_ids[][2] = { { "title", NULL },
	{ "description", NULL }, { "starts_at", NULL }, { "ends_at", NULL },
	{ "place", NULL }, { "languages", NULL }, { "free", NULL },
	{ "cost", NULL }, { "accessibility", NULL },
	{ "registration_url", NULL }, { "initiative_id", NULL },
	{ "status", NULL }, { "language", NULL }, { "version", NULL },
	{ NULL, NULL } };

/* ------------------------------------------------------------ checking */

/* Two digits at s in [0, max]: the value, or -1. */
static int
two_digits(const char *s, int max)
{
	int	 v;

	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	v = (s[0] - '0') * 10 + (s[1] - '0');
	return v <= max ? v : -1;
}

/* "2027-04-03T10:00", with ":SS" and "Z" or "+13:00" allowed: NULL when
 * it is one, else a message. */
static const char *
valid_when(const char *s)
{
	char	 day[11];
	size_t	 n = strlen(s), at = 16;
	int	 y, m, d;

	if (n < 16 || s[10] != 'T' || s[13] != ':')
		return N_("must be a date and time such as 2027-04-03T10:00 "
		    "(New Zealand time)");
	memcpy(day, s, 10);
	day[10] = '\0';
	if (valid_date(day, &y, &m, &d) != NULL || two_digits(s + 11, 23) < 0 ||
	    two_digits(s + 14, 59) < 0)
		return N_("must be a date and time such as 2027-04-03T10:00 "
		    "(New Zealand time)");
	if (s[at] == ':' && two_digits(s + at + 1, 59) >= 0)
		at += 3;
	if (s[at] == 'Z')
		at++;
	else if ((s[at] == '+' || s[at] == '-') && two_digits(s + at + 1,
	    14) >= 0 && s[at + 3] == ':' && two_digits(s + at + 4, 59) >= 0)
		at += 6;
	return at == n ? NULL : N_("must be a date and time such as "
	    "2027-04-03T10:00 (New Zealand time)");
}

static void
check_when(struct ctx *c, json_t *in, json_t *values, const char *name)
{
	const char	*v = json_string_value(json_object_get(in, name));
	const char	*msg;

	if (v == NULL || v[0] == '\0')
		ctx_field(c, name, N_("is required"));
	else if ((msg = valid_when(v)) != NULL)
		ctx_field(c, name, msg);
	json_object_set_new(values, name, json_string(v != NULL ? v : ""));
}

/* languages: codes; language: the entry's own (English by default). */
static void
check_languages(struct ctx *c, json_t *in, json_t *values)
{
	const char	*lang = json_string_value(json_object_get(in,
			    "language"));
	json_t		*list, *k;
	size_t		 i;
	int		 bad;

	list = field_in_list(in, "languages", &bad);
	json_array_foreach(list, i, k)
		if (spoken_find(json_string_value(k)) == NULL)
			bad = 1;
	if (bad || json_array_size(list) > 40)
		ctx_field(c, "languages", N_("must be at most 40 language "
		    "codes the portal knows, such as en, ar, fa-AF or my"));
	json_object_set_new(values, "languages", list);
	if (lang == NULL || lang[0] == '\0')
		lang = "en";
	if (spoken_find(lang) == NULL)
		ctx_field(c, "language", N_("must be one of the language codes "
		    "the portal knows, such as ar, fa-AF, my or so"));
	json_object_set_new(values, "language", json_string(lang));
}

/* status, the registration link and the linked initiative. */
static void
check_links(struct ctx *c, json_t *in, json_t *values)
{
	const char	*status = json_string_value(json_object_get(in,
			    "status"));
	const char	*url = json_string_value(json_object_get(values,
			    "registration_url"));
	long long	 id;
	int		 index;

	if (status == NULL || status[0] == '\0')
		status = "scheduled";
	if (valid_enum(status, event_statuses, &index) != NULL)
		ctx_field(c, "status", N_("must be scheduled or cancelled"));
	json_object_set_new(values, "status", json_string(status));
	if (url != NULL && url[0] != '\0' && strncmp(url, "https://", 8) != 0
	    && strncmp(url, "http://", 7) != 0)
		ctx_field(c, "registration_url", N_("must be a web address "
		    "starting with https://"));
	id = field_in_id(c, in, "initiative_id", N_("must be the number of "
	    "one of this location's initiatives"));
	json_object_set_new(values, "initiative_id", id > 0 ?
	    json_integer(id) : json_null());
}

static void
event_check(struct ctx *c, json_t *in, json_t *values)
{
	static const struct { const char *name; size_t min, max; int ml; }
	    texts[] = { { "title", 1, 200, 0 }, { "description", 0, 4000, 1 },
	    { "place", 0, 300, 0 }, { "cost", 0, 200, 0 },
	    { "accessibility", 0, 500, 1 }, { "registration_url", 0, 500, 0 } };
	size_t	 i;

	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
		field_in_text(c, in, values, texts[i].name, texts[i].min,
		    texts[i].max, texts[i].ml);
	check_when(c, in, values, "starts_at");
	check_when(c, in, values, "ends_at");
	check_languages(c, in, values);
	field_in_bool(c, in, values, "free");
	check_links(c, in, values);
}

/* A write the database refused on a rule the checks could not see: the
 * field at fault, or 0 when it is none of those. */
static int
event_refused(struct ctx *c)
{
	const char	*constraint = db_constraint(c->app->db);

	if (strcmp(constraint, "events_ends_after_start") == 0)
		ctx_field(c, "ends_at", N_("must be after the start"));
	else if (strstr(constraint, "initiative") != NULL)
		ctx_field(c, "initiative_id", N_("must be the number of one of "
		    "this location's initiatives"));
	else
		return 0;
	return 1;
}

/* ------------------------------------------------------------- reading */

void
event_decorate(const struct ctx *c, json_t *e)
{
	const char	*s = json_string_value(json_object_get(e,
			    "starts_local"));
	const char	*f = json_string_value(json_object_get(e,
			    "ends_local"));

	json_object_set_new(e, "language_names", spoken_named(
	    json_object_get(e, "languages"), c->lang));
	json_object_set_new(e, "cancelled", json_boolean(strcmp(
	    json_string_value(json_object_get(e, "status")), "cancelled") ==
	    0));
	if (s != NULL && f != NULL && strlen(s) == 16 && strlen(f) == 16) {
		json_object_set_new(e, "starts_date", json_stringn(s, 10));
		json_object_set_new(e, "starts_time", json_string(s + 11));
		json_object_set_new(e, "ends_time", json_string(f + 11));
	}
}

static int
can_write(const struct ctx *c)
{
	return c->role != NULL && role_can_write(role_parse(c->role));
}

/* The events of the route's location (every location's without one)
 * that end after days_back days ago, from ?cursor=, as c->view: a page
 * of ?limit=, or of max when it is not 0.  0 or a status. */
static int
event_page(struct ctx *c, int days_back, long long max)
{
	struct keyset	 page;
	struct db_event_query q = { ctx_location_id(c), days_back, NULL,
			    NULL, 0 };
	json_t		*rows = NULL;
	enum db_status	 st;
	long long	 limit;
	int		 status;

	if ((status = ctx_keyset_start(c, &page, max, valid_micros,
	    &q.after_key, &q.after_id, &limit)) != 0)
		return status;
	q.limit = limit + 1;
	st = db_events_list(c->app->db, &q, &rows);
	return ctx_keyset_answer(c, st, rows, limit, event_decorate);
}

int
event_list(struct ctx *c)
{
	int	 status;

	if ((status = event_page(c, 0, 0)) != 0)
		return status;
	json_object_set_new(c->view, "location", ctx_location_public(c));
	json_object_set_new(c->view, "can_write", json_boolean(can_write(c)));
	return 200;
}

/* A feed of events: the route location's, or every location's. */
int
event_feed(struct ctx *c)
{
	const char	*name = json_string_value(json_object_get(c->location,
			    "name"));
	char		 title[160];
	int		 status;

	if ((status = event_page(c, FEED_DAYS_BACK, FEED_MAX)) != 0)
		return status;
	if (name != NULL)
		snprintf(title, sizeof(title), ctx_text(c, N_("Events in %s")),
		    name);
	else
		snprintf(title, sizeof(title), "%s", ctx_text(c, N_("Events in "
		    "New Zealand's settlement locations")));
	json_object_set_new(c->view, "calendar", json_pack("{s:s, s:s}",
	    "name", title, "url", c->app->site_url));
	return 200;
}

/* Event {id} of the route's location into *e (new); or a status. */
static int
event_load(struct ctx *c, json_t **e)
{
	int	 status;

	if ((status = ctx_load_row(c, db_event_get, N_("There is no such event here."), e)) == 0)
		event_decorate(c, *e);
	return status;
}

int
event_show(struct ctx *c)
{
	json_t	*e;
	int	 status;

	if ((status = event_load(c, &e)) != 0)
		return status;
	json_object_set_new(e, "can_write", json_boolean(can_write(c)));
	c->view = e;
	return 200;
}

/* One event as a calendar of one, a file to save. */
int
event_ics(struct ctx *c)
{
	json_t	*e;
	int	 status;

	if ((status = event_load(c, &e)) != 0)
		return status;
	c->view = json_pack("{s:{s:s, s:s}, s:s+, s:[o]}", "calendar", "name",
	    json_string_value(json_object_get(e, "title")), "url",
	    c->app->site_url, "filename", "event-", json_string_value(
	    json_object_get(e, "uid")), "items", e);
	return c->view != NULL ? 200 : ctx_fail(c, 500, N_("Out of memory."));
}

/* ------------------------------------------------------------- writing */

/* The form's page around values (stolen). */
static int
event_form_page(struct ctx *c, json_t *values, int status)
{
	json_object_set_new(values, "language_options", spoken_options(
	    json_object_get(values, "languages"), c->lang));
	json_object_set_new(values, "cancelled", json_boolean(strcmp(
	    json_string_value(json_object_get(values, "status")) != NULL ?
	    json_string_value(json_object_get(values, "status")) : "",
	    "cancelled") == 0));
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    event_field_ids)));
	return status;
}

int
event_new_form(struct ctx *c)
{
	return event_form_page(c, json_pack("{s:[], s:s, s:b, s:s}",
	    "languages", "language", "en", "free", 1, "status", "scheduled"),
	    200);
}

/* Answers a saved event: it as it is now, or a browser to its page. */
static int
event_saved(struct ctx *c, long long id, const char *action, int status)
{
	char		 to[200];
	json_t		*e = NULL;
	enum db_status	 st;

	if ((st = db_event_get(c->app->db, ctx_location_id(c), id, &e)) !=
	    DB_OK || e == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	if ((st = ctx_audit(c, action, json_pack("{s:I, s:O, s:O}",
	    "event_id", (json_int_t)id, "title", json_object_get(e, "title"),
	    "status", json_object_get(e, "status")))) != DB_OK) {
		json_decref(e);
		return ctx_db_fail(c, st);
	}
	json_decref(c->view);
	c->view = e;
	snprintf(to, sizeof(to), "/l/%s/events/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
	return ctx_done(c, status, to);
}

/* The outcome of a write of values: 0, or the form again (422) or a
 * database failure. */
static int
event_written(struct ctx *c, enum db_status st, json_t *values)
{
	if (st == DB_OK)
		return 0;
	if (st == DB_ERROR && event_refused(c))
		return event_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	return ctx_db_fail(c, st);
}

int
event_create(struct ctx *c)
{
	json_t		*in = field_in_request(c, event_lists,
			    event_boxes);
	json_t		*values = json_object(), *row = NULL;
	long long	 id = 0;
	int		 status = 0;

	event_check(c, in, values);
	json_decref(in);
	if (c->error_fields != NULL)
		status = event_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	else if ((status = event_written(c, db_event_create(c->app->db,
	    ctx_location_id(c), c->auth.user_id, values, &row), values)) == 0)
		id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	json_decref(values);
	return status != 0 ? status : event_saved(c, id, "event_created", 201);
}

int
event_edit_form(struct ctx *c)
{
	json_t	*e;
	int	 status;

	if ((status = event_load(c, &e)) != 0)
		return status;
	json_object_set_new(e, "editing", json_true());
	json_object_set(e, "starts_at", json_object_get(e, "starts_local"));
	json_object_set(e, "ends_at", json_object_get(e, "ends_local"));
	return event_form_page(c, e, 200);
}

int
event_edit(struct ctx *c)
{
	json_t		*cur, *in, *values = json_object(), *row = NULL;
	long long	 version, id = ctx_param_id(c, "id");
	int		 status;

	if ((status = event_load(c, &cur)) != 0) {
		json_decref(values);
		return status;
	}
	/* A PATCH changes what it names; a form sends every field. */
	in = field_in_request(c, event_lists, event_boxes);
	json_object_set(cur, "starts_at", json_object_get(cur, "starts_local"));
	json_object_set(cur, "ends_at", json_object_get(cur, "ends_local"));
	json_object_update_missing(in, c->req->json != NULL ? cur : NULL);
	version = field_version(c);
	event_check(c, in, values);
	json_decref(in);
	json_object_set_new(values, "editing", json_true());
	json_object_set_new(values, "id", json_integer(id));
	json_object_set_new(values, "version", json_integer(version));
	if (c->error_fields != NULL)
		status = event_form_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	else if ((status = event_written(c, db_event_save(c->app->db,
	    ctx_location_id(c), id, version, values, &row), values)) == 0 &&
	    row == NULL)
		status = event_form_page(c, json_incref(values), ctx_conflict(c,
		    N_("Someone changed this event while you were editing it: "
		    "compare, then save again."), json_incref(cur)));
	json_decref(values);
	json_decref(row);
	json_decref(cur);
	return status != 0 ? status : event_saved(c, id, "event_changed", 200);
}
