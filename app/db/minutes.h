/*
 * minutes: typed queries behind a meeting's record
 * (sql/028_minutes_and_actions.sql): the minutes of each agenda item,
 * their approval at a later meeting and the corrections after it, the
 * public summary of the decisions, and the actions agreed.  The SQL is in
 * stmt_minutes.inc.  Every call names the location, and finds nothing
 * outside it.  Where a call reports *done, 0 means the database found
 * nothing to do (the reason is the caller's to say, per call below).
 */
#ifndef PORTAL_DB_MINUTES_H
#define PORTAL_DB_MINUTES_H

#include "db.h"

/* Meeting meeting_id's record: *row {approved_in (null or {meeting_id,
 * title, date, approved_at}), approves [{meeting_id, title, date}],
 * approvable [...], summary_published_at}, new. */
enum db_status	db_minutes_record(struct db *, long long location_id,
		    long long meeting_id, json_t **row);

/* The minutes of an item, or a correction to them (body Markdown). */
struct db_minutes {
	long long	 location_id, meeting_id, item_id, user_id;
	const char	*body;
};
/* Drafts (or redrafts) them: *done 0 when the minutes are approved. */
enum db_status	db_minutes_put(struct db *, const struct db_minutes *,
		    int *done);
/* Adds a correction: *done 0 when the minutes are not approved. */
enum db_status	db_minutes_correct(struct db *, const struct db_minutes *,
		    int *done);
/* At meeting meeting_id, approves the minutes of the earlier meeting
 * earlier_id: *done 0 when that is no earlier meeting of the location or
 * its minutes are approved already. */
enum db_status	db_minutes_approve(struct db *, long long location_id,
		    long long meeting_id, long long earlier_id,
		    long long user_id, int *done);

/* Publishes (again) the meeting's summary: *done 0 when it has no
 * decision yet. */
enum db_status	db_summary_publish(struct db *, long long location_id,
		    long long meeting_id, long long user_id, int *done);
/* Published summaries {meeting_id, title, date, published_at, decisions:
 * [{item, motion, outcome}]}: *rows new; *row new, NULL when none. */
enum db_status	db_summaries_list(struct db *, long long location_id,
		    json_t **rows);
enum db_status	db_summary_get(struct db *, long long location_id,
		    long long meeting_id, json_t **row);

/* An action: meeting_id 0 when agreed outside a meeting; user_id who
 * records it (on creation). */
struct db_action {
	long long	 location_id, id, owner_id, meeting_id, user_id;
	const char	*body, *due_on, *state;
};
/* Actions {id, body, owner_id, owner_name, due_on, state, overdue,
 * meeting_id, meeting_title, updated_at}, state NULL for all: *rows new;
 * *row new, NULL when none. */
enum db_status	db_actions_list(struct db *, long long location_id,
		    const char *state, json_t **rows);
enum db_status	db_action_get(struct db *, long long location_id,
		    long long id, json_t **row);
/* *id the new action's (in its state), 0 when the owner (or meeting) is
 * not the location's. */
enum db_status	db_action_create(struct db *, const struct db_action *,
		    long long *id);
/* Saves body, owner, due date and state: *done 0 when the owner, changed,
 * is not a member or coordinator of the location (the owner it had may
 * have left: it can still be closed). */
enum db_status	db_action_save(struct db *, const struct db_action *,
		    int *done);

#endif
