/*
 * initiative: typed queries on initiatives, progress, overlaps and
 * adoption (see initiative.h); the SQL is in stmt_initiative.inc.
 */
#include <stdlib.h>

#include "initiative.h"
#include "param.h"

enum db_status
db_initiative_get(struct db *db, long long location_id, long long id,
    int lock, json_t **row)
{
	return row_by_ids(db, lock ? STMT_INITIATIVE_LOCK : STMT_INITIATIVE_GET,
	    location_id, id, row);
}

enum db_status
db_initiatives_list(struct db *db, enum db_initiative_sort sort,
    const struct db_initiative_filter *f, json_t **rows)
{
	static const enum stmt	 sorts[] = {
		[DB_INITIATIVES_RECENT] = STMT_INITIATIVES_RECENT,
		[DB_INITIATIVES_TITLE] = STMT_INITIATIVES_TITLE,
		[DB_INITIATIVES_CREATED] = STMT_INITIATIVES_CREATED,
	};
	char	 loc[24], n[24];

	return db_rows(db, sorts[sort], DB_PARAMS(ID(loc, f->location_id),
	    BOOL(f->public_only), f->area, f->element, f->status, f->outcome,
	    f->q, f->after_key, f->after_id, ID(n, f->size)), rows);
}

enum db_status
db_initiatives_published(struct db *db, const char *slug, long long size,
    json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_INITIATIVES_PUBLISHED, DB_PARAMS(slug, ID(n,
	    size)), rows);
}

enum db_status
db_initiative_coverage(struct db *db, long long location_id, json_t **rows)
{
	return rows_by_id(db, STMT_INITIATIVE_COVERAGE, location_id, rows);
}

/* An initiative's fields as the statements take them (INITIATIVE_VALUES
 * in stmt.c): lists as JSON text, numbers as text. */
struct fields {
	const char	*title, *summary, *area, *status, *visibility;
	const char	*start_date, *end_date, *lead;
	char		*elements, *outcome_areas, *partners, *target_groups;
	char		 lead_buf[24];
};

/* A list as JSON text, or NULL when absent or on no memory. */
static char *
list_text(const json_t *v, const char *key)
{
	return json_dumps(json_object_get(v, key), JSON_COMPACT);
}

static void
fields_free(struct fields *f)
{
	free(f->elements);
	free(f->outcome_areas);
	free(f->partners);
	free(f->target_groups);
}

static int
fields_read(const json_t *v, struct fields *f)
{
	f->title = param_json_text(v, "title");
	f->summary = param_json_text(v, "summary");
	f->area = param_json_text(v, "area");
	f->status = param_json_text(v, "status");
	f->visibility = param_json_text(v, "visibility");
	f->start_date = param_json_text(v, "start_date");
	f->end_date = param_json_text(v, "end_date");
	f->lead = param_json_int(v, "lead_user_id", f->lead_buf);
	f->elements = list_text(v, "elements");
	f->outcome_areas = list_text(v, "outcome_areas");
	f->partners = list_text(v, "partners");
	f->target_groups = list_text(v, "target_groups");
	return f->elements != NULL && f->outcome_areas != NULL &&
	    f->partners != NULL && f->target_groups != NULL ? 0 : -1;
}

enum db_status
db_initiative_create(struct db *db, long long location_id,
    const json_t *fields, long long created_by, json_t **row)
{
	struct fields	 f = { 0 };
	char		 loc[24], user[24];
	enum db_status	 st = DB_ERROR;

	*row = NULL;
	if (fields_read(fields, &f) == 0)
		st = db_row(db, STMT_INITIATIVE_CREATE, DB_PARAMS(ID(loc,
		    location_id), f.title, f.summary, f.area, f.elements,
		    f.outcome_areas, f.status, f.visibility, f.lead,
		    f.partners, f.target_groups, f.start_date, f.end_date,
		    ID(user, created_by)), row);
	fields_free(&f);
	return st;
}

enum db_status
db_initiative_save(struct db *db, long long location_id, long long id,
    const json_t *fields, json_t **row)
{
	struct fields	 f = { 0 };
	char		 loc[24], key[24];
	enum db_status	 st = DB_ERROR;

	*row = NULL;
	if (fields_read(fields, &f) == 0)
		st = db_row(db, STMT_INITIATIVE_SAVE, DB_PARAMS(ID(loc,
		    location_id), ID(key, id), f.title, f.summary, f.area,
		    f.elements, f.outcome_areas, f.status, f.visibility, f.lead,
		    f.partners, f.target_groups, f.start_date, f.end_date),
		    row);
	fields_free(&f);
	return st;
}

enum db_status
db_member_role(struct db *db, long long location_id, long long user_id,
    json_t **row)
{
	return row_by_ids(db, STMT_MEMBER_ROLE, location_id, user_id, row);
}

enum db_status
db_initiative_funding(struct db *db, long long initiative_id, json_t **rows)
{
	return rows_by_id(db, STMT_INITIATIVE_FUNDING, initiative_id, rows);
}

enum db_status
db_initiative_funding_totals(struct db *db, long long initiative_id,
    json_t **row)
{
	return row_by_id(db, STMT_INITIATIVE_FUNDING_TOTALS, initiative_id,
	    row);
}

enum db_status
db_updates_list(struct db *db, long long initiative_id,
    const char *after_day, const char *after_id, long long size,
    json_t **rows)
{
	char	 key[24], n[24];

	return db_rows(db, STMT_UPDATES_LIST, DB_PARAMS(ID(key,
	    initiative_id), after_day, after_id, ID(n, size)), rows);
}

enum db_status
db_initiative_progress(struct db *db, long long location_id, long long id,
    const char *status, json_t **row)
{
	char	 loc[24], key[24];

	return db_row(db, STMT_INITIATIVE_PROGRESS, DB_PARAMS(ID(loc,
	    location_id), ID(key, id), status), row);
}

enum db_status
db_overlaps(struct db *db, const char *area, long long size, json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_OVERLAPS, DB_PARAMS(area, ID(n, size)), rows);
}

enum db_status
db_overlaps_after(struct db *db, const char *area, const char *similarity,
    const char *first, const char *second, long long size, json_t **rows)
{
	char	 n[24];

	return db_rows(db, STMT_OVERLAPS_AFTER, DB_PARAMS(area, similarity,
	    first, second, ID(n, size)), rows);
}

enum db_status
db_adoption_info(struct db *db, long long initiative_id, json_t **row)
{
	return row_by_id(db, STMT_ADOPTION_INFO, initiative_id, row);
}

enum db_status
db_adoption_create(struct db *db, long long target_location,
    long long user_id, long long source_location, long long source_id,
    json_t **row)
{
	char	 target[24], user[24], loc[24], key[24];

	return db_row(db, STMT_ADOPTION_CREATE, DB_PARAMS(ID(target,
	    target_location), ID(user, user_id), ID(loc, source_location),
	    ID(key, source_id)), row);
}

/* ---------------------------------------------------------------- reach */

enum db_status
db_initiative_reach_save(struct db *db, long long location_id, long long id,
    json_t *values, json_t **row)
{
	static const char *const names[] = { "scope", "mainstream",
	    "lead_agency", "funding_sources" };
	char		 loc[24], n[24], *slugs;
	const char	*lead[2];
	enum db_status	 st;

	lead[0] = ID(loc, location_id);
	lead[1] = ID(n, id);
	if ((st = db_json_row(db, STMT_INITIATIVE_REACH_SAVE, lead, 2, values,
	    names, 4, row)) != DB_OK || *row == NULL)
		return st;
	if ((slugs = json_dumps(json_object_get(values, "locations"),
	    JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_command(db, STMT_INITIATIVE_LOCATIONS_SET, DB_PARAMS(loc, n,
	    slugs), NULL);
	free(slugs);
	return st;
}
