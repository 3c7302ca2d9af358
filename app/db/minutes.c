/*
 * minutes: typed queries behind a meeting's record (see minutes.h).
 */
#include "minutes.h"
#include "param.h"

/* A statement that writes at most one row: *done whether it did (and
 * *id, when asked, the row's "id"). */
static enum db_status
wrote(struct db *db, enum stmt s, const char *const *params, size_t n,
    int *done, long long *id)
{
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, s, params, n, &row);
	*done = row != NULL;
	if (id != NULL)
		*id = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	return st;
}

enum db_status
db_minutes_record(struct db *db, long long location_id, long long meeting_id,
    json_t **row)
{
	return row_by_ids(db, STMT_MINUTES_RECORD, location_id, meeting_id,
	    row);
}

/* The statements of an item's minutes: $1-$3 where, $4 body, $5 who. */
static enum db_status
minutes_write(struct db *db, enum stmt s, const struct db_minutes *m,
    int *done)
{
	char	 loc[24], id[24], item[24], user[24];

	return wrote(db, s, DB_PARAMS(ID(loc, m->location_id),
	    ID(id, m->meeting_id), ID(item, m->item_id), m->body,
	    ID(user, m->user_id)), done, NULL);
}

enum db_status
db_minutes_put(struct db *db, const struct db_minutes *m, int *done)
{
	return minutes_write(db, STMT_MINUTES_PUT, m, done);
}

enum db_status
db_minutes_correct(struct db *db, const struct db_minutes *m, int *done)
{
	return minutes_write(db, STMT_MINUTES_CORRECT, m, done);
}

enum db_status
db_minutes_approve(struct db *db, long long location_id, long long meeting_id,
    long long earlier_id, long long user_id, int *done)
{
	char	 loc[24], id[24], earlier[24], user[24];

	return wrote(db, STMT_MINUTES_APPROVE, DB_PARAMS(ID(loc, location_id),
	    ID(id, meeting_id), ID(earlier, earlier_id), ID(user, user_id)),
	    done, NULL);
}

enum db_status
db_summary_publish(struct db *db, long long location_id, long long meeting_id,
    long long user_id, int *done)
{
	char	 loc[24], id[24], user[24];

	return wrote(db, STMT_SUMMARY_PUBLISH, DB_PARAMS(ID(loc, location_id),
	    ID(id, meeting_id), ID(user, user_id)), done, NULL);
}

enum db_status
db_summaries_list(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_SUMMARIES_LIST, location_id, rows);
}

enum db_status
db_summary_get(struct db *db, long long location_id, long long meeting_id,
    json_t **row)
{
	return row_by_ids(db, STMT_SUMMARY_GET, location_id, meeting_id, row);
}

enum db_status
db_actions_list(struct db *db, long long location_id, const char *state,
    json_t **rows)
{
	char	 loc[24];

	return db_rows(db, STMT_ACTIONS_LIST, DB_PARAMS(ID(loc, location_id),
	    state), rows);
}

enum db_status
db_action_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return row_by_ids(db, STMT_ACTION_GET, location_id, id, row);
}

enum db_status
db_action_create(struct db *db, const struct db_action *a, long long *id)
{
	char	 loc[24], owner[24], meeting[24], user[24];
	int	 done;

	return wrote(db, STMT_ACTION_CREATE, DB_PARAMS(ID(loc,
	    a->location_id), a->body, ID(owner, a->owner_id), a->due_on,
	    ID_OR_NULL(meeting, a->meeting_id), ID(user, a->user_id),
	    a->state), &done, id);
}

enum db_status
db_action_save(struct db *db, const struct db_action *a, int *done)
{
	char	 loc[24], id[24], owner[24];

	return wrote(db, STMT_ACTION_SAVE, DB_PARAMS(ID(loc, a->location_id),
	    ID(id, a->id), a->body, ID(owner, a->owner_id), a->due_on,
	    a->state), done, NULL);
}
