/*
 * stories: typed queries behind a location's stories (sql/029): a page
 * of them, one, the few newest on the location's page, writing one, what
 * a funding report offers a story, and an applicant withdrawing their
 * consent.  The SQL is in stmt_stories.inc.
 */
#ifndef PORTAL_DB_STORIES_H
#define PORTAL_DB_STORIES_H

#include "db.h"

/* A page of a location's stories, newest first. */
struct db_story_query {
	long long	 location_id;
	int		 drafts;		/* drafts too (the working group) */
	const char	*after_key, *after_id;	/* the cursor, or NULL */
	long long	 limit;
};
/* *rows: the stories (each with its "sort_key"); a new array. */
enum db_status	db_stories_list(struct db *, const struct db_story_query *,
		    json_t **rows);
/* Story id of location_id: *row new, or NULL. */
enum db_status	db_story_get(struct db *, long long location_id, long long id,
		    json_t **row);
/* *rows: the newest limit published stories of location slug; new. */
enum db_status	db_stories_recent(struct db *, const char *slug, int limit,
		    json_t **rows);

/*
 * A story's fields as the handlers check them: the text members
 * "title", "body" (Markdown), "language" (a portal language's code) and
 * the boolean "published"; on creation also "byline" (text) and
 * "request_id" (an integer or null).
 */
/* Keeps a new story of location_id by user: *row {id}. */
enum db_status	db_story_create(struct db *, long long location_id,
		    long long user_id, json_t *fields, json_t **row);
/* Saves story id of location_id at version: *row {id}, or NULL when the
 * version is stale. */
enum db_status	db_story_save(struct db *, long long location_id,
		    long long id, long long version, json_t *fields,
		    json_t **row);

/* What request_id's latest report offers a story: *row {title, body,
 * language, story_consent, story_named, applicant_name}, or NULL when it
 * has no report. */
enum db_status	db_story_source(struct db *, long long location_id,
		    long long request_id, json_t **row);
/* The applicant withdraws consent to stories from request_id's reports;
 * the database unpublishes their stories.  *count: reports changed. */
enum db_status	db_story_consent_withdraw(struct db *, long long location_id,
		    long long request_id, long *count);

#endif
