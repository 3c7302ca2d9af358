/*
 * audit: typed queries over the audit chains (see audit.h).
 */
#include "audit.h"

enum db_status
db_audit_chains(struct db *db, json_t **rows)
{
	return db_rows(db, STMT_AUDIT_CHAINS, (const char *[]){ NULL }, rows);
}
