/*
 * initiative_form: creating and editing initiatives, as HTML forms and
 * through the API (POST, and PATCH carrying the version it started from).
 *
 * Every field is checked, with a message by each bad one and the form
 * shown again as the person typed it.  An edit made on a stale version
 * gets 409 with the current values beside the person's own, so nothing
 * either of them typed is lost.  Creation, the fields an edit changed,
 * status changes and publication go to the audit trail.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/identity.h"
#include "../../db/initiative.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "initiative.h"

#define TITLE_MAX	200
#define SUMMARY_MAX	20000
#define ITEM_MAX	200	/* a partner organisation or target group */
#define ITEMS_MAX	30

/* ---------------------------------------------------------- the fields */

/* Free-text items, one a line in a form: partners, target groups. */
static void
read_items(struct ctx *c, json_t *values, const char *name)
{
	json_t	*given, *items, *v;
	char	*clean;
	size_t	 i;
	int	 bad;

	if ((given = ctx_input_list(c, name, 1, &bad)) == NULL)
		return;
	if (bad)
		ctx_field(c, name, "must be a list of text");
	else if (json_array_size(given) > ITEMS_MAX)
		ctx_field(c, name, "can have at most 30 entries");
	items = json_array();
	json_array_foreach(given, i, v) {
		clean = NULL;
		if (valid_text(json_string_value(v), 1, ITEM_MAX, 0, &clean))
			ctx_field(c, name, "each entry must be one line of at "
			    "most 200 characters");
		json_array_append_new(items, json_string(clean != NULL ?
		    clean : json_string_value(v)));
		free(clean);
	}
	json_decref(given);
	json_object_set_new(values, name, items);
}

/* The lead: empty for none, else a person of this working group. */
static enum db_status
read_lead(struct ctx *c, json_t *values)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, "lead_user_id", buf);
	long long	 id;
	json_t		*row = NULL;
	enum db_status	 st;

	if (v == NULL)
		return DB_OK;
	if (v[0] == '\0') {
		json_object_set_new(values, "lead_user_id", json_null());
		return DB_OK;
	}
	if (valid_int(v, 1, INT64_MAX, &id) != NULL) {
		ctx_field(c, "lead_user_id", "must be a member of this "
		    "working group");
		json_object_set_new(values, "lead_user_id", json_string(v));
		return DB_OK;
	}
	if ((st = db_member_role(c->app->db, ctx_location_id(c), id, &row)) !=
	    DB_OK)
		return st;
	if (row == NULL)
		ctx_field(c, "lead_user_id", "must be a member of this "
		    "working group");
	json_decref(row);
	json_object_set_new(values, "lead_user_id", json_integer(id));
	return DB_OK;
}

static enum db_status
read_fields(struct ctx *c, json_t *values)
{
	const char	*start, *end;
	enum db_status	 st;

	field_text(c, values, "title", 1, TITLE_MAX, 0);
	field_text(c, values, "summary", 0, SUMMARY_MAX, 1);
	field_enum(c, values, "area", vocab_areas, N_("must be one of the "
	    "framework's seven areas"));
	field_keys(c, values, "elements", vocab_elements, 1, N_("must be among "
	    "belonging, inclusion, participation, recognition and legitimacy"));
	field_keys(c, values, "outcome_areas", vocab_outcomes, 0, "must be "
	    "among the five settlement outcome areas");
	field_enum(c, values, "status", vocab_statuses, "must be idea, "
	    "planned, active, paused, completed or cancelled");
	field_enum(c, values, "visibility", vocab_visibilities, "must be "
	    "working_group or public");
	read_items(c, values, "partners");
	read_items(c, values, "target_groups");
	(void)language_input(c, values);
	field_date(c, values, "start_date");
	field_date(c, values, "end_date");
	if ((st = reach_read(c, values)) != DB_OK)
		return st;
	reach_check(c, values);
	start = json_string_value(json_object_get(values, "start_date"));
	end = json_string_value(json_object_get(values, "end_date"));
	if (start != NULL && end != NULL && strcmp(end, start) < 0)
		ctx_field(c, "end_date", "must not be before the start date");
	return read_lead(c, values);
}

/* ---------------------------------------------------------------- forms */

/* A list as a textarea's lines. */
static json_t *
lines(json_t *items)
{
	struct buf	 b = BUF_INIT;
	json_t		*v, *out;
	size_t		 i;

	json_array_foreach(items, i, v) {
		if (i > 0)
			buf_putc(&b, '\n');
		if (json_is_string(v))
			buf_puts(&b, json_string_value(v));
	}
	out = json_string(b.len > 0 ? buf_str(&b) : "");
	buf_free(&b);
	return out;
}

/*
 * The form's view of values: the text as it stands, and every choice
 * with what is chosen, the lead among the working group's members.
 */
static enum db_status
form_view(struct ctx *c, json_t *values, json_t **form)
{
	json_t		*members = NULL, *m, *lead, *options;
	long long	 lead_id;
	enum db_status	 st;
	size_t		 i;

	*form = NULL;
	if ((st = db_members_list(c->app->db, ctx_location_id(c), &members)) !=
	    DB_OK)
		return st;
	lead = json_object_get(values, "lead_user_id");
	lead_id = json_is_integer(lead) ? json_integer_value(lead) : 0;
	options = json_array();
	json_array_foreach(members, i, m)
		json_array_append_new(options, json_pack("{s:O, s:O, s:b}",
		    "key", json_object_get(m, "user_id"), "name",
		    json_object_get(m, "display_name"), "selected",
		    json_integer_value(json_object_get(m, "user_id")) ==
		    lead_id));
	json_decref(members);
	*form = json_deep_copy(values);
	json_object_set_new(*form, "area_options", vocab_options(vocab_areas,
	    json_string_value(json_object_get(values, "area"))));
	json_object_set_new(*form, "status_options", vocab_options(
	    vocab_statuses, json_string_value(json_object_get(values,
	    "status"))));
	json_object_set_new(*form, "visibility_options", vocab_options(
	    vocab_visibilities, json_string_value(json_object_get(values,
	    "visibility"))));
	json_object_set_new(*form, "element_checks", field_checks(vocab_elements,
	    json_object_get(values, "elements")));
	json_object_set_new(*form, "outcome_checks", field_checks(vocab_outcomes,
	    json_object_get(values, "outcome_areas")));
	json_object_set_new(*form, "lead_options", options);
	json_object_set_new(*form, "language_options", language_options(c,
	    json_string_value(json_object_get(values, "language"))));
	json_object_set_new(*form, "partners_text", lines(json_object_get(
	    values, "partners")));
	json_object_set_new(*form, "target_groups_text", lines(
	    json_object_get(values, "target_groups")));
	json_object_set_new(*form, "locations_text", lines(json_object_get(
	    values, "locations")));
	reach_form(values, *form);
	return *form != NULL ? DB_OK : DB_ERROR;
}

/* What a new initiative starts as. */
static json_t *
defaults(void)
{
	return json_pack("{s:s, s:s, s:s, s:[], s:[], s:s, s:s, s:n, s:[], "
	    "s:[], s:n, s:n, s:s, s:b, s:s, s:[], s:[]}", "title", "",
	    "summary", "", "area", "", "elements", "outcome_areas", "status",
	    "idea", "visibility", "working_group", "lead_user_id", "partners",
	    "target_groups", "start_date", "end_date", "scope", "local",
	    "mainstream", 0, "lead_agency", "", "funding_sources",
	    "locations");
}

/* The form's fields, each reported under its element's id. */
static const char *const form_fields[][2] = { { "language", NULL },
	{ "title", NULL },
	{ "summary", NULL }, { "area", NULL }, { "elements", NULL },
	{ "outcome_areas", NULL }, { "status", NULL }, { "visibility", NULL },
	{ "lead_user_id", NULL }, { "partners", NULL }, { "target_groups", NULL },
	{ "start_date", NULL }, { "end_date", NULL }, { "scope", NULL },
	{ "locations", NULL }, { "mainstream", NULL }, { "lead_agency", NULL },
	{ "funding_sources", NULL }, { NULL, NULL } };

/* Answers the form page (new or edit) with values, and status. */
static int
form_page(struct ctx *c, json_t *values, json_t *ini, int status)
{
	json_t		*form, *view;
	enum db_status	 st;

	st = form_view(c, values, &form);
	json_decref(values);
	if (st != DB_OK) {
		json_decref(ini);
		return ctx_db_fail(c, st);
	}
	view = json_pack("{s:o, s:o, s:o, s:o?}", "location",
	    ctx_location_public(c), "form", form, "field", field_states(c,
	    form_fields), "initiative", ini);
	/* Keep the errors, current values and messages already there. */
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, view);
	return status;
}

int
initiative_new_form(struct ctx *c)
{
	return form_page(c, defaults(), NULL, 200);
}

/* A participating location reads the lead's initiative, never edits it. */
static int
not_lead(struct ctx *c)
{
	return ctx_fail(c, 403, "Only the lead location's working group "
	    "changes this initiative.");
}

int
initiative_edit_form(struct ctx *c)
{
	json_t	*ini;
	int	 status;

	if ((status = initiative_load(c, 0, &ini)) != 0)
		return status;
	if (!initiative_owned(c, ini)) {
		json_decref(ini);
		return not_lead(c);
	}
	initiative_decorate(ini, 0);
	return form_page(c, json_deep_copy(ini), ini, 200);
}

/* Answers bad input: 422 with the fields, or the form again. */
static int
refuse_fields(struct ctx *c, json_t *values, json_t *ini)
{
	return form_page(c, values, ini, ctx_invalid(c, NULL));
}

static void
initiative_url(const struct ctx *c, long long id, char *out, size_t outsz)
{
	snprintf(out, outsz, "/l/%s/initiatives/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
}

/* Answers a saved initiative: its JSON, or its page. */
static int
saved(struct ctx *c, long long id, int status)
{
	char	 to[160];
	json_t	*ini = NULL;
	enum db_status st;

	if ((st = db_initiative_get(c->app->db, ctx_location_id(c), id, 0,
	    &ini)) != DB_OK)
		return ctx_db_fail(c, st);
	if (ini == NULL)
		return ctx_fail(c, 500, "The initiative was saved but cannot "
		    "be read back.");
	initiative_decorate(ini, 0);
	json_decref(c->view);
	c->view = ini;
	initiative_url(c, id, to, sizeof(to));
	return ctx_done(c, status, to);
}

int
initiative_create(struct ctx *c)
{
	json_t		*values = defaults(), *row = NULL;
	enum db_status	 st;
	long long	 id;

	if ((st = read_fields(c, values)) != DB_OK) {
		json_decref(values);
		return ctx_db_fail(c, st);
	}
	/* A new initiative needs these even when the client left them out. */
	if (json_string_length(json_object_get(values, "title")) == 0)
		ctx_field(c, "title", "is required");
	if (json_string_length(json_object_get(values, "area")) == 0)
		ctx_field(c, "area", "is required");
	if (json_array_size(json_object_get(values, "elements")) == 0)
		ctx_field(c, "elements", "choose at least one");
	if (c->error_fields != NULL)
		return refuse_fields(c, values, NULL);
	st = db_initiative_create(c->app->db, ctx_location_id(c), values,
	    c->auth.user_id, &row);
	if (st != DB_OK || row == NULL) {
		json_decref(values);
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	}
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	st = language_save(c, DB_CONTENT_INITIATIVE, id, values);
	if (st == DB_OK)
		st = reach_save(c, id, values);
	if (st == DB_OK)
		st = ctx_audit(c, "initiative_created", json_pack("{s:I, s:O, s:O}",
	    "initiative_id", (json_int_t)id, "title", json_object_get(values,
	    "title"), "visibility", json_object_get(values, "visibility")));
	json_decref(values);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return saved(c, id, 201);
}

/* --------------------------------------------------------------- edits */

static const char *const edited_fields[] = { "title", "summary", "area",
	"elements", "outcome_areas", "status", "visibility", "lead_user_id",
	"partners", "target_groups", "start_date", "end_date", "scope",
	"mainstream", "lead_agency", "funding_sources", "locations", NULL };

/* The audit entries of an edit: which fields changed, the status and
 * publication, each its own entry so the trail reads plainly. */
static enum db_status
audit_edit(struct ctx *c, long long id, json_t *before, json_t *after)
{
	json_t		*changed = json_array(), *a, *b;
	enum db_status	 st = DB_OK;
	size_t		 i;

	for (i = 0; edited_fields[i] != NULL; i++) {
		a = json_object_get(after, edited_fields[i]);
		b = json_object_get(before, edited_fields[i]);
		if (!json_equal(a, b) && !(a == NULL && json_is_null(b)))
			json_array_append_new(changed,
			    json_string(edited_fields[i]));
	}
	if (json_array_size(changed) > 0)
		st = ctx_audit(c, "initiative_edited", json_pack("{s:I, s:O}",
		    "initiative_id", (json_int_t)id, "fields", changed));
	a = json_object_get(after, "status");
	b = json_object_get(before, "status");
	if (st == DB_OK && !json_equal(a, b))
		st = ctx_audit(c, "initiative_status_changed", json_pack(
		    "{s:I, s:O, s:O}", "initiative_id", (json_int_t)id, "from",
		    b, "to", a));
	a = json_object_get(after, "visibility");
	b = json_object_get(before, "visibility");
	if (st == DB_OK && !json_equal(a, b))
		st = ctx_audit(c, strcmp(json_string_value(a), "public") == 0 ?
		    "initiative_published" : "initiative_unpublished",
		    json_pack("{s:I}", "initiative_id", (json_int_t)id));
	json_decref(changed);
	return st;
}

/* The person's values over the current ones, for a form shown again. */
static json_t *
merged(json_t *ini)
{
	json_t	*v = json_object();
	size_t	 i;

	for (i = 0; edited_fields[i] != NULL; i++)
		json_object_set(v, edited_fields[i], json_object_get(ini,
		    edited_fields[i]));
	json_object_set(v, "version", json_object_get(ini, "version"));
	return v;
}

int
initiative_edit(struct ctx *c)
{
	json_t		*ini, *values, *row = NULL;
	long long	 version, id;
	enum db_status	 st;
	int		 status;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		return status;
	id = json_integer_value(json_object_get(ini, "id"));
	values = merged(ini);
	version = field_version(c);
	if ((st = read_fields(c, values)) != DB_OK) {
		json_decref(values);
		json_decref(ini);
		return ctx_db_fail(c, st);
	}
	if (version != 0 && version != json_integer_value(json_object_get(ini,
	    "version"))) {
		initiative_decorate(ini, 0);
		/* Saving the form again is then a choice made knowingly. */
		json_object_set(values, "version", json_object_get(ini,
		    "version"));
		status = ctx_conflict(c, "Someone else saved this initiative "
		    "after you opened it. Their version is shown beside yours: "
		    "nothing has been changed.", json_deep_copy(ini));
		return form_page(c, values, ini, status);
	}
	if (c->error_fields != NULL) {
		initiative_decorate(ini, 0);
		return refuse_fields(c, values, ini);
	}
	st = db_initiative_save(c->app->db, ctx_location_id(c), id, values,
	    &row);
	if (st == DB_OK && row != NULL)
		st = language_save(c, DB_CONTENT_INITIATIVE, id,
		    values);
	if (st == DB_OK && row != NULL)
		st = reach_save(c, id, values);
	if (st == DB_OK && row != NULL)
		st = audit_edit(c, id, ini, values);
	json_decref(row);
	json_decref(values);
	json_decref(ini);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return saved(c, id, 200);
}
