/*
 * audit: typed queries over the audit chains (see audit.h).
 */
#include "audit.h"

/* Column key of row as text ("" when absent). */
static const char *
text(const json_t *row, const char *key)
{
	const char	*v = json_string_value(json_object_get(row, key));

	return v != NULL ? v : "";
}

enum db_status
db_audit_chains(struct db *db, const char *location_id, json_t **rows)
{
	return db_rows(db, STMT_AUDIT_CHAINS, DB_PARAMS(location_id), rows);
}

enum db_status
db_audit_location(struct db *db, const char *slug, json_t **row)
{
	return db_row(db, STMT_AUDIT_LOCATION, DB_PARAMS(slug), row);
}

enum db_status
db_audit_heads(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_AUDIT_HEADS, DB_NO_PARAMS, rows);
}

enum db_status
db_audit_seal(struct db *db, const json_t *head, const char *sig)
{
	return db_command(db, STMT_AUDIT_SEAL, DB_PARAMS(text(head, "chain"),
	    text(head, "seq"), text(head, "hash"), text(head, "at"), sig),
	    NULL);
}
