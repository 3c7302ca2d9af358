/*
 * funding: typed queries behind micro-funding (see funding.h); the SQL
 * is in stmt_funding.inc.
 */
#include <stdlib.h>

#include "funding.h"
#include "param.h"

static long long
integer(const json_t *v, const char *key)
{
	return json_integer_value(json_object_get(v, key));
}

/* ---------------------------------------------------------------- rounds */

enum db_status
db_round_get(struct db *db, long long location_id, long long id, int lock,
    json_t **row)
{
	return row_by_ids(db, lock ? STMT_ROUND_LOCK : STMT_ROUND_GET,
	    location_id, id, row);
}

enum db_status
db_rounds_list(struct db *db, long long location_id, int open_only,
    json_t **rows)
{
	char	 loc[24];

	return db_rows(db, STMT_ROUNDS_LIST, DB_PARAMS(ID(loc, location_id),
	    BOOL(open_only)), rows);
}

enum db_status
db_rounds_open(struct db *db, const char *slug, json_t **rows)
{
	return db_rows(db, STMT_ROUNDS_OPEN, DB_PARAMS(slug), rows);
}

/* A round's fields as the statements take them (ROUND_CREATE's $2 on). */
struct round_fields {
	const char	*name, *opens_on, *closes_on, *conditions;
	char		 pool[24], max[24], quorum[24], fast[24], due[24];
};

static void
round_fields(const json_t *v, struct round_fields *r)
{
	r->name = param_json_text(v, "name");
	r->opens_on = param_json_text(v, "opens_on");
	r->closes_on = param_json_text(v, "closes_on");
	r->conditions = param_json_text(v, "conditions");
	ID(r->pool, integer(v, "pool_cents"));
	ID(r->max, integer(v, "max_request_cents"));
	ID(r->quorum, integer(v, "quorum"));
	ID(r->fast, integer(v, "fast_track_cents"));
	ID(r->due, integer(v, "report_due_days"));
}

enum db_status
db_round_create(struct db *db, long long location_id, const json_t *fields,
    long long created_by, json_t **row)
{
	struct round_fields r;
	char		 loc[24], user[24];

	round_fields(fields, &r);
	return db_row(db, STMT_ROUND_CREATE, DB_PARAMS(ID(loc, location_id),
	    r.name, r.pool, r.max, r.opens_on, r.closes_on, r.quorum, r.fast,
	    r.due, r.conditions, ID(user, created_by)), row);
}

enum db_status
db_round_save(struct db *db, long long location_id, long long id,
    const json_t *fields, json_t **row)
{
	struct round_fields r;
	char		 loc[24], key[24];

	round_fields(fields, &r);
	return db_row(db, STMT_ROUND_SAVE, DB_PARAMS(ID(loc, location_id),
	    ID(key, id), r.name, r.pool, r.max, r.opens_on, r.closes_on,
	    r.quorum, r.fast, r.due, r.conditions), row);
}

/* Money into or out of a round: s is STMT_ROUND_APPROVE or _PAY. */
static enum db_status
round_money(struct db *db, enum stmt s, long long location_id,
    long long round_id, long long cents, json_t **row)
{
	char	 loc[24], key[24], n[24];

	return db_row(db, s, DB_PARAMS(ID(loc, location_id), ID(key,
	    round_id), ID(n, cents)), row);
}

enum db_status
db_round_approve(struct db *db, long long location_id, long long round_id,
    long long cents, json_t **row)
{
	return round_money(db, STMT_ROUND_APPROVE, location_id, round_id,
	    cents, row);
}

enum db_status
db_round_pay(struct db *db, long long location_id, long long round_id,
    long long cents, json_t **row)
{
	return round_money(db, STMT_ROUND_PAY, location_id, round_id, cents,
	    row);
}

/* -------------------------------------------------------------- requests */

enum db_status
db_request_get(struct db *db, long long location_id, long long id, int lock,
    json_t **row)
{
	return row_by_ids(db, lock ? STMT_REQUEST_LOCK : STMT_REQUEST_GET,
	    location_id, id, row);
}

enum db_status
db_request_by_key(struct db *db, long long applicant, const char *key,
    json_t **row)
{
	char	 user[24];

	return db_row(db, STMT_REQUEST_BY_KEY, DB_PARAMS(ID(user, applicant),
	    key), row);
}

/* A request's fields as the statements take them (REQUEST_VALUES):
 * the lists as JSON text, numbers as text. */
struct request_fields {
	const char	*title, *description, *area, *amount, *beneficiaries;
	const char	*count, *timeline, *contact_name, *contact_email;
	const char	*contact_phone;
	char		*elements, *budget;
	char		 amount_buf[24], count_buf[24];
};

static void
request_fields_free(struct request_fields *r)
{
	free(r->elements);
	free(r->budget);
}

static int
request_fields(const json_t *v, struct request_fields *r)
{
	r->title = param_json_text(v, "title");
	r->description = param_json_text(v, "description");
	r->area = param_json_text(v, "area");
	r->amount = param_json_int(v, "amount_cents", r->amount_buf);
	r->beneficiaries = param_json_text(v, "beneficiaries");
	r->count = param_json_int(v, "beneficiary_count", r->count_buf);
	r->timeline = param_json_text(v, "timeline");
	r->contact_name = param_json_text(v, "contact_name");
	r->contact_email = param_json_text(v, "contact_email");
	r->contact_phone = param_json_text(v, "contact_phone");
	r->elements = json_dumps(json_object_get(v, "elements"), JSON_COMPACT);
	r->budget = json_dumps(json_object_get(v, "budget"), JSON_COMPACT);
	return r->elements != NULL && r->budget != NULL ? 0 : -1;
}

enum db_status
db_request_create(struct db *db, const struct db_request_new *n,
    json_t **row)
{
	struct request_fields r = { 0 };
	char		 loc[24], round[24], user[24];
	enum db_status	 st = DB_ERROR;

	*row = NULL;
	if (request_fields(n->fields, &r) == 0)
		st = db_row(db, STMT_REQUEST_CREATE, DB_PARAMS(ID(loc,
		    n->location_id), ID(round, n->round_id), ID(user,
		    n->applicant), n->key, r.title, r.description, r.area,
		    r.elements, r.amount, r.budget, r.beneficiaries, r.count,
		    r.timeline, r.contact_name, r.contact_email,
		    r.contact_phone), row);
	request_fields_free(&r);
	return st;
}

enum db_status
db_request_save(struct db *db, long long location_id, long long id,
    long long version, const json_t *fields, json_t **row)
{
	struct request_fields r = { 0 };
	char		 loc[24], key[24], ver[24];
	enum db_status	 st = DB_ERROR;

	*row = NULL;
	if (request_fields(fields, &r) == 0)
		st = db_row(db, STMT_REQUEST_SAVE, DB_PARAMS(ID(loc,
		    location_id), ID(key, id), ID_OR_NULL(ver, version),
		    r.title, r.description, r.area, r.elements, r.amount,
		    r.budget, r.beneficiaries, r.count, r.timeline,
		    r.contact_name, r.contact_email, r.contact_phone), row);
	request_fields_free(&r);
	return st;
}

enum db_status
db_request_queue(struct db *db, const struct db_request_filter *f,
    json_t **rows)
{
	char	 loc[24], n[24];

	return db_rows(db, STMT_REQUEST_QUEUE, DB_PARAMS(ID(loc,
	    f->location_id), f->state, f->round, f->q, f->cursor, ID(n,
	    f->size)), rows);
}

enum db_status
db_requests_mine(struct db *db, long long applicant, const char *cursor,
    long long size, json_t **rows)
{
	char	 user[24], n[24];

	return db_rows(db, STMT_REQUESTS_MINE, DB_PARAMS(ID(user, applicant),
	    cursor, ID(n, size)), rows);
}

enum db_status
db_request_link(struct db *db, long long location_id, long long id,
    long long initiative_id)
{
	char	 loc[24], key[24], ini[24];

	return db_command(db, STMT_REQUEST_LINK, DB_PARAMS(ID(loc,
	    location_id), ID(key, id), ID(ini, initiative_id)), NULL);
}

enum db_status
db_request_move(struct db *db, const struct db_request_move *m,
    json_t **row)
{
	char	 loc[24], key[24], approved[24], paid[24], due[24];

	return db_row(db, STMT_REQUEST_MOVE, DB_PARAMS(ID(loc,
	    m->location_id), ID(key, m->id), m->from, m->to,
	    param_int_ptr(m->approved_cents, approved), m->decline_reason,
	    param_int_ptr(m->paid_cents, paid), m->paid_on, m->reference,
	    param_int_ptr(m->report_due_days, due)), row);
}

enum db_status
db_request_event_add(struct db *db, const struct db_request_event *e)
{
	char	 loc[24], key[24], user[24], amount[24];

	return db_command(db, STMT_REQUEST_EVENT_ADD, DB_PARAMS(ID(loc,
	    e->location_id), ID(key, e->request_id), ID(user, e->actor),
	    e->action, e->from, e->to, e->note, param_int_ptr(e->amount,
	    amount)),
	    NULL);
}

enum db_status
db_request_events(struct db *db, long long request_id, json_t **rows)
{
	return rows_by_id(db, STMT_REQUEST_EVENTS, request_id, rows);
}

enum db_status
db_request_report_add(struct db *db, const struct db_request_report *r)
{
	char	 loc[24], key[24], people[24], spent[24], user[24];

	return db_command(db, STMT_REQUEST_REPORT_ADD, DB_PARAMS(ID(loc,
	    r->location_id), ID(key, r->request_id), r->body, ID(people,
	    r->people_reached), ID(spent, r->spent_cents),
	    BOOL(r->story_consent), ID(user, r->author),
	    BOOL(r->story_named)), NULL);
}

enum db_status
db_request_reports(struct db *db, long long request_id, json_t **rows)
{
	return rows_by_id(db, STMT_REQUEST_REPORTS, request_id, rows);
}

enum db_status
db_request_applicant(struct db *db, long long request_id, json_t **row)
{
	return row_by_id(db, STMT_REQUEST_APPLICANT, request_id, row);
}

enum db_status
db_notify_coordinators(struct db *db, long long location_id,
    const char *texts, const char *kind)
{
	char	 loc[24];

	return db_command(db, STMT_NOTIFY_COORDINATORS_I18N, DB_PARAMS(ID(loc,
	    location_id), texts, kind), NULL);
}

/* --------------------------------------------------------------- reviews */

enum db_status
db_reviews_list(struct db *db, long long request_id, json_t **rows)
{
	return rows_by_id(db, STMT_REVIEWS_LIST, request_id, rows);
}

enum db_status
db_review_mine(struct db *db, long long request_id, long long reviewer,
    json_t **row)
{
	return row_by_ids(db, STMT_REVIEW_MINE, request_id, reviewer, row);
}

enum db_status
db_review_put(struct db *db, long long location_id, long long request_id,
    long long reviewer, const json_t *v, json_t **row)
{
	char	 loc[24], key[24], user[24], s[4][24];
	int	 conflict = json_is_true(json_object_get(v, "conflict"));

	/* A declared conflict scores nothing. */
	return db_row(db, STMT_REVIEW_PUT, DB_PARAMS(ID(loc, location_id),
	    ID(key, request_id), ID(user, reviewer), BOOL(conflict),
	    conflict ? NULL : ID(s[0], integer(v, "alignment")),
	    conflict ? NULL : ID(s[1], integer(v, "benefit")),
	    conflict ? NULL : ID(s[2], integer(v, "feasibility")),
	    conflict ? NULL : ID(s[3], integer(v, "value")),
	    param_json_text(v, "comment")), row);
}
