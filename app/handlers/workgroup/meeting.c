/*
 * meeting: the working group's meetings (sql/024_meetings.sql) — the list
 * and quorum rule, scheduling one in New Zealand time, its page (agenda,
 * attendance, guests, quorum and the sectors represented), the invitation
 * (an email with an RFC 5545 .ics file, views/ics.h, through the outbox),
 * agenda items and attendance.
 *
 * The working group and national staff read; coordinators change (the
 * route table and row-level security both say so).  Each handler builds
 * one view, which the route answers as a page or as /api/v1 JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/meeting.h"
#include "../../db/minutes.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../../views/ics.h"
#include "../fields.h"
#include "meeting.h"

#define TITLE_MAX	200
#define PLACE_MAX	300
#define LINK_MAX	500
#define NOTES_MAX	5000
#define GUESTS_MAX	50

static const struct vocab item_kinds[] = {
	{ "text", N_("Discussion") },
	{ "funding_decision", N_("Funding request for decision") },
	{ "initiative_report", N_("Initiative progress report") },
	{ NULL, NULL },
};

static const struct vocab attendance[] = {
	{ "present", N_("Present") },
	{ "apologies", N_("Apologies") },
	{ "absent", N_("Absent") },
	{ NULL, NULL },
};

/* The invitation, per recipient's language: database format() strings
 * over the arguments of invite_args(). */
static const char *const invitation[] = {
	/* TRANSLATORS: an email's subject; %2$s is the meeting's title. */
	N_("Meeting invitation: %2$s"),
	/* TRANSLATORS: %1$s the location's name, %2$s the meeting's title,
	 * %3$s its date (YYYY-MM-DD), %4$s and %5$s its start and end times,
	 * %6$s where, %7$s the languages and interpreting arranged, %8$s the
	 * link to its page. */
	N_("Kia ora,\n\nYou are invited to the %1$s working group's meeting "
	"\"%2$s\" on %3$s from %4$s to %5$s, New Zealand time.\n\nWhere: "
	"%6$s\nLanguages and interpreting: %7$s\n\nThe agenda and details: "
	"%8$s\n\nThe attached file (meeting.ics) adds the meeting to your "
	"calendar.\n"),
};

static int
can_manage(const struct ctx *c)
{
	return role_can_manage(role_parse(c->role));
}

static const char *
slug(const struct ctx *c)
{
	return json_string_value(json_object_get(c->location, "slug"));
}

int
meeting_load(struct ctx *c, json_t **m)
{
	enum db_status	 st;

	if ((st = db_meeting_get(c->app->db, ctx_location_id(c),
	    ctx_param_id(c, "id"), m)) != DB_OK)
		return ctx_db_fail(c, st);
	return *m != NULL ? 0 : ctx_fail(c, 404, "There is no such meeting "
	    "here.");
}

/* ------------------------------------------------------------ the list */

int
meeting_list(struct ctx *c)
{
	json_t		*items = NULL, *rule = NULL;
	enum db_status	 st;

	if ((st = db_meetings_list(c->app->db, ctx_location_id(c), &items)) !=
	    DB_OK || (st = db_meeting_rule(c->app->db, ctx_location_id(c),
	    &rule)) != DB_OK) {
		json_decref(items);
		return ctx_db_fail(c, st);
	}
	ctx_view_merge(c, json_pack("{s:o, s:n, s:o, s:o, s:b}", "items",
	    items, "next", "rule", rule, "location", ctx_location_public(c),
	    "can_manage", can_manage(c)));
	return 200;
}

int
meeting_rule_put(struct ctx *c)
{
	json_t		*values = json_pack("{s:i, s:i}", "quorum_members", 3,
			    "quorum_sectors", 0), *rule = NULL;
	enum db_status	 st;
	char		 to[160];
	int		 status;

	field_int(c, values, "quorum_members", 1, 200);
	field_int(c, values, "quorum_sectors", 0, 9);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, values);
		return meeting_list(c) == 200 ? status : 500;
	}
	st = db_meeting_rule_put(c->app->db, ctx_location_id(c),
	    json_integer_value(json_object_get(values, "quorum_members")),
	    json_integer_value(json_object_get(values, "quorum_sectors")),
	    c->auth.user_id, &rule);
	if (st == DB_OK)
		st = ctx_audit(c, "meeting_rule_set", json_deep_copy(values));
	json_decref(values);
	if (st != DB_OK || rule == NULL) {
		json_decref(rule);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	c->view = rule;
	snprintf(to, sizeof(to), "/l/%s/wg/meetings", slug(c));
	return ctx_done(c, 200, to);
}

/* ---------------------------------------------------------- scheduling */

/* A time field into values, checked. */
static void
field_time(struct ctx *c, json_t *values, const char *name)
{
	const char	*v = ctx_input(c, name), *msg;

	if (v == NULL)
		return;
	if ((msg = v[0] == '\0' ? "is required" : valid_time(v)) != NULL)
		ctx_field(c, name, msg);
	json_object_set_new(values, name, json_string(v));
}

/* Every field of the scheduling form, and the checks between them. */
static void
read_meeting(struct ctx *c, json_t *values)
{
	const char	*v;

	field_text(c, values, "title", 1, TITLE_MAX, 0);
	field_date(c, values, "date");
	field_time(c, values, "start_time");
	field_time(c, values, "end_time");
	field_text(c, values, "place", 0, PLACE_MAX, 0);
	field_text(c, values, "video_url", 0, LINK_MAX, 0);
	field_text(c, values, "interpreting", 0, LINK_MAX, 1);
	if (json_string_length(json_object_get(values, "title")) == 0)
		ctx_field(c, "title", "is required");
	if (!json_is_string(json_object_get(values, "date")))
		ctx_field(c, "date", "is required");
	if (json_string_length(json_object_get(values, "start_time")) == 0)
		ctx_field(c, "start_time", "is required");
	v = json_string_value(json_object_get(values, "video_url"));
	if (v != NULL && v[0] != '\0' && (strncmp(v, "https://", 8) != 0 ||
	    v[8] == '\0' || strpbrk(v, " \t") != NULL))
		ctx_field(c, "video_url", "must be a link starting https://");
	if (json_string_length(json_object_get(values, "place")) == 0 &&
	    (v == NULL || v[0] == '\0'))
		ctx_field(c, "place", "give a place, a video link or both");
	v = json_string_value(json_object_get(values, "end_time"));
	if (v == NULL || valid_time(v) != NULL || strcmp(v, json_string_value(
	    json_object_get(values, "start_time"))) <= 0)
		ctx_field(c, "end_time", "must be a time after the start, on "
		    "the same day");
}

static json_t *
meeting_defaults(void)
{
	return json_pack("{s:s, s:n, s:s, s:s, s:s, s:s, s:s}", "title", "",
	    "date", "start_time", "", "end_time", "", "place", "",
	    "video_url", "", "interpreting", "");
}

/* The form page with values (stolen). */
static int
form_page(struct ctx *c, json_t *values, int status)
{
	static const char *const fields[][2] = { { "title", NULL },
	    { "date", NULL }, { "start_time", NULL }, { "end_time", NULL },
	    { "place", NULL }, { "video_url", NULL },
	    { "interpreting", NULL }, { NULL, NULL } };

	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    fields)));
	return status;
}

/* National staff pass the route's check, which lets them read; the form
 * is for scheduling, which they may not. */
int
meeting_new_form(struct ctx *c)
{
	if (!can_manage(c))
		return ctx_fail(c, 403, "National staff can read every location "
		    "but change none.");
	return form_page(c, meeting_defaults(), 200);
}

int
meeting_create(struct ctx *c)
{
	json_t			*v = meeting_defaults();
	struct db_meeting_new	 m;
	enum db_status		 st;
	long long		 id = 0;

	read_meeting(c, v);
	if (c->error_fields != NULL)
		return form_page(c, v, ctx_invalid(c, json_deep_copy(v)));
	m = (struct db_meeting_new){ .location_id = ctx_location_id(c),
	    .created_by = c->auth.user_id,
#define S(k)	json_string_value(json_object_get(v, k))
	    .title = S("title"), .date = S("date"),
	    .start_time = S("start_time"), .end_time = S("end_time"),
	    .place = S("place"), .video_url = S("video_url"),
	    .interpreting = S("interpreting") };
#undef S
	st = db_meeting_create(c->app->db, &m, &id);
	if (st == DB_OK)
		st = ctx_audit(c, "meeting_scheduled", json_pack("{s:I, s:O, "
		    "s:O, s:O}", "meeting_id", (json_int_t)id, "title",
		    json_object_get(v, "title"), "date", json_object_get(v,
		    "date"), "start_time", json_object_get(v, "start_time")));
	json_decref(v);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return meeting_answer(c, id, 201);
}

/* ------------------------------------------------------------ the page */

/* Each member with flags for the attendance form's radio buttons. */
static void
mark_members(json_t *members)
{
	json_t		*m;
	const char	*s;
	size_t		 i, k;

	json_array_foreach(members, i, m) {
		s = json_string_value(json_object_get(m, "status"));
		for (k = 0; attendance[k].key != NULL; k++)
			json_object_set_new(m, attendance[k].key, json_boolean(
			    s != NULL && strcmp(s, attendance[k].key) == 0));
	}
}

/* The whole meeting view for meeting m (stolen) into c->view: the
 * meeting with its agenda, attendance, guests and quorum, and what its
 * page needs (location, can_manage, the kinds of item). */
static int
meeting_view(struct ctx *c, json_t *m)
{
	json_t		*items = NULL, *members = NULL, *guests = NULL;
	json_t		*quorum = NULL, *record = NULL;
	long long	 loc = ctx_location_id(c), id;
	enum db_status	 st;

	id = json_integer_value(json_object_get(m, "id"));
	if ((st = db_meeting_items(c->app->db, loc, id, &items)) != DB_OK ||
	    (st = db_meeting_members(c->app->db, loc, id, &members)) != DB_OK ||
	    (st = db_meeting_guests(c->app->db, loc, id, &guests)) != DB_OK ||
	    (st = db_meeting_quorum(c->app->db, loc, id, &quorum)) != DB_OK ||
	    (st = db_minutes_record(c->app->db, loc, id, &record)) != DB_OK ||
	    quorum == NULL || record == NULL) {
		json_decref(m);
		json_decref(items);
		json_decref(members);
		json_decref(guests);
		json_decref(quorum);
		json_decref(record);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	/* The minutes are open to drafting until approved (sql/028). */
	json_object_set_new(record, "minutes_open", json_boolean(json_is_null(
	    json_object_get(record, "approved_in"))));
	json_object_set_new(m, "record", record);
	mark_members(members);
	json_object_set_new(quorum, "sectors_named", vocab_named(vocab_sectors,
	    json_object_get(quorum, "sectors")));
	json_object_set_new(m, "agenda", items);
	json_object_set_new(m, "attendance", members);
	json_object_set_new(m, "guests", guests);
	json_object_set_new(m, "quorum", quorum);
	json_object_set_new(m, "meeting_id", json_integer(id));
	json_object_set_new(m, "location", ctx_location_public(c));
	json_object_set_new(m, "can_manage", json_boolean(can_manage(c)));
	json_object_set_new(m, "kinds", vocab_options(item_kinds, NULL));
	ctx_view_merge(c, m);
	return 200;
}

int
meeting_answer(struct ctx *c, long long id, int status)
{
	json_t		*m = NULL;
	char		 to[160];
	int		 failed;
	enum db_status	 st;

	if ((st = db_meeting_get(c->app->db, ctx_location_id(c), id, &m)) !=
	    DB_OK || m == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	json_decref(c->view);
	c->view = NULL;
	if ((failed = meeting_view(c, m)) != 200)
		return failed;
	snprintf(to, sizeof(to), "/l/%s/wg/meetings/%lld", slug(c), id);
	return ctx_done(c, status, to);
}

int
meeting_show(struct ctx *c)
{
	json_t	*m;
	int	 status;

	if ((status = meeting_load(c, &m)) != 0)
		return status;
	return meeting_view(c, m);
}

int
meeting_refuse(struct ctx *c, json_t *form)
{
	json_t	*m;
	int	 status = ctx_invalid(c, form), failed;

	if ((failed = meeting_load(c, &m)) != 0)
		return failed;
	return meeting_view(c, m) == 200 ? status : 500;
}

/* ---------------------------------------------------------- invitation */

/* The arguments of invitation[], as a JSON array's text (the caller
 * frees). */
static char *
invite_args(const struct ctx *c, json_t *m, const char *link)
{
	const char	*place = json_string_value(json_object_get(m, "place"));
	const char	*video = json_string_value(json_object_get(m,
			    "video_url"));
	const char	*interp = json_string_value(json_object_get(m,
			    "interpreting"));
	char		 where[PLACE_MAX * 4 + LINK_MAX + 8], *out;
	json_t		*args;

	snprintf(where, sizeof(where), "%s%s%s", place, place[0] != '\0' &&
	    video[0] != '\0' ? " — " : "", video);
	(void)c;
	args = json_pack("[O, O, O, O, O, s, s, s]", json_object_get(m,
	    "location_name"), json_object_get(m, "title"), json_object_get(m,
	    "date"), json_object_get(m, "start_time"), json_object_get(m,
	    "end_time"), where, interp[0] != '\0' ? interp : "—", link);
	out = json_dumps(args, JSON_COMPACT);
	json_decref(args);
	return out;
}

/* The meeting's calendar file into out. */
static void
invite_ics(const struct ctx *c, json_t *m, const char *link,
    struct buf *out)
{
	const char	*host = strstr(c->app->site.origin, "://");
	struct buf	 uid = BUF_INIT, desc = BUF_INIT;
	const char	*video = json_string_value(json_object_get(m,
			    "video_url"));
	const char	*place = json_string_value(json_object_get(m, "place"));

	buf_printf(&uid, "meeting-%lld@%s", (long long)json_integer_value(
	    json_object_get(m, "id")), host != NULL ? host + 3 : "portal");
	if (video[0] != '\0')
		buf_printf(&desc, "Video: %s\n", video);
	buf_printf(&desc, "Languages and interpreting: %s\nAgenda: %s\n",
	    json_string_value(json_object_get(m, "interpreting")), link);
	ics_event(out, &(struct ics_event){ .uid = buf_str(&uid),
	    .stamp = json_string_value(json_object_get(m, "ics_stamp")),
	    .start = json_string_value(json_object_get(m, "ics_start")),
	    .end = json_string_value(json_object_get(m, "ics_end")),
	    .sequence = (int)json_integer_value(json_object_get(m,
	    "sequence")), .summary = json_string_value(json_object_get(m,
	    "title")), .location = place[0] != '\0' ? place : video,
	    .description = buf_str(&desc), .url = link });
	buf_free(&uid);
	buf_free(&desc);
}

int
meeting_invite(struct ctx *c)
{
	json_t		*m;
	struct buf	 ics = BUF_INIT;
	char		 link[600], *formats, *args;
	long long	 sent = 0, id;
	enum db_status	 st = DB_ERROR;
	int		 status;

	if ((status = meeting_load(c, &m)) != 0)
		return status;
	id = json_integer_value(json_object_get(m, "id"));
	snprintf(link, sizeof(link), "%s/l/%s/wg/meetings/%lld",
	    c->app->site_url != NULL ? c->app->site_url : "", slug(c), id);
	invite_ics(c, m, link, &ics);
	args = invite_args(c, m, link);
	formats = i18n_formats(invitation, 2);
	if (formats != NULL && args != NULL && !buf_failed(&ics))
		st = db_meeting_invite(c->app->db, id, formats, args,
		    buf_str(&ics), &sent);
	free(formats);
	free(args);
	buf_free(&ics);
	json_decref(m);
	if (st == DB_OK)
		st = ctx_audit(c, "meeting_invited", json_pack("{s:I, s:I}",
		    "meeting_id", (json_int_t)id, "sent", (json_int_t)sent));
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return meeting_answer(c, id, 200);
}

/* ---------------------------------------------------- agenda, attendance */

/* An id field ("request_id") required when kind links one: 0 if none. */
static long long
linked_id(struct ctx *c, const char *name, int wanted)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, name, buf);
	long long	 id = 0;

	if (!wanted)
		return 0;
	if (v == NULL || v[0] == '\0')
		ctx_field(c, name, "is required for this kind of item");
	else if (valid_id(v) != NULL)
		ctx_field(c, name, "must be a number");
	else
		id = strtoll(v, NULL, 10);
	return id;
}

int
meeting_item_add(struct ctx *c)
{
	json_t			*v = json_pack("{s:s, s:s, s:s}", "kind", "",
				    "title", "", "notes", ""), *row = NULL, *m;
	struct db_meeting_item	 it = { .location_id = ctx_location_id(c) };
	enum db_status		 st;
	int			 status;

	if ((status = meeting_load(c, &m)) != 0) {
		json_decref(v);
		return status;
	}
	it.meeting_id = json_integer_value(json_object_get(m, "id"));
	json_decref(m);
	field_enum(c, v, "kind", item_kinds, "must be text, funding_decision "
	    "or initiative_report");
	field_text(c, v, "title", 1, TITLE_MAX, 0);
	field_text(c, v, "notes", 0, NOTES_MAX, 1);
	it.kind = json_string_value(json_object_get(v, "kind"));
	it.request_id = linked_id(c, "request_id",
	    strcmp(it.kind, "funding_decision") == 0);
	it.initiative_id = linked_id(c, "initiative_id",
	    strcmp(it.kind, "initiative_report") == 0);
	if (json_string_length(json_object_get(v, "title")) == 0)
		ctx_field(c, "title", "is required");
	if (c->error_fields != NULL)
		return meeting_refuse(c, v);
	it.title = json_string_value(json_object_get(v, "title"));
	it.notes = json_string_value(json_object_get(v, "notes"));
	if ((st = db_meeting_item_add(c->app->db, &it, &row)) != DB_OK) {
		json_decref(v);
		return ctx_db_fail(c, st);
	}
	if (row == NULL) {
		ctx_field(c, it.request_id > 0 ? "request_id" : "initiative_id",
		    "is not one of this location's (a request must be "
		    "submitted)");
		return meeting_refuse(c, v);
	}
	st = ctx_audit(c, "meeting_item_added", json_pack("{s:I, s:O, s:s, "
	    "s:O}", "meeting_id", (json_int_t)it.meeting_id, "item_id",
	    json_object_get(row, "id"), "kind", it.kind, "title",
	    json_object_get(v, "title")));
	json_decref(row);
	json_decref(v);
	return st != DB_OK ? ctx_db_fail(c, st) :
	    meeting_answer(c, it.meeting_id, 201);
}

/* The statuses given for members ("member_<id>"), as {"<id>": status};
 * unknown ids are not members and are left out. */
static json_t *
read_statuses(struct ctx *c, json_t *members)
{
	json_t		*out = json_object(), *m;
	const char	*v;
	char		 name[40], key[24];
	size_t		 i;
	int		 k;

	json_array_foreach(members, i, m) {
		snprintf(key, sizeof(key), "%lld", (long long)
		    json_integer_value(json_object_get(m, "user_id")));
		snprintf(name, sizeof(name), "member_%s", key);
		if ((v = ctx_input(c, name)) == NULL || v[0] == '\0')
			continue;
		if (valid_enum(v, vocab_keys(attendance), &k) != NULL)
			ctx_field(c, name, "must be present, apologies or "
			    "absent");
		else
			json_object_set_new(out, key, json_string(v));
	}
	return out;
}

/* Guests as "Name, Organisation" lines: [{name, organisation}]. */
static json_t *
read_guests(struct ctx *c)
{
	json_t		*given, *out = json_array(), *g;
	const char	*s, *comma;
	size_t		 i, n;
	int		 bad;

	given = ctx_input_list(c, "guests", 1, &bad);
	if (bad || json_array_size(given) > GUESTS_MAX)
		ctx_field(c, "guests", "must be up to 50 lines of a name, a "
		    "comma and an organisation");
	json_array_foreach(given, i, g) {
		s = json_string_value(g);
		comma = strchr(s, ',');
		n = comma != NULL ? (size_t)(comma - s) : strlen(s);
		if (n == 0 || n > TITLE_MAX || (comma != NULL &&
		    strlen(comma + 1) > TITLE_MAX))
			ctx_field(c, "guests", "each guest needs a name (and "
			    "an organisation after a comma), up to 200 "
			    "characters each");
		while (n > 0 && s[n - 1] == ' ')
			n--;
		json_array_append_new(out, json_pack("{s:s%, s:s}", "name", s,
		    n, "organisation", comma != NULL ? comma + 1 +
		    strspn(comma + 1, " \t") : ""));
	}
	json_decref(given);
	return out;
}

int
meeting_attendance(struct ctx *c)
{
	json_t		*m, *members = NULL, *statuses, *guests;
	char		*s_text, *g_text;
	long long	 id;
	enum db_status	 st;
	int		 status;

	if ((status = meeting_load(c, &m)) != 0)
		return status;
	id = json_integer_value(json_object_get(m, "id"));
	json_decref(m);
	if ((st = db_meeting_members(c->app->db, ctx_location_id(c), id,
	    &members)) != DB_OK)
		return ctx_db_fail(c, st);
	statuses = read_statuses(c, members);
	guests = read_guests(c);
	json_decref(members);
	if (c->error_fields != NULL) {
		json_decref(guests);
		return meeting_refuse(c, statuses);
	}
	s_text = json_dumps(statuses, JSON_COMPACT);
	g_text = json_dumps(guests, JSON_COMPACT);
	st = s_text != NULL && g_text != NULL ? db_meeting_attendance_put(
	    c->app->db, ctx_location_id(c), id, s_text, g_text,
	    c->auth.user_id) : DB_ERROR;
	free(s_text);
	free(g_text);
	if (st == DB_OK)
		st = ctx_audit(c, "meeting_attendance_recorded", json_pack(
		    "{s:I, s:o, s:I}", "meeting_id", (json_int_t)id, "members",
		    statuses, "guests", (json_int_t)json_array_size(guests)));
	else
		json_decref(statuses);
	json_decref(guests);
	return st != DB_OK ? ctx_db_fail(c, st) : meeting_answer(c, id, 200);
}
