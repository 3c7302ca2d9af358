/*
 * meeting: typed queries behind the working group's meetings
 * (sql/024_meetings.sql): the quorum rule, meetings, the agenda,
 * attendance and guests, and the invitation.  Handlers call these instead
 * of filling parameter arrays; the SQL is in stmt_meeting.inc.  Every
 * call names the location, and finds nothing outside it.
 */
#ifndef PORTAL_DB_MEETING_H
#define PORTAL_DB_MEETING_H

#include "db.h"

/* *row {quorum_members, quorum_sectors}, new. */
enum db_status	db_meeting_rule(struct db *, long long location_id,
		    json_t **row);
enum db_status	db_meeting_rule_put(struct db *, long long location_id,
		    long long members, long long sectors, long long user_id,
		    json_t **row);

/* A location's meetings, latest first: *rows new. */
enum db_status	db_meetings_list(struct db *, long long location_id,
		    json_t **rows);

/* A meeting as scheduled: the date (YYYY-MM-DD) and times (HH:MM) in New
 * Zealand time; place or video_url may be "" (not both). */
struct db_meeting_new {
	long long	 location_id, created_by;
	const char	*title, *date, *start_time, *end_time;
	const char	*place, *video_url, *interpreting;
};
/* *id the new meeting's. */
enum db_status	db_meeting_create(struct db *, const struct db_meeting_new *,
		    long long *id);
/* *row the meeting (with its ics_* times), new; NULL when none here. */
enum db_status	db_meeting_get(struct db *, long long location_id,
		    long long id, json_t **row);

/* The agenda, members with attendance, guests: *rows new arrays. */
enum db_status	db_meeting_items(struct db *, long long location_id,
		    long long meeting_id, json_t **rows);
enum db_status	db_meeting_members(struct db *, long long location_id,
		    long long meeting_id, json_t **rows);
enum db_status	db_meeting_guests(struct db *, long long location_id,
		    long long meeting_id, json_t **rows);
/* *row {present, apologies, absent, sectors, quorum_members,
 * quorum_sectors, quorate}, new. */
enum db_status	db_meeting_quorum(struct db *, long long location_id,
		    long long meeting_id, json_t **row);

/* An agenda item: request_id or initiative_id 0 when it links none. */
struct db_meeting_item {
	long long	 location_id, meeting_id, request_id, initiative_id;
	const char	*kind, *title, *notes;
};
/* *row {id, position}, new; NULL when the request or initiative is not
 * the location's (or the request is a draft). */
enum db_status	db_meeting_item_add(struct db *,
		    const struct db_meeting_item *, json_t **row);

/*
 * Records the attendance whole, replacing what was there: statuses the
 * JSON text {"<user id>": status} (members of the location only), guests
 * [{"name", "organisation"}].
 */
enum db_status	db_meeting_attendance_put(struct db *, long long location_id,
		    long long meeting_id, const char *statuses,
		    const char *guests, long long user_id);

/* Item item_id of the meeting: *row {id, kind, request_id, decided,
 * review_conflicts: [user id]}, new; NULL when none. */
enum db_status	db_meeting_item_get(struct db *, long long location_id,
		    long long meeting_id, long long item_id, json_t **row);

/* A decision on an agenda item, with its votes and conflicts. */
struct db_meeting_decision {
	long long	 location_id, meeting_id, item_id, request_id, user_id;
	const char	*motion, *outcome, *funding_action;	/* or NULL */
	long long	 votes_for, votes_against, votes_abstain;
	const char	*votes;		/* JSON {"<user id>": vote} */
	const char	*conflicts;	/* JSON [user id] */
};
enum db_status	db_meeting_decision_add(struct db *,
		    const struct db_meeting_decision *);

/* Writes the invitation to every member to the outbox: formats from
 * i18n_formats() (subject, body), args a JSON array of their text
 * arguments, ics the calendar file; *sent how many. */
enum db_status	db_meeting_invite(struct db *, long long meeting_id,
		    const char *formats, const char *args, const char *ics,
		    long long *sent);

#endif
