/*
 * replica: reading from a streaming replica only when it is up to date
 * (see replica.h).
 */
#include <stdlib.h>
#include <string.h>

#include "replica.h"

struct replica {
	struct db	*db;
	char		 mark[32];	/* "0/16B3748", or "" for none */
};

struct replica *
replica_new(const char *conninfo)
{
	struct replica	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return NULL;
	if ((r->db = db_new_standby(conninfo)) == NULL) {
		free(r);
		return NULL;
	}
	return r;
}

void
replica_free(struct replica *r)
{
	if (r == NULL)
		return;
	db_free(r->db);
	free(r);
}

void
replica_mark(struct replica *r, struct db *primary)
{
	json_t		*row = NULL;
	const char	*lsn;

	if (r == NULL)
		return;
	r->mark[0] = '\0';
	if (db_row(primary, STMT_WAL_POSITION, DB_NO_PARAMS, &row) == DB_OK &&
	    (lsn = json_string_value(json_object_get(row, "lsn"))) != NULL &&
	    strlen(lsn) < sizeof(r->mark))
		strcpy(r->mark, lsn);
	json_decref(row);
}

struct db *
replica_ready(struct replica *r)
{
	json_t		*row = NULL;
	int		 replayed;

	if (r == NULL || r->mark[0] == '\0')
		return NULL;
	if (db_row(r->db, STMT_REPLAYED, DB_PARAMS(r->mark), &row) !=
	    DB_OK)
		return NULL;
	replayed = json_is_true(json_object_get(row, "replayed"));
	json_decref(row);
	return replayed ? r->db : NULL;
}
