/*
 * transition: moving a funding request along the state machine of
 * app/domain/funding.c — the one handler behind every button of a
 * request's page and POST .../requests/{id}/transitions.
 *
 * Each transition is checked in one order: the action exists (422), the
 * asker may take it (403), the request is in a state it leaves (409),
 * what it carries is valid (422, and the page shown again with the
 * person's input), and what it depends on holds (the quorum, money left
 * in the pool: 409).  Then the request moves, its timeline, the audit
 * trail and the outbox are written, all in the request's transaction:
 * any refusal on the way changes nothing.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/funding.h"
#include "../../db/initiative.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../../util/money.h"
#include "../../util/utf8.h"
#include "assist.h"
#include "../fields.h"
#include "funding_request.h"
#include "../initiatives/initiative.h"

#define NOTE_MAX	5000
#define REPORT_MAX	20000
#define REFERENCE_MAX	200
#define MONEY_MAX	100000000000LL

/* What the request becomes: the statements' parameters, as text. */
struct move {
	const struct funding_transition *t;
	long long	 request_id;
	int		 page;		/* a 422 shows the request's page */
	json_t		*req;		/* the request, locked */
	json_t		*values;	/* what the body carried, checked */
	long long	 loc, id, user;	/* location, request, asker */
	const char	*reason, *paid_on, *reference, *note;
	long long	 amount;	/* approved or paid */
};

static long long
req_int(json_t *req, const char *name)
{
	return json_integer_value(json_object_get(req, name));
}

static const char *
req_text(json_t *req, const char *name)
{
	return json_string_value(json_object_get(req, name));
}

/* Records "is required" for a field the body did not carry, or left
 * empty (read as null). */
static void
required(struct ctx *c, json_t *values, const char *name)
{
	json_t	*v = json_object_get(values, name);

	if ((v == NULL || json_is_null(v)) && (c->error_fields == NULL ||
	    json_object_get(c->error_fields, name) == NULL))
		ctx_field(c, name, "is required");
}

/* Why the asker may not take t at all, as a 403. */
static int
wrong_actor(struct ctx *c, const struct funding_transition *t,
    const struct standing *s)
{
	if (t->actor == FUNDING_APPLICANT)
		return ctx_fail(c, 403, "Only the applicant can do this.");
	if (s->applicant)
		return ctx_fail(c, 403, "You made this request: another "
		    "coordinator decides on it.");
	if (s->conflicted)
		return ctx_fail(c, 403, "You declared a conflict of interest on "
		    "this request, so you cannot decide on it.");
	return ctx_fail(c, 403, "Only a coordinator of this location can do "
	    "this.");
}

static int
wrong_state(struct ctx *c, const struct funding_transition *t,
    json_t *req)
{
	const char	*state = req_text(req, "state");
	char		 msg[200];

	snprintf(msg, sizeof(msg), _("This request is %s: \"%s\" is not "
	    "possible now."), vocab_name(vocab_funding_states, state),
	    t->label);
	json_decref(c->error_extra);
	c->error_extra = json_pack("{s:s}", "state", state);
	return ctx_fail(c, 409, msg);
}

/* ------------------------------------------------------- the body's fields */

static void
read_amount(struct ctx *c, struct move *m, const char *limit_field,
    const char *limit_message)
{
	json_t		*v;
	long long	 limit = req_int(m->req, limit_field);
	char		 a[MONEY_TEXT], msg[160];

	field_cents(c, m->values, "amount_cents", "amount", 1, MONEY_MAX);
	required(c, m->values, "amount_cents");
	if (!json_is_integer(v = json_object_get(m->values, "amount_cents")))
		return;
	m->amount = json_integer_value(v);
	if (m->amount > limit) {
		snprintf(msg, sizeof(msg), _("must be at most %s, %s"),
		    money_text(a, limit), limit_message);
		ctx_field(c, "amount_cents", msg);
	}
}

/* Approving may link the request to an initiative of the location, or
 * start one with the request's title, area and elements. */
static void
read_initiative(struct ctx *c, struct move *m)
{
	field_int(c, m->values, "initiative_id", 1, INT64_MAX);
	field_bool(c, m->values, "create_initiative", 1);
	if (json_is_integer(json_object_get(m->values, "initiative_id")) &&
	    json_is_true(json_object_get(m->values, "create_initiative")))
		ctx_field(c, "initiative_id", "choose an initiative to link or "
		    "create a new one, not both");
}

static void
read_payment(struct ctx *c, struct move *m)
{
	read_amount(c, m, "approved_cents", N_("the amount approved"));
	field_date(c, m->values, "paid_on");
	required(c, m->values, "paid_on");
	if (json_is_null(json_object_get(m->values, "paid_on")))
		ctx_field(c, "paid_on", "is required");
	field_text(c, m->values, "reference", 1, REFERENCE_MAX, 0);
	required(c, m->values, "reference");
}

static void
read_report(struct ctx *c, struct move *m)
{
	field_text(c, m->values, "body", 1, REPORT_MAX, 1);
	required(c, m->values, "body");
	field_int(c, m->values, "people_reached", 0, 1000000);
	required(c, m->values, "people_reached");
	if (json_is_null(json_object_get(m->values, "people_reached")))
		ctx_field(c, "people_reached", "is required");
	field_cents(c, m->values, "spent_cents", "spent", 0, MONEY_MAX);
	required(c, m->values, "spent_cents");
	if (json_is_null(json_object_get(m->values, "spent_cents")))
		ctx_field(c, "spent_cents", "is required");
	field_bool(c, m->values, "story_consent", 1);
	field_bool(c, m->values, "story_named", 1);
}

/* Reads what t needs into m->values, with a message by each bad field. */
static void
read_body(struct ctx *c, struct move *m)
{
	int	 needs = m->t->needs;

	if (needs & NEED_NOTE) {
		field_text(c, m->values, "note", 1, NOTE_MAX, 1);
		required(c, m->values, "note");
	}
	if (needs & NEED_REASON) {
		field_text(c, m->values, "reason", 1, NOTE_MAX, 1);
		required(c, m->values, "reason");
	}
	if (needs & NEED_AMOUNT) {
		read_amount(c, m, "amount_cents", N_("the amount asked for"));
		read_initiative(c, m);
	}
	if (needs & NEED_PAYMENT)
		read_payment(c, m);
	if (needs & NEED_REPORT)
		read_report(c, m);
	if (needs & NEED_COMPLETE)
		request_check_complete(c, m->req);
	m->note = json_string_value(json_object_get(m->values, "note"));
	m->reason = json_string_value(json_object_get(m->values, "reason"));
	m->paid_on = json_string_value(json_object_get(m->values, "paid_on"));
	m->reference = json_string_value(json_object_get(m->values,
	    "reference"));
}

/* --------------------------------------------------------- what it needs */

static int
quorum_met(struct ctx *c, json_t *req)
{
	long long	 done = req_int(req, "reviews_done");
	long long	 needed = req_int(req, "quorum");
	char		 msg[200];

	if (req_int(req, "amount_cents") <= req_int(req, "fast_track_cents"))
		needed = 1;
	if (done >= needed)
		return 0;
	snprintf(msg, sizeof(msg), ctx_plural(c, "This request needs %lld "
	    "review from members without a conflict of interest before it can "
	    "be approved; it has %lld.", "This request needs %lld reviews "
	    "from members without a conflict of interest before it can be "
	    "approved; it has %lld.", (unsigned long)needed), needed, done);
	json_decref(c->error_extra);
	c->error_extra = json_pack("{s:I, s:I}", "reviews_needed",
	    (json_int_t)needed, "reviews_done", (json_int_t)done);
	return ctx_fail(c, 409, msg);
}

/* Commits the approved amount from the round's pool, or refuses with
 * what is left: the statement holds the round's row, so approvals made
 * at the same moment are counted one after another. */
static int
take_from_pool(struct ctx *c, struct move *m)
{
	char		 a[MONEY_TEXT], b[MONEY_TEXT], msg[200];
	json_t		*row = NULL, *left = NULL;
	enum db_status	 st;
	long long	 remaining, round = req_int(m->req, "round_id");

	if ((st = db_round_approve(c->app->db, m->loc, round, m->amount,
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row != NULL) {
		json_decref(row);
		return 0;
	}
	if ((st = db_round_get(c->app->db, m->loc, round, 0, &left)) != DB_OK)
		return ctx_db_fail(c, st);
	remaining = req_int(left, "remaining_cents");
	json_decref(left);
	snprintf(msg, sizeof(msg), _("Only %s is left in this round's pool: "
	    "%s cannot be approved."), money_text(a, remaining),
	    money_text(b, m->amount));
	json_decref(c->error_extra);
	c->error_extra = json_pack("{s:I}", "remaining_cents",
	    (json_int_t)remaining);
	ctx_field(c, "amount_cents", "is more than the pool has left");
	return ctx_fail(c, 409, msg);
}

static int
record_payment(struct ctx *c, struct move *m)
{
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_round_pay(c->app->db, m->loc, req_int(m->req, "round_id"),
	    m->amount, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	json_decref(row);
	return 0;
}

static int
record_report(struct ctx *c, struct move *m)
{
	enum db_status	 st;

	st = db_request_report_add(c->app->db, &(struct db_request_report){
	    .location_id = m->loc, .request_id = m->id, .author = m->user,
	    .body = req_text(m->values, "body"),
	    .people_reached = req_int(m->values, "people_reached"),
	    .spent_cents = req_int(m->values, "spent_cents"),
	    .story_consent = json_is_true(json_object_get(m->values,
	    "story_consent")),
	    .story_named = json_is_true(json_object_get(m->values,
	    "story_named")) });
	return st != DB_OK ? ctx_db_fail(c, st) : 0;
}

/* The initiative an approval links to: one given, of this location, or
 * a new one in the tracker with the request's title, area and elements.
 * 0 with *id set (0: none), or an error status. */
static int
link_initiative(struct ctx *c, struct move *m, long long *id)
{
	json_t		*row = NULL, *fields;
	enum db_status	 st;

	*id = req_int(m->values, "initiative_id");
	if (*id != 0) {
		if ((st = db_initiative_get(c->app->db, m->loc, *id, 0,
		    &row)) != DB_OK)
			return ctx_db_fail(c, st);
		/* One it only takes part in is another location's. */
		if (row != NULL && !initiative_owned(c, row)) {
			json_decref(row);
			row = NULL;
		}
		if (row == NULL) {
			ctx_field(c, "initiative_id", "is not an initiative of "
			    "this location");
			return ctx_fail(c, 422, "Some fields need attention: see "
			    "fields.");
		}
	} else if (json_is_true(json_object_get(m->values,
	    "create_initiative"))) {
		/* Planned, for the working group, with no lead or dates. */
		if ((fields = json_pack("{s:O?, s:O?, s:O?, s:O?, s:[], s:s, "
		    "s:s, s:[], s:[]}", "title", json_object_get(m->req,
		    "title"),
		    "summary", json_object_get(m->req, "description"), "area",
		    json_object_get(m->req, "area"), "elements",
		    json_object_get(m->req, "elements"), "outcome_areas",
		    "status", "planned", "visibility", "working_group",
		    "partners", "target_groups")) == NULL)
			return ctx_fail(c, 500, "Out of memory.");
		st = db_initiative_create(c->app->db, m->loc, fields, m->user,
		    &row);
		json_decref(fields);
		if (st != DB_OK || row == NULL)
			return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
		*id = req_int(row, "id");
		if ((st = ctx_audit(c, "initiative_created", json_pack(
		    "{s:I, s:O, s:s, s:I}", "initiative_id", (json_int_t)*id,
		    "title", json_object_get(m->req, "title"), "visibility",
		    "working_group", "funding_request_id", (json_int_t)req_int(
		    m->req, "id")))) != DB_OK) {
			json_decref(row);
			return ctx_db_fail(c, st);
		}
	} else
		return 0;
	json_decref(row);
	if ((st = db_request_link(c->app->db, m->loc, m->id, *id)) != DB_OK)
		return ctx_db_fail(c, st);
	return 0;
}

/* ---------------------------------------------------------------- moving */

static int
move(struct ctx *c, struct move *m)
{
	const int	 needs = m->t->needs;
	const char	*from = req_text(m->req, "state");
	long long	 due = req_int(m->req, "report_due_days");
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_request_move(c->app->db, &(struct db_request_move){
	    .location_id = m->loc, .id = m->id, .from = from, .to = m->t->to,
	    .approved_cents = (needs & NEED_AMOUNT) ? &m->amount : NULL,
	    .decline_reason = m->reason,
	    .paid_cents = (needs & NEED_PAYMENT) ? &m->amount : NULL,
	    .paid_on = m->paid_on, .reference = m->reference,
	    .report_due_days = (needs & NEED_PAYMENT) ? &due : NULL },
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 409, "This request changed while you were "
		    "deciding: look at it again.");
	json_decref(row);
	st = db_request_event_add(c->app->db, &(struct db_request_event){
	    .location_id = m->loc, .request_id = m->id, .actor = m->user,
	    .action = m->t->action, .from = from, .to = m->t->to,
	    .note = m->note != NULL ? m->note : m->reason,
	    .amount = (needs & (NEED_AMOUNT | NEED_PAYMENT)) ? &m->amount :
	    NULL });
	return st != DB_OK ? ctx_db_fail(c, st) : 0;
}

static json_t *
audit_detail(const struct move *m, long long initiative)
{
	json_t	*d = json_pack("{s:I, s:s, s:s, s:s}", "request_id",
	    (json_int_t)req_int(m->req, "id"), "action", m->t->action, "from",
	    req_text(m->req, "state"), "to", m->t->to);

	if (m->t->needs & (NEED_AMOUNT | NEED_PAYMENT))
		json_object_set_new(d, "amount_cents", json_integer(m->amount));
	if (m->reference != NULL)
		json_object_set_new(d, "reference", json_string(m->reference));
	if (m->paid_on != NULL)
		json_object_set_new(d, "paid_on", json_string(m->paid_on));
	if (initiative != 0)
		json_object_set_new(d, "initiative_id", json_integer(initiative));
	return d;
}

/* Tells the location's coordinators, each in their own language, that
 * the request (its title cut at cut bytes, its page at url) was done. */
static enum db_status
notify_coordinators(struct ctx *c, const struct move *m, const char *title,
    int cut, const char *url)
{
	char		 subject[300], body[1200];
	json_t		*texts;
	char		*text;
	enum db_status	 st;
	int		 lang;

	if ((texts = json_object()) == NULL)
		return DB_ERROR;
	for (lang = 0; (size_t)lang < i18n_nlangs; lang++) {
		snprintf(subject, sizeof(subject), i18n_text(lang,
		    N_("Funding request %s: \"%.*s\"")), i18n_text(lang,
		    m->t->done), cut, title);
		snprintf(body, sizeof(body), i18n_text(lang, N_("A funding "
		    "request to %s was %s: \"%.*s\".\n\nReview it at %s\n")),
		    json_string_value(json_object_get(c->location, "name")),
		    i18n_text(lang, m->t->done), cut, title, url);
		json_object_set_new(texts, i18n_code(lang), json_pack("[s, s]",
		    subject, body));
	}
	text = json_dumps(texts, JSON_COMPACT);
	json_decref(texts);
	st = text == NULL ? DB_ERROR : db_notify_coordinators(c->app->db,
	    m->loc, text, "funding_coordinators");
	free(text);
	return st;
}

/* The applicant hears of every change; coordinators of what they act on:
 * a submission and a report. */
static enum db_status
notify(struct ctx *c, const struct move *m)
{
	char		 url[200], subject[300], amount[MONEY_TEXT];
	const char	*note = m->note != NULL ? m->note : m->reason;
	const char	*title = req_text(m->req, "title") != NULL ?
			    req_text(m->req, "title") : "";
	/* Subjects carry at most 200 bytes of the title, cut between
	 * characters: a split one would be refused by the database. */
	int		 cut = (int)utf8_prefix(title, 200);
	json_t		*who = NULL;
	enum db_status	 st;
	int		 n, lang;

	n = snprintf(url, sizeof(url), "%s/l/%s/requests/%lld",
	    c->app->site_url, json_string_value(json_object_get(c->location,
	    "slug")), m->id);
	if (n < 0 || (size_t)n >= sizeof(url))
		return DB_ERROR;
	if ((st = db_request_applicant(c->app->db, m->id, &who)) != DB_OK ||
	    who == NULL)
		return st != DB_OK ? st : DB_ERROR;
	/* The applicant's own language, whatever the page's. */
	lang = i18n_find(json_string_value(json_object_get(who,
	    "preferred_language")));
	snprintf(subject, sizeof(subject), i18n_text(lang, N_("Your funding "
	    "request \"%.*s\" is now: %s")), cut, title, i18n_text(lang,
	    vocab_name(vocab_funding_states, m->t->to)));
	amount[0] = '\0';
	if (m->t->needs & (NEED_AMOUNT | NEED_PAYMENT))
		money_text(amount, m->amount);
	st = ctx_mail(c, "funding_state", json_string_value(
	    json_object_get(who, "email")), lang, subject, "Kia ora %s,\n\n"
	    "Your funding request \"%s\" to %s was %s%s%s.\n%s%s%s\nSee it, "
	    "and what happens next, at %s\n", json_string_value(
	    json_object_get(who, "display_name")), title, json_string_value(
	    json_object_get(c->location, "name")), i18n_text(lang,
	    m->t->done), amount[0] ? ": " : "", amount, note != NULL ?
	    i18n_text(lang, N_("\nThe working group says:\n\n")) : "",
	    note != NULL ? note : "", note != NULL ? "\n" : "", url);
	json_decref(who);
	if (st != DB_OK || !(m->t->needs & (NEED_COMPLETE | NEED_REPORT)))
		return st;
	return notify_coordinators(c, m, title, cut, url);
}

/* Loads the request (held with lock) into m->req and checks the asker
 * may take m->t from its state: 0, or the refusal's status. */
static int
allowed(struct ctx *c, struct move *m, struct standing *s, int lock)
{
	int	 status;

	json_decref(m->req);
	if ((status = request_load_id(c, m->request_id, lock, &m->req, s)) !=
	    0)
		return status;
	switch (funding_check(m->t, req_text(m->req, "state"), s->actors)) {
	case FUNDING_OK:
		return 0;
	case FUNDING_WRONG_ACTOR:
		return wrong_actor(c, m->t, s);
	default:
		return wrong_state(c, m->t, m->req);
	}
}

/* Checks what the transition carries and needs; 0 to go on. */
static int
checked(struct ctx *c, struct move *m, const struct standing *s)
{
	int	 status;

	read_body(c, m);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, json_pack("{s:O, s:s}", "transition",
		    m->values, "action", m->t->action));
		/* Taken at a meeting: the meeting's page shows it again. */
		if (!m->page)
			return status;
		/* The page again, with the person's input by the buttons. */
		json_incref(m->req);
		return (status = request_page(c, m->req, s)) != 0 ? status :
		    422;
	}
	if ((m->t->needs & NEED_QUORUM) && (status = quorum_met(c, m->req)))
		return status;
	return 0;
}

int
request_transition_take(struct ctx *c, long long id, const char *action,
    int page)
{
	struct standing	 s;
	struct move	 m;
	long long	 initiative = 0;
	enum db_status	 st;
	int		 status;

	memset(&m, 0, sizeof(m));
	m.request_id = id;
	m.page = page;
	if ((m.t = funding_transition(action)) == NULL) {
		ctx_field(c, "action", "must be one of submit, start_review, "
		    "request_info, resubmit, approve, decline, withdraw, accept, "
		    "disburse, report, close, request_changes");
		return ctx_fail(c, 422, "That is not something a funding request "
		    "can do: see fields.");
	}
	if (c->role == NULL && auth_national_role(&c->auth) != NULL &&
	    !assist_acting(c))
		return ctx_fail(c, 403, "National staff can read every location "
		    "but change none.");
	/* Read first: members may not lock a request (row-level security
	 * hides it from FOR UPDATE), and they are to hear 403, not 404.
	 * Then held, and checked again as it stands once held. */
	if ((status = allowed(c, &m, &s, 0)) != 0 ||
	    (status = allowed(c, &m, &s, 1)) != 0)
		goto done;
	m.loc = ctx_location_id(c);
	m.id = req_int(m.req, "id");
	m.user = c->auth.user_id;
	m.values = json_object();
	if ((status = checked(c, &m, &s)) != 0 ||
	    ((m.t->needs & NEED_AMOUNT) && ((status = take_from_pool(c,
	    &m)) != 0 || (status = link_initiative(c, &m, &initiative)) !=
	    0)) ||
	    ((m.t->needs & NEED_PAYMENT) && (status = record_payment(c,
	    &m)) != 0) || ((m.t->needs & NEED_REPORT) && (status =
	    record_report(c, &m)) != 0) || (status = move(c, &m)) != 0)
		goto done;
	if ((st = ctx_audit(c, strcmp(m.t->action, "disburse") == 0 ?
	    "funding_payment_recorded" : "funding_transition",
	    audit_detail(&m, initiative))) != DB_OK ||
	    (st = notify(c, &m)) != DB_OK)
		status = ctx_db_fail(c, st);
done:
	json_decref(m.values);
	json_decref(m.req);
	return status;
}

int
request_transition(struct ctx *c)
{
	long long	 id = ctx_param_id(c, "id");
	int		 status;

	if ((status = request_transition_take(c, id, ctx_input(c, "action"),
	    1)) != 0)
		return status;
	return request_saved(c, id, 200);
}
