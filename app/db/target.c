/*
 * target: typed queries behind targets, communities and breakdowns (see
 * target.h).
 */
#include "param.h"
#include "target.h"

enum db_status
db_target_set(struct db *db, const struct db_target *t, json_t **row)
{
	char	 loc[24], ini[24], base[24], goal[24], user[24];

	return db_row(db, STMT_TARGET_SET, DB_PARAMS(ID(loc, t->location_id),
	    ID(ini, t->initiative_id), t->indicator, ID(base, t->baseline),
	    ID(goal, t->target), t->by, ID(user, t->user_id)), row);
}

enum db_status
db_target_remove(struct db *db, const struct db_target *t, int *removed)
{
	char		 loc[24], ini[24];
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_TARGET_REMOVE, DB_PARAMS(ID(loc, t->location_id),
	    ID(ini, t->initiative_id), t->indicator), &row);
	*removed = row != NULL;
	json_decref(row);
	return st;
}

/* db_row_member(), or empty (taken) when there is none; *out stays
 * NULL when the statement fails. */
static enum db_status
member_of(struct db *db, enum stmt s, const char *const *params, size_t n,
    const char *member, json_t *empty, json_t **out)
{
	enum db_status	 st;

	if ((st = db_row_member(db, s, params, n, member, out)) == DB_OK &&
	    *out == NULL)
		*out = json_incref(empty);
	json_decref(empty);
	return st;
}

enum db_status
db_targets_of(struct db *db, long long initiative_id, int confirmed_only,
    json_t **targets)
{
	char	 ini[24];

	return member_of(db, STMT_TARGETS_OF, DB_PARAMS(ID(ini, initiative_id),
	    BOOL(confirmed_only)), "targets", json_array(), targets);
}

enum db_status
db_targets_of_many(struct db *db, const char *ids, int confirmed_only,
    json_t **rows)
{
	return db_rows(db, STMT_TARGETS_OF_MANY, DB_PARAMS(ids,
	    BOOL(confirmed_only)), rows);
}

enum db_status
db_targets_national(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_TARGETS_NATIONAL, DB_NO_PARAMS, rows);
}

enum db_status
db_communities_list(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_COMMUNITIES_LIST, DB_NO_PARAMS, rows);
}

enum db_status
db_community_add(struct db *db, const char *key, const char *name,
    long long position, long long user_id, json_t **row)
{
	char	 pos[24], user[24];

	return db_row(db, STMT_COMMUNITY_ADD, DB_PARAMS(key, name,
	    ID_OR_NULL(pos, position), ID(user, user_id)), row);
}

enum db_status
db_breakdowns_add(struct db *db, long long location_id, long long update_id,
    const char *breakdowns)
{
	char	 loc[24], upd[24];

	return db_command(db, STMT_BREAKDOWNS_ADD, DB_PARAMS(ID(loc,
	    location_id), ID(upd, update_id), breakdowns), NULL);
}

enum db_status
db_breakdowns_of_update(struct db *db, long long update_id,
    json_t **breakdowns)
{
	char	 upd[24];

	return member_of(db, STMT_BREAKDOWNS_OF_UPDATE, DB_PARAMS(ID(upd,
	    update_id)), "breakdowns", json_object(), breakdowns);
}
