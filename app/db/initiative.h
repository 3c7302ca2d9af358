/*
 * initiative: typed queries on initiatives, their progress updates, the
 * overlaps between locations' initiatives and adoptions
 * (stmt_initiative.inc).  Each returns enum db_status; rows come back as
 * new jansson values the caller frees (a row NULL when there is none).
 */
#ifndef PORTAL_DB_INITIATIVE_H
#define PORTAL_DB_INITIATIVE_H

#include "db.h"

/* Initiative id of location (lock: FOR UPDATE, for a change). */
enum db_status	db_initiative_get(struct db *, long long location_id,
		    long long id, int lock, json_t **row);
/*
 * A location's initiatives, filtered (NULL: any), one page of size after
 * the cursor (after_key and after_id, NULL for the first page), in the
 * order sort: the cursor's key is the change's time in microseconds, the
 * lowered title, or the id.
 */
enum db_initiative_sort {
	DB_INITIATIVES_RECENT,
	DB_INITIATIVES_TITLE,
	DB_INITIATIVES_CREATED,
};
struct db_initiative_filter {
	long long	 location_id, size;
	int		 public_only;
	const char	*area, *element, *status, *outcome, *q;
	const char	*after_key, *after_id;
};
enum db_status	db_initiatives_list(struct db *, enum db_initiative_sort,
		    const struct db_initiative_filter *, json_t **rows);
/* The newest published ones of location slug, each with its latest
 * update, size at most. */
enum db_status	db_initiatives_published(struct db *, const char *slug,
		    long long size, json_t **rows);
/* How many initiatives location has per area and element. */
enum db_status	db_initiative_coverage(struct db *, long long location_id,
		    json_t **rows);
/*
 * A new initiative, or initiative id saved, from fields: the form's
 * checked values keyed by column (title, summary, area, elements,
 * outcome_areas, status, visibility, lead_user_id, partners,
 * target_groups, start_date, end_date; the four lists as JSON arrays,
 * required; other fields absent or null for none).  *row {id} or
 * {version}; NULL when nothing was saved.  DB_ERROR when a list is
 * missing or memory runs out.
 */
enum db_status	db_initiative_create(struct db *, long long location_id,
		    const json_t *fields, long long created_by, json_t **row);
enum db_status	db_initiative_save(struct db *, long long location_id,
		    long long id, const json_t *fields, json_t **row);
/*
 * How far initiative id of its lead location reaches (sql/033), from
 * values' checked scope, mainstream, lead_agency, funding_sources (a JSON
 * array) and locations (participating slugs, the lead and unknown ones
 * left out): all five required.  *row {id}, NULL when there is no such
 * initiative of that lead location.
 */
enum db_status	db_initiative_reach_save(struct db *, long long location_id,
		    long long id, json_t *values, json_t **row);
/* user's role in location's working group: *row {role} or NULL. */
enum db_status	db_member_role(struct db *, long long location_id,
		    long long user_id, json_t **row);
/* The grants behind an initiative, and their totals. */
enum db_status	db_initiative_funding(struct db *, long long initiative_id,
		    json_t **rows);
enum db_status	db_initiative_funding_totals(struct db *,
		    long long initiative_id, json_t **row);

/* ------------------------------------------------------------ progress */
/* An initiative's updates, newest first, after the cursor (NULLs for the
 * first page), size at most. */
enum db_status	db_updates_list(struct db *, long long initiative_id,
		    const char *after_day, const char *after_id,
		    long long size, json_t **rows);
/* Progress updates themselves are added by db_update_add() (indicator.h),
 * with their figures. */
/* Moves the initiative up the list; status NULL: unchanged. */
enum db_status	db_initiative_progress(struct db *, long long location_id,
		    long long id, const char *status, json_t **row);

/* ------------------------------------------------- overlaps, adoption */
/* Overlapping pairs in area (NULL: any), size at most; after them the
 * page continuing after the cursor (similarity, first id, second id). */
enum db_status	db_overlaps(struct db *, const char *area, long long size,
		    json_t **rows);
enum db_status	db_overlaps_after(struct db *, const char *area,
		    const char *similarity, const char *first,
		    const char *second, long long size, json_t **rows);
/* Where initiative id came from and how often it was adopted. */
enum db_status	db_adoption_info(struct db *, long long initiative_id,
		    json_t **row);
/* A copy of source_id (of source_location) for target_location, by user:
 * *row {id}. */
enum db_status	db_adoption_create(struct db *, long long target_location,
		    long long user_id, long long source_location,
		    long long source_id, json_t **row);

#endif
