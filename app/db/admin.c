/*
 * admin: typed queries behind portalctl (see admin.h); the SQL is in
 * stmt_admin.inc.
 */
#include "admin.h"
#include "param.h"

enum db_status
db_admin_locations(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_ADMIN_LOCATIONS, DB_NO_PARAMS, rows);
}

enum db_status
db_admin_location_add(struct db *db, const char *slug, const char *name,
    const char *region, const char *operator, json_t **row)
{
	return db_row(db, STMT_ADMIN_LOCATION_ADD, DB_PARAMS(slug, name,
	    region, operator), row);
}

enum db_status
db_admin_location_archive(struct db *db, const char *slug,
    const char *operator, json_t **row)
{
	return db_row(db, STMT_ADMIN_LOCATION_ARCHIVE, DB_PARAMS(slug,
	    operator), row);
}

enum db_status
db_admin_user_add(struct db *db, const char *email, const char *name,
    const char *hash, const char *national_role, const char *operator,
    json_t **row)
{
	return db_row(db, STMT_ADMIN_USER_ADD, DB_PARAMS(email, name, hash,
	    national_role, operator), row);
}

enum db_status
db_admin_user_password(struct db *db, const char *email, const char *hash,
    const char *operator, json_t **row)
{
	return db_row(db, STMT_ADMIN_USER_PASSWORD, DB_PARAMS(email, hash,
	    operator), row);
}

enum db_status
db_admin_membership_add(struct db *db, const struct db_admin_member *m,
    const char *operator, json_t **row)
{
	return db_row(db, STMT_ADMIN_MEMBERSHIP_ADD, DB_PARAMS(m->slug,
	    m->email, m->role, m->sector, m->organisation, operator), row);
}

enum db_status
db_admin_outbox_list(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_ADMIN_OUTBOX_LIST, DB_NO_PARAMS, rows);
}

enum db_status
db_admin_outbox_show(struct db *db, long long id, json_t **row)
{
	return row_by_id(db, STMT_ADMIN_OUTBOX_SHOW, id, row);
}

enum db_status
db_admin_outbox_next(struct db *db, json_t **row)
{
	return db_row(db, STMT_ADMIN_OUTBOX_NEXT, DB_NO_PARAMS, row);
}

enum db_status
db_admin_outbox_sent(struct db *db, const char *id)
{
	return db_command(db, STMT_ADMIN_OUTBOX_SENT, DB_PARAMS(id), NULL);
}

enum db_status
db_admin_outbox_failed(struct db *db, const char *id, const char *error,
    int give_up, json_t **row)
{
	return db_row(db, STMT_ADMIN_OUTBOX_FAILED, DB_PARAMS(id, error,
	    give_up ? "true" : "false"), row);
}

enum db_status
db_admin_funding_remind(struct db *db, const char *site_url,
    const char *operator, const char *formats, json_t **rows)
{
	return db_rows(db, STMT_ADMIN_FUNDING_REMIND, DB_PARAMS(site_url,
	    operator, formats), rows);
}

enum db_status
db_admin_actions_remind(struct db *db, const char *site_url,
    const char *operator, const char *formats, json_t **rows)
{
	return db_rows(db, STMT_ADMIN_ACTIONS_REMIND, DB_PARAMS(site_url,
	    operator, formats), rows);
}

enum db_status
db_admin_overlaps_pending(struct db *db, long long *pending)
{
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_row(db, STMT_ADMIN_OVERLAPS_PENDING, DB_NO_PARAMS, &row);
	*pending = json_integer_value(json_object_get(row, "pending"));
	json_decref(row);
	return st;
}

enum db_status
db_admin_overlaps_batch(struct db *db)
{
	return db_command(db, STMT_ADMIN_OVERLAPS_BATCH, DB_NO_PARAMS, NULL);
}

enum db_status
db_admin_newsletter_purge(struct db *db, json_t **row)
{
	return db_row(db, STMT_ADMIN_NEWSLETTER_PURGE, DB_NO_PARAMS, row);
}
