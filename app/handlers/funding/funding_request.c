/*
 * funding_request: funding requests — loading one as the asker may see it,
 * its page, and the application form (a draft saved on the server,
 * finished later).  The lists (the working group's queue, an applicant's
 * own requests) are in funding_list.c, transitions in transition.c,
 * reviews in review.c, the fields and their checks in funding_fields.c.
 *
 * Creating is idempotent: the form carries a key made when it was shown
 * (API clients may send their own client_key), and a replay of the same
 * key answers the request it made the first time.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../auth/token.h"
#include "../../db/funding.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../../util/money.h"
#include "assist.h"
#include "../fields.h"
#include "funding_request.h"

#define BUDGET_ROWS_MIN	5	/* blank lines a form offers at least */

/* ------------------------------------------------------------ standing */

static enum db_status
read_standing(struct ctx *c, json_t *req, struct standing *s)
{
	json_t		*mine = NULL;
	enum db_status	 st;

	memset(s, 0, sizeof(*s));
	s->applicant = json_integer_value(json_object_get(req,
	    "applicant_id")) == c->auth.user_id;
	s->national = c->role == NULL && auth_national_role(&c->auth) != NULL;
	s->coordinator = role_can_manage(role_parse(c->role));
	s->reviewer = !s->applicant && role_can_write(role_parse(c->role));
	if (s->reviewer) {
		if ((st = db_review_mine(c->app->db, json_integer_value(
		    json_object_get(req, "id")), c->auth.user_id, &mine)) !=
		    DB_OK)
			return st;
		s->conflicted = json_is_true(json_object_get(mine, "conflict"));
		json_decref(mine);
	}
	s->actors = (s->applicant ? FUNDING_APPLICANT : 0) |
	    (s->coordinator && !s->applicant && !s->conflicted ?
	    FUNDING_COORDINATOR : 0);
	return DB_OK;
}

int
request_load(struct ctx *c, int lock, json_t **req, struct standing *s)
{
	return request_load_id(c, ctx_param_id(c, "id"), lock, req, s);
}

int
request_load_id(struct ctx *c, long long n, int lock, json_t **req,
    struct standing *s)
{
	const char	*state;
	enum db_status	 st;

	*req = NULL;
	memset(s, 0, sizeof(*s));
	if (n == 0)
		goto none;
	if ((st = db_request_get(c->app->db, ctx_location_id(c), n, lock,
	    req)) != DB_OK)
		return ctx_db_fail(c, st);
	if (*req == NULL)
		goto none;
	if ((st = read_standing(c, *req, s)) != DB_OK) {
		json_decref(*req);
		*req = NULL;
		return ctx_db_fail(c, st);
	}
	state = json_string_value(json_object_get(*req, "state"));
	/* Row-level security hides drafts already; this is the first lock. */
	if (s->applicant || ((c->role != NULL || s->national) &&
	    strcmp(state, "draft") != 0))
		return 0;
	json_decref(*req);
	*req = NULL;
none:
	return ctx_fail(c, 404, "There is no such funding request here.");
}

/* ----------------------------------------------------------------- views */

void
request_name_state(json_t *row, const char *field, const char *name_field)
{
	json_object_set_new(row, name_field, json_string(vocab_name(
	    vocab_funding_states, json_string_value(json_object_get(row,
	    field)))));
}

/* The reviews a request needs before approval: one under the fast track. */
static long long
reviews_needed(json_t *req)
{
	json_t	*amount = json_object_get(req, "amount_cents");

	return json_is_integer(amount) && json_integer_value(amount) <=
	    json_integer_value(json_object_get(req, "fast_track_cents")) ? 1 :
	    json_integer_value(json_object_get(req, "quorum"));
}

/* Adds the names people read; drops what this asker may not see. */
static void
decorate(json_t *req, const struct standing *s)
{
	request_name_state(req, "state", "state_name");
	json_object_set_new(req, "area_name", json_string(vocab_name(
	    vocab_areas, json_string_value(json_object_get(req, "area")))));
	json_object_set_new(req, "element_names", vocab_named(vocab_elements,
	    json_object_get(req, "elements")));
	json_object_set_new(req, "reviews_needed", json_integer(
	    reviews_needed(req)));
	/* Reviewers judge the proposal, not the person. */
	if (!s->applicant && !s->coordinator)
		json_object_del(req, "contact");
	/* How the review stands is the working group's business. */
	if (s->applicant)
		json_object_del(req, "reviews_done");
}

int
request_page(struct ctx *c, json_t *req, const struct standing *s)
{
	json_t		*events = NULL, *reports = NULL, *e, *actions, *reviews;
	const char	*state = json_string_value(json_object_get(req, "state"));
	long long	 id = json_integer_value(json_object_get(req, "id"));
	enum db_status	 st;
	size_t		 i;

	if ((st = db_request_events(c->app->db, id, &events)) != DB_OK ||
	    (st = db_request_reports(c->app->db, id, &reports)) != DB_OK) {
		json_decref(events);
		json_decref(req);
		return ctx_db_fail(c, st);
	}
	json_array_foreach(events, i, e)
		request_name_state(e, "to_state", "to_state_name");
	assist_events(events);
	actions = funding_actions(state, s->actors);
	if ((st = reviews_view(c, req, s, &reviews)) != DB_OK) {
		json_decref(events);
		json_decref(reports);
		json_decref(actions);
		json_decref(req);
		return ctx_db_fail(c, st);
	}
	if ((st = assist_view(c, req, s)) != DB_OK) {
		json_decref(events);
		json_decref(reports);
		json_decref(actions);
		json_decref(reviews);
		json_decref(req);
		return ctx_db_fail(c, st);
	}
	decorate(req, s);
	json_object_set_new(req, "events", events);
	json_object_set_new(req, "reports", reports);
	json_object_set_new(req, "actions", actions);
	if (reviews != NULL)
		json_object_set_new(req, "reviews", reviews);
	ctx_view_merge(c, json_pack("{s:o, s:o, s:b, s:b, s:b, s:b, s:b, s:b}",
	    "location", ctx_location_public(c), "request", req, "can_edit",
	    s->applicant && funding_editable(state), "can_review",
	    s->reviewer && !s->conflicted && funding_reviewable(state),
	    "conflicted", s->conflicted, "applicant", s->applicant,
	    "working_group", c->role != NULL, "coordinator", s->coordinator &&
	    !s->applicant));
	return 0;
}

int
request_show(struct ctx *c)
{
	struct standing	 s;
	json_t		*req;
	int		 status;

	if ((status = request_load(c, 0, &req, &s)) != 0 ||
	    (status = request_page(c, req, &s)) != 0)
		return status;
	/* The API answers the request itself (routes.c json_member). */
	return 200;
}

void
request_url(const struct ctx *c, long long id, char *out, size_t outsz)
{
	snprintf(out, outsz, "/l/%s/requests/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
}

int
request_saved_view(struct ctx *c, long long id)
{
	struct standing	 s;
	json_t		*req = NULL;
	enum db_status	 st;

	if ((st = db_request_get(c->app->db, ctx_location_id(c), id, 0,
	    &req)) != DB_OK)
		return ctx_db_fail(c, st);
	if (req == NULL)
		return ctx_fail(c, 500, "The request was saved but cannot be "
		    "read back.");
	if ((st = read_standing(c, req, &s)) != DB_OK) {
		json_decref(req);
		return ctx_db_fail(c, st);
	}
	json_decref(c->view);
	c->view = NULL;
	return request_page(c, req, &s);
}

int
request_saved(struct ctx *c, long long id, int status)
{
	char	 to[160];
	int	 failed;

	/* The API answers the page's request (routes.c json_member). */
	if ((failed = request_saved_view(c, id)) != 0)
		return failed;
	request_url(c, id, to, sizeof(to));
	return ctx_done(c, status, to);
}

/* ---------------------------------------------------------------- forms */

/* The request's fields as the form holds them. */
static json_t *
values_of(json_t *req)
{
	static const char *const copied[] = { "title", "description", "area",
	    "elements", "amount_cents", "budget", "beneficiaries",
	    "beneficiary_count", "timeline", "version", NULL };
	json_t	*v = json_object(), *contact = json_object_get(req, "contact");
	size_t	 i;

	for (i = 0; copied[i] != NULL; i++)
		json_object_set(v, copied[i], json_object_get(req, copied[i]));
	json_object_set(v, "contact_name", json_object_get(contact, "name"));
	json_object_set(v, "contact_email", json_object_get(contact, "email"));
	json_object_set(v, "contact_phone", json_object_get(contact, "phone"));
	return v;
}

static json_t *
defaults(void)
{
	return json_pack("{s:s, s:s, s:n, s:[], s:n, s:[], s:s, s:n, s:s, "
	    "s:s, s:s, s:s}", "title", "", "description", "", "area",
	    "elements", "amount_cents", "budget", "beneficiaries", "",
	    "beneficiary_count", "timeline", "", "contact_name", "",
	    "contact_email", "", "contact_phone", "");
}

/* The budget's rows for the form: each line, then blank ones. */
static json_t *
budget_rows(json_t *budget)
{
	json_t	*rows = json_array(), *line;
	size_t	 i, n = json_array_size(budget), total;

	total = n + 3 < BUDGET_ROWS_MIN ? BUDGET_ROWS_MIN : n + 3;
	if (total > REQUEST_BUDGET_LINES)
		total = REQUEST_BUDGET_LINES;
	for (i = 0; i < total; i++) {
		line = json_array_get(budget, i);
		json_array_append_new(rows, json_pack("{s:i, s:O?, s:o}", "n",
		    (int)i + 1, "item", json_object_get(line, "item"), "amount",
		    json_object_get(line, "amount") != NULL ? json_incref(
		    json_object_get(line, "amount")) : field_dollars(
		    json_object_get(line, "amount_cents"))));
	}
	return rows;
}

/* The form's fields: { element id, where its messages go }. */
static const char *const form_fields[][2] = { { "language", NULL },
	{ "title", NULL },
	{ "description", NULL }, { "area", NULL }, { "elements", NULL },
	{ "amount", "amount_cents" }, { "budget", NULL },
	{ "beneficiaries", NULL }, { "beneficiary_count", NULL },
	{ "timeline", NULL }, { "contact_name", NULL }, { "contact_email", NULL },
	{ "contact_phone", NULL }, { NULL, NULL } };

/* Answers the form page with values (stolen) and a fresh key. */
static int
form_page(struct ctx *c, json_t *values, json_t *round, json_t *req,
    int status)
{
	char	 key[TOKEN_TEXT];
	json_t	*form = values;

	json_object_set_new(form, "area_options", vocab_options(vocab_areas,
	    json_string_value(json_object_get(values, "area"))));
	json_object_set_new(form, "element_checks", field_checks(
	    vocab_elements, json_object_get(values, "elements")));
	json_object_set_new(form, "amount", field_dollars(json_object_get(
	    values, "amount_cents")));
	json_object_set_new(form, "budget_rows", budget_rows(json_object_get(
	    values, "budget")));
	json_object_set_new(form, "language_options", language_options(c,
	    json_string_value(json_object_get(values, "language"))));
	assist_form(c, form);
	if (json_object_get(form, "client_key") == NULL) {
		token_new(key);
		json_object_set_new(form, "client_key", json_string(key));
	}
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o, s:o?, s:o?}", "location",
	    ctx_location_public(c), "form", form, "field", field_states(c,
	    form_fields), "round", round, "request", req));
	return status;
}

static int
refuse(struct ctx *c, json_t *values, json_t *round, json_t *req)
{
	return form_page(c, values, round, req, ctx_invalid(c, NULL));
}

/* National staff oversee; they do not apply. */
static int
applicant_only(struct ctx *c)
{
	return c->role == NULL && auth_national_role(&c->auth) != NULL ?
	    ctx_fail(c, 403, "National staff can read every location but "
	    "change none.") : 0;
}

/* The round a new request is for: the page's, or the body's round_id. */
static int
open_round(struct ctx *c, json_t **round)
{
	char		 buf[24];
	const char	*given;
	long long	 id = ctx_param_id(c, "id");
	int		 status;

	*round = NULL;
	if (id == 0) {
		given = ctx_input_scalar(c, "round_id", buf);
		if (given == NULL || valid_int(given, 1, INT64_MAX, &id) !=
		    NULL) {
			ctx_field(c, "round_id", N_("is required: the id of an "
			    "open funding round of this location"));
			return ctx_fail(c, 422, "Some fields need attention: see "
			    "fields.");
		}
		if ((status = round_load(c, id, 0, round)) == 404) {
			c->error_code = NULL;
			ctx_field(c, "round_id", "is not a funding round of this "
			    "location");
			return ctx_fail(c, 422, "Some fields need attention: "
			    "see fields.");
		}
	} else
		status = round_load(c, id, 0, round);
	if (status != 0)
		return status;
	if (strcmp(json_string_value(json_object_get(*round, "round_state")),
	    "open") == 0)
		return 0;
	json_decref(*round);
	*round = NULL;
	return ctx_fail(c, 409, "This funding round is not open for "
	    "applications.");
}

int
request_new_form(struct ctx *c)
{
	json_t	*round;
	int	 status;

	if ((status = assist_wanted(c) ? assist_allowed(c) :
	    applicant_only(c)) != 0 ||
	    (status = open_round(c, &round)) != 0)
		return status;
	return form_page(c, defaults(), round, NULL, 200);
}

/* A replayed create: the request the key made, when it is this one's. */
static int
replayed(struct ctx *c, const char *key)
{
	json_t		*row = NULL;
	enum db_status	 st;
	long long	 id;

	if ((st = db_request_by_key(c->app->db, c->auth.user_id, key,
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL || !json_equal(json_object_get(row, "location_id"),
	    json_object_get(c->location, "id"))) {
		json_decref(row);
		return ctx_fail(c, 409, "This client_key made a request "
		    "elsewhere already: use a new one.");
	}
	id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return request_saved(c, id, 200);
}

/* A new request's language, its "created" event and the audit entry
 * (which has carried the round's id as text). */
static enum db_status
request_created(struct ctx *c, long long id, json_t *values,
    json_t *round)
{
	char		 round_key[24];
	enum db_status	 st;

	ctx_id_text(json_integer_value(json_object_get(round, "id")),
	    round_key);
	st = language_save(c, DB_CONTENT_REQUEST, id, values);
	if (st == DB_OK)
		st = db_request_event_add(c->app->db, &(struct db_request_event){
		    .location_id = ctx_location_id(c), .request_id = id,
		    .actor = c->auth.user_id, .action = "created",
		    .from = "draft", .to = "draft" });
	if (st == DB_OK)
		st = ctx_audit(c, "funding_request_created", json_pack(
		    "{s:I, s:s}", "request_id", (json_int_t)id, "round_id",
		    round_key));
	return st;
}

int
request_create(struct ctx *c)
{
	struct assist	 a;
	char		*key = NULL;
	const char	*given = ctx_input(c, "client_key");
	json_t		*round, *values, *row = NULL;
	enum db_status	 st;
	long long	 id;
	int		 status, assisted = assist_wanted(c);

	if ((status = assisted ? assist_allowed(c) : applicant_only(c)) != 0 ||
	    (status = open_round(c, &round)) != 0)
		return status;
	memset(&a, 0, sizeof(a));
	values = defaults();
	if (given != NULL && valid_text(given, 1, 100, 0, &key) != NULL)
		ctx_field(c, "client_key", "must be one line of 1 to 100 "
		    "characters");
	if (given != NULL)
		json_object_set_new(values, "client_key", json_string(given));
	request_read_fields(c, values);
	if (assisted)
		assist_read(c, &a, values);
	if (c->error_fields != NULL) {
		status = refuse(c, values, round, NULL);	/* takes both */
		values = round = NULL;
		goto out;
	}
	st = db_request_create(c->app->db, &(struct db_request_new){
	    .location_id = ctx_location_id(c), .round_id = json_integer_value(
	    json_object_get(round, "id")), .applicant = c->auth.user_id,
	    .key = key, .fields = values }, &row);
	if (st == DB_OK && row == NULL) {
		status = replayed(c, key);
		goto out;
	}
	id = json_integer_value(json_object_get(row, "id"));
	/* The assisted part first, so the timeline and the audit say for
	 * whom. */
	if (st == DB_OK && assisted)
		st = assist_save(c, id, &a);
	if (st == DB_OK)
		st = request_created(c, id, values, round);
	status = st != DB_OK ? ctx_db_fail(c, st) : assisted ?
	    assist_saved(c, id, &a) : request_saved(c, id, 201);
out:
	json_decref(round);
	json_decref(values);
	json_decref(row);
	free(key);
	assist_free(&a);
	return status;
}

/* The applicant changes a draft, or a request whose information was
 * asked for; anyone else is refused. */
static int
editable(struct ctx *c, json_t *req, const struct standing *s)
{
	char		 msg[160];
	const char	*state = json_string_value(json_object_get(req, "state"));

	if (!s->applicant)
		return ctx_fail(c, 403, "Only the applicant can change a "
		    "funding request.");
	if (funding_editable(state))
		return 0;
	snprintf(msg, sizeof(msg), _("This request is %s: it can be changed "
	    "only as a draft or when the working group asks for more "
	    "information."), vocab_name(vocab_funding_states, state));
	return ctx_fail(c, 409, msg);
}

/* Loads the request (held with lock) when the asker may change it now;
 * else 404, 403 or 409 as editable() says. */
static int
load_editable(struct ctx *c, int lock, json_t **req, struct standing *s)
{
	int	 status;

	if ((status = request_load(c, lock, req, s)) != 0)
		return status;
	if ((status = editable(c, *req, s)) != 0) {
		json_decref(*req);
		*req = NULL;
	}
	return status;
}

int
request_edit_form(struct ctx *c)
{
	struct standing	 s;
	json_t		*req;
	int		 status;

	if ((status = load_editable(c, 0, &req, &s)) != 0)
		return status;
	return form_page(c, values_of(req), NULL, req, 200);
}

static const char *const edited_fields[] = { "title", "description", "area",
	"elements", "amount_cents", "budget", "beneficiaries",
	"beneficiary_count", "timeline", "contact_name", "contact_email",
	"contact_phone", NULL };

static json_t *
changed_fields(json_t *before, json_t *after)
{
	json_t	*changed = json_array();
	size_t	 i;

	for (i = 0; edited_fields[i] != NULL; i++)
		if (!json_equal(json_object_get(before, edited_fields[i]),
		    json_object_get(after, edited_fields[i])))
			json_array_append_new(changed,
			    json_string(edited_fields[i]));
	return changed;
}

int
request_edit(struct ctx *c)
{
	struct standing	 s;
	char		 buf[24];
	const char	*given = ctx_input_scalar(c, "version", buf);
	json_t		*req, *before, *values, *row = NULL;
	long long	 id, version = 0;
	enum db_status	 st;
	int		 status;

	/* Read first: the working group may not lock a request (row-level
	 * security hides it from FOR UPDATE), and is to hear 403, not 404.
	 * Then held, and checked again as it stands once held. */
	if ((status = load_editable(c, 0, &req, &s)) != 0)
		return status;
	json_decref(req);
	if ((status = load_editable(c, 1, &req, &s)) != 0)
		return status;
	id = json_integer_value(json_object_get(req, "id"));
	before = values_of(req);
	values = values_of(req);
	if (given != NULL && given[0] != '\0')
		version = field_version(c);
	request_read_fields(c, values);
	if (version != 0 && version != json_integer_value(json_object_get(req,
	    "version"))) {
		json_decref(before);
		status = ctx_conflict(c, "This request was changed after you "
		    "opened it (perhaps in another window): nothing has been "
		    "saved.", json_deep_copy(req));
		json_object_set(values, "version", json_object_get(req,
		    "version"));
		return form_page(c, values, NULL, req, status);
	}
	if (c->error_fields != NULL) {
		json_decref(before);
		return refuse(c, values, NULL, req);
	}
	json_decref(req);
	st = db_request_save(c->app->db, ctx_location_id(c), id, version,
	    values, &row);
	json_decref(row);
	if (st == DB_OK)
		st = language_save(c, DB_CONTENT_REQUEST, id, values);
	if (st == DB_OK)
		st = ctx_audit(c, "funding_request_edited", json_pack(
		    "{s:I, s:o}", "request_id", (json_int_t)id, "fields",
		    changed_fields(before, values)));
	json_decref(before);
	json_decref(values);
	return st != DB_OK ? ctx_db_fail(c, st) : request_saved(c, id, 200);
}
