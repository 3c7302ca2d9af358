/*
 * admin: typed queries behind portalctl, the administration command
 * (stmt_admin.inc): locations, accounts, memberships, the outbox, funding
 * reminders and overlap refreshes.  It runs as the schema's owner; each
 * change writes its audit_log row in the same statement, naming operator
 * (the login that ran portalctl).  Columns come back as strings, as
 * portalctl prints them; rows are new jansson values the caller frees (a
 * row NULL when there is none).
 */
#ifndef PORTAL_DB_ADMIN_H
#define PORTAL_DB_ADMIN_H

#include "db.h"

/* Deliveries of one message before it is given up. */
#define DB_OUTBOX_ATTEMPTS	10

/* Every location, by slug: {slug, name, region, status}. */
enum db_status	db_admin_locations(struct db *, json_t **rows);
/* *row {id}, or NULL when the slug is taken. */
enum db_status	db_admin_location_add(struct db *, const char *slug,
		    const char *name, const char *region,
		    const char *operator, json_t **row);
/* *row {archived: "0" or "1", status: before, null for no location}. */
enum db_status	db_admin_location_archive(struct db *, const char *slug,
		    const char *operator, json_t **row);
/* national_role NULL: none.  *row {id}, or NULL when the email is
 * taken. */
enum db_status	db_admin_user_add(struct db *, const char *email,
		    const char *name, const char *hash,
		    const char *national_role, const char *operator,
		    json_t **row);
/* A new password hash, ending the account's sessions: *row {id,
 * sessions ended}, or NULL when there is no such account. */
enum db_status	db_admin_user_password(struct db *, const char *email,
		    const char *hash, const char *operator, json_t **row);
/* *row {added: "0" or "1", location_status, user_id, role}: the last
 * three as they were, to say why nothing was added. */
struct db_admin_member {
	const char	*slug, *email, *role, *sector, *organisation;
};
enum db_status	db_admin_membership_add(struct db *,
		    const struct db_admin_member *, const char *operator,
		    json_t **row);

/* -------------------------------------------------------------- outbox */
/* {id, created, state, attempts, kind, to_email, subject}, by id. */
enum db_status	db_admin_outbox_list(struct db *, json_t **rows);
/* Message id whole, or NULL. */
enum db_status	db_admin_outbox_show(struct db *, long long id,
		    json_t **row);
/* Inside a transaction: the oldest due message {id, to_email, subject,
 * body, created_epoch}, held until the transaction ends; NULL: none. */
enum db_status	db_admin_outbox_next(struct db *, json_t **row);
enum db_status	db_admin_outbox_sent(struct db *, const char *id);
/* One more failed attempt (give_up: it can never go out): *row
 * {attempts}. */
enum db_status	db_admin_outbox_failed(struct db *, const char *id,
		    const char *error, int give_up, json_t **row);

/* --------------------------------------------------- funding, overlaps */
/* Queues the overdue reports' reminders: *rows {id, slug, due_on, email,
 * title}, one per request reminded.  formats: i18n_formats() of the
 * message. */
enum db_status	db_admin_funding_remind(struct db *, const char *site_url,
		    const char *operator, const char *formats, json_t **rows);
/* Queues the overdue actions' reminders to their owners, once for each
 * due date passed: *rows {id, slug, due_on, email, title}, one per action
 * reminded.  formats: i18n_formats() of the message. */
enum db_status	db_admin_actions_remind(struct db *, const char *site_url,
		    const char *operator, const char *formats, json_t **rows);
/* How many initiatives still wait for their overlaps to be found. */
enum db_status	db_admin_overlaps_pending(struct db *, long long *pending);
/* Finds the overlaps of the next 500 of them. */
enum db_status	db_admin_overlaps_batch(struct db *);

/* ------------------------------------------------------------ newsletter */
/* Deletes the sign-ups never confirmed whose link expired, and the
 * confirmation messages as old: *row {subscribers, messages}, new. */
enum db_status	db_admin_newsletter_purge(struct db *, json_t **row);

#endif
