/*
 * funding: typed queries behind micro-funding: rounds, requests, their
 * timeline, reviews and reports, and the notices a change sends
 * (stmt_funding.inc).  Each returns enum db_status; rows come back as new
 * jansson values the caller frees (a row NULL when there is none).
 */
#ifndef PORTAL_DB_FUNDING_H
#define PORTAL_DB_FUNDING_H

#include "db.h"

/* -------------------------------------------------------------- rounds */
/* Round id of location (lock: FOR UPDATE, for a change). */
enum db_status	db_round_get(struct db *, long long location_id,
		    long long id, int lock, json_t **row);
/* A location's rounds, newest first; open_only: those open today. */
enum db_status	db_rounds_list(struct db *, long long location_id,
		    int open_only, json_t **rows);
/* The rounds of location slug open for applications today. */
enum db_status	db_rounds_open(struct db *, const char *slug, json_t **rows);
/*
 * A new round, or round id saved, from fields: the form's checked values
 * keyed by column (name, pool_cents, max_request_cents, opens_on,
 * closes_on, quorum, fast_track_cents, report_due_days, conditions).
 * *row {id} or {version}; NULL when nothing was saved.
 */
enum db_status	db_round_create(struct db *, long long location_id,
		    const json_t *fields, long long created_by, json_t **row);
enum db_status	db_round_save(struct db *, long long location_id,
		    long long id, const json_t *fields, json_t **row);
/* Commits cents of the round's pool: *row NULL when too little is left. */
enum db_status	db_round_approve(struct db *, long long location_id,
		    long long round_id, long long cents, json_t **row);
enum db_status	db_round_pay(struct db *, long long location_id,
		    long long round_id, long long cents, json_t **row);

/* ------------------------------------------------------------ requests */
/* Request id of location (lock: FOR UPDATE). */
enum db_status	db_request_get(struct db *, long long location_id,
		    long long id, int lock, json_t **row);
/* The request applicant made with a client key, or NULL. */
enum db_status	db_request_by_key(struct db *, long long applicant,
		    const char *key, json_t **row);
/*
 * A new request (no row back when applicant made one with key already),
 * or request id saved (version: the one the edit started from, 0 for the
 * current one).  fields: the form's checked values keyed by column
 * (title, description, area, elements, amount_cents, budget,
 * beneficiaries, beneficiary_count, timeline, contact_name,
 * contact_email, contact_phone; elements and budget as JSON arrays,
 * required).  DB_ERROR when one is missing or memory runs out.
 */
struct db_request_new {
	long long	 location_id, round_id, applicant;
	const char	*key;
	const json_t	*fields;
};
enum db_status	db_request_create(struct db *, const struct db_request_new *,
		    json_t **row);
enum db_status	db_request_save(struct db *, long long location_id,
		    long long id, long long version, const json_t *fields,
		    json_t **row);
/* The working group's queue: state, round and q NULL for any; a page of
 * size after cursor (NULL: the first). */
struct db_request_filter {
	long long	 location_id, size;
	const char	*state, *round, *q, *cursor;
};
enum db_status	db_request_queue(struct db *,
		    const struct db_request_filter *, json_t **rows);
/* An applicant's own requests, newest first. */
enum db_status	db_requests_mine(struct db *, long long applicant,
		    const char *cursor, long long size, json_t **rows);
/* Links request id to initiative (both of location). */
enum db_status	db_request_link(struct db *, long long location_id,
		    long long id, long long initiative_id);
/* A transition from one state to the next; the pointers NULL keep what
 * the request has.  *row NULL: the request left from meanwhile. */
struct db_request_move {
	long long	 location_id, id;
	const char	*from, *to;
	const long long	*approved_cents, *paid_cents, *report_due_days;
	const char	*decline_reason, *paid_on, *reference;
};
enum db_status	db_request_move(struct db *, const struct db_request_move *,
		    json_t **row);
/* A line of the request's timeline; note and amount NULL for none. */
struct db_request_event {
	long long	 location_id, request_id, actor;
	const char	*action, *from, *to, *note;
	const long long	*amount;
};
enum db_status	db_request_event_add(struct db *,
		    const struct db_request_event *);
enum db_status	db_request_events(struct db *, long long request_id,
		    json_t **rows);
/* A report on a grant. */
struct db_request_report {
	long long	 location_id, request_id, author;
	long long	 people_reached, spent_cents;
	int		 story_consent;
	int		 story_named;	/* may a story name them (sql/029) */
	const char	*body;
};
enum db_status	db_request_report_add(struct db *,
		    const struct db_request_report *);
enum db_status	db_request_reports(struct db *, long long request_id,
		    json_t **rows);
/* Who asked: {email, display_name, preferred_language}. */
enum db_status	db_request_applicant(struct db *, long long request_id,
		    json_t **row);
/* Mail to location's coordinators, each in their language: texts is
 * {"<code>": [subject, body]} as JSON text. */
enum db_status	db_notify_coordinators(struct db *, long long location_id,
		    const char *texts, const char *kind);

/* ------------------------------------------------------------- reviews */
enum db_status	db_reviews_list(struct db *, long long request_id,
		    json_t **rows);
/* reviewer's review of request, or NULL. */
enum db_status	db_review_mine(struct db *, long long request_id,
		    long long reviewer, json_t **row);
/* Keeps reviewer's review from values (conflict, and unless conflicted
 * the four scores alignment, benefit, feasibility and value; comment). */
enum db_status	db_review_put(struct db *, long long location_id,
		    long long request_id, long long reviewer,
		    const json_t *values, json_t **row);

#endif
