/*
 * meeting: typed queries behind the working group's meetings (see
 * meeting.h).
 */
#include <stdio.h>

#include "meeting.h"
#include "param.h"

#define OPT_ID(buf, v)	((v) > 0 ? ID(buf, v) : NULL)

enum db_status
db_meeting_rule(struct db *db, long long location_id, json_t **row)
{
	return row_by_id(db, STMT_MEETING_RULE_GET, location_id, row);
}

enum db_status
db_meeting_rule_put(struct db *db, long long location_id, long long members,
    long long sectors, long long user_id, json_t **row)
{
	char	 loc[24], m[24], s[24], user[24];

	return db_row(db, STMT_MEETING_RULE_PUT, DB_PARAMS(
	    ID(loc, location_id), ID(m, members), ID(s, sectors),
	    ID(user, user_id)), row);
}

enum db_status
db_meetings_list(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_MEETINGS_LIST, location_id, rows);
}

enum db_status
db_meeting_create(struct db *db, const struct db_meeting_new *m,
    long long *id)
{
	char		 loc[24], user[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_MEETING_CREATE, DB_PARAMS(
	    ID(loc, m->location_id), m->title, m->date, m->start_time,
	    m->end_time, m->place, m->video_url, m->interpreting,
	    ID(user, m->created_by)), &row);
	*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return st;
}

/* The statements of one meeting: $1 the location, $2 the meeting. */
static enum db_status
meeting_rows(struct db *db, enum stmt s, long long location_id,
    long long meeting_id, json_t **out, int one)
{
	char	 loc[24], id[24];

	ID(loc, location_id);
	ID(id, meeting_id);
	return one ? db_row(db, s, DB_PARAMS(loc, id), out) :
	    db_rows(db, s, DB_PARAMS(loc, id), out);
}

enum db_status
db_meeting_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return meeting_rows(db, STMT_MEETING_GET, location_id, id, row, 1);
}

enum db_status
db_meeting_items(struct db *db, long long location_id, long long meeting_id,
    json_t **rows)
{
	return meeting_rows(db, STMT_MEETING_ITEMS, location_id, meeting_id,
	    rows, 0);
}

enum db_status
db_meeting_members(struct db *db, long long location_id,
    long long meeting_id, json_t **rows)
{
	return meeting_rows(db, STMT_MEETING_MEMBERS, location_id, meeting_id,
	    rows, 0);
}

enum db_status
db_meeting_guests(struct db *db, long long location_id, long long meeting_id,
    json_t **rows)
{
	return meeting_rows(db, STMT_MEETING_GUESTS, location_id, meeting_id,
	    rows, 0);
}

enum db_status
db_meeting_quorum(struct db *db, long long location_id, long long meeting_id,
    json_t **row)
{
	return meeting_rows(db, STMT_MEETING_QUORUM, location_id, meeting_id,
	    row, 1);
}

enum db_status
db_meeting_item_add(struct db *db, const struct db_meeting_item *i,
    json_t **row)
{
	char	 loc[24], id[24], req[24], ini[24];

	return db_row(db, STMT_MEETING_ITEM_ADD, DB_PARAMS(
	    ID(loc, i->location_id), ID(id, i->meeting_id), i->kind, i->title,
	    i->notes, OPT_ID(req, i->request_id),
	    OPT_ID(ini, i->initiative_id)), row);
}

enum db_status
db_meeting_attendance_put(struct db *db, long long location_id,
    long long meeting_id, const char *statuses, const char *guests,
    long long user_id)
{
	char		 loc[24], id[24], user[24];
	enum db_status	 st;

	ID(loc, location_id);
	ID(id, meeting_id);
	if ((st = db_command(db, STMT_MEETING_ATTENDANCE_CLEAR,
	    DB_PARAMS(loc, id), NULL)) != DB_OK ||
	    (st = db_command(db, STMT_MEETING_ATTENDANCE_SET,
	    DB_PARAMS(loc, id, statuses, ID(user, user_id)),
	    NULL)) != DB_OK)
		return st;
	return db_command(db, STMT_MEETING_GUESTS_SET, DB_PARAMS(loc,
	    id, guests), NULL);
}

enum db_status
db_meeting_invite(struct db *db, long long meeting_id, const char *formats,
    const char *args, const char *ics, long long *sent)
{
	char		 id[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_MEETING_INVITE, DB_PARAMS(
	    ID(id, meeting_id), formats, args, ics), &row);
	*sent = json_integer_value(json_object_get(row, "sent"));
	json_decref(row);
	return st;
}

enum db_status
db_meeting_item_get(struct db *db, long long location_id,
    long long meeting_id, long long item_id, json_t **row)
{
	char	 loc[24], id[24], item[24];

	return db_row(db, STMT_MEETING_ITEM_GET, DB_PARAMS(
	    ID(loc, location_id), ID(id, meeting_id), ID(item, item_id)),
	    row);
}

enum db_status
db_meeting_decision_add(struct db *db, const struct db_meeting_decision *d)
{
	char	 loc[24], id[24], item[24], vf[24], va[24], vx[24];
	char	 req[24], user[24];

	return db_command(db, STMT_MEETING_DECISION_ADD, DB_PARAMS(
	    ID(loc, d->location_id), ID(id, d->meeting_id),
	    ID(item, d->item_id), d->motion, d->outcome,
	    ID(vf, d->votes_for), ID(va, d->votes_against),
	    ID(vx, d->votes_abstain), d->funding_action,
	    OPT_ID(req, d->request_id), ID(user, d->user_id), d->votes,
	    d->conflicts), NULL);
}
