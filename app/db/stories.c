/*
 * stories: typed queries behind a location's stories (see stories.h).
 * The positional parameters of stmt_stories.inc are filled here and
 * nowhere else.
 */
#include <stdio.h>

#include "stories.h"
#include "param.h"

/* The members of a new story, in STMT_STORY_CREATE's order. */
static const char *const create_fields[] = { "title", "body", "language",
	"published", "request_id", "byline" };
/* The members an edit sets, in STMT_STORY_SAVE's order. */
static const char *const save_fields[] = { "title", "body", "language",
	"published" };
#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

enum db_status
db_stories_list(struct db *db, const struct db_story_query *q,
    json_t **rows)
{
	char	 loc[24], limit[24];

	return db_rows(db, STMT_STORIES_LIST, DB_PARAMS(ID(loc,
	    q->location_id), q->drafts ? "t" : "f", q->after_key, q->after_id,
	    ID(limit, q->limit)), rows);
}

enum db_status
db_story_get(struct db *db, long long location_id, long long id,
    json_t **row)
{
	return row_by_ids(db, STMT_STORY_GET, location_id, id, row);
}

enum db_status
db_stories_recent(struct db *db, const char *slug, int limit, json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_STORIES_RECENT, DB_PARAMS(slug,
	    ID(n, limit)), rows);
}

enum db_status
db_story_create(struct db *db, long long location_id, long long user_id,
    json_t *fields, json_t **row)
{
	char	 loc[24], user[24];

	return db_json_row(db, STMT_STORY_CREATE, DB_PARAMS(ID(loc,
	    location_id), ID(user, user_id)), fields, create_fields,
	    NELEM(create_fields), row);
}

enum db_status
db_story_save(struct db *db, long long location_id, long long id,
    long long version, json_t *fields, json_t **row)
{
	char	 loc[24], sid[24], ver[24];

	return db_json_row(db, STMT_STORY_SAVE, DB_PARAMS(ID(sid, id),
	    ID(loc, location_id), ID(ver, version)), fields, save_fields,
	    NELEM(save_fields), row);
}

enum db_status
db_story_source(struct db *db, long long location_id, long long request_id,
    json_t **row)
{
	return row_by_ids(db, STMT_STORY_SOURCE, location_id, request_id, row);
}

enum db_status
db_story_consent_withdraw(struct db *db, long long location_id,
    long long request_id, long *count)
{
	char	 loc[24], req[24];

	return db_command(db, STMT_STORY_CONSENT_WITHDRAW, DB_PARAMS(ID(loc,
	    location_id), ID(req, request_id)), count);
}
