/*
 * db: connection, prepared statements, reconnection and result conversion
 * (see db.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../util/changes.h"
#include "../util/clock.h"
#include "../util/log.h"
#include "../util/metrics.h"
#include "db.h"

#define DB_RETRY_MS	100	/* between connection attempts while down */

/* Type OIDs from PostgreSQL's pg_type.dat; stable across versions. */
#define OID_BOOL	16
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_JSON	114
#define OID_JSONB	3802

struct db {
	char		*conninfo;
	PGconn		*conn;
	long long	 last_attempt_ms;
	int		 in_tx;
	int		 unheard;	/* (re)connected: changes made
					 * meanwhile went unheard */
	int		 standby;	/* a read replica: no LISTEN there */
	char		 sqlstate[6];
	char		 constraint[64];
	char		 message[256];	/* the server's, for portalctl */
};

struct db *
db_new_standby(const char *conninfo)
{
	struct db *db;

	if ((db = db_new(conninfo)) != NULL)
		db->standby = 1;
	return db;
}

struct db *
db_new(const char *conninfo)
{
	struct db	*db;
	char		 which[16];
	int		 bad;

	/* A row whose count is not its SQL's would bind the wrong values. */
	if (stmt_check(stmts, STMT__MAX, &bad) == -1) {
		snprintf(which, sizeof(which), "%d", bad);
		log_msg(LOG_ERROR, "statement table inconsistent", "stmt=%s",
		    which);
		return NULL;
	}
	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	if ((db->conninfo = strdup(conninfo)) == NULL) {
		free(db);
		return NULL;
	}
	return db;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	if (db->conn != NULL)
		PQfinish(db->conn);
	free(db->conninfo);
	free(db);
}

static void
db_disconnect(struct db *db)
{
	if (db->conn != NULL)
		PQfinish(db->conn);
	db->conn = NULL;
	db->in_tx = 0;
}

static int
db_prepare_all(struct db *db)
{
	PGresult	*res;
	char		 name[16];
	int		 i, ok;

	for (i = 0; i < STMT__MAX; i++) {
		snprintf(name, sizeof(name), "s%d", i);
		res = PQprepare(db->conn, name, stmts[i].sql, stmts[i].nparams,
		    NULL);
		ok = PQresultStatus(res) == PGRES_COMMAND_OK;
		if (!ok) {
			char stmt_no[16];

			snprintf(db->message, sizeof(db->message), "%s",
			    PQresultErrorMessage(res));

			snprintf(stmt_no, sizeof(stmt_no), "%d", i);
			log_msg(LOG_ERROR, "cannot prepare statement",
			    "stmt=%s sqlstate=%s", stmt_no,
			    PQresultErrorField(res, PG_DIAG_SQLSTATE) ?
			    PQresultErrorField(res, PG_DIAG_SQLSTATE) : "-");
		}
		PQclear(res);
		if (!ok)
			return -1;
	}
	return 0;
}

static enum db_status db_control(struct db *, const char *);

static enum db_status
db_connect(struct db *db)
{
	/* Keepalives find a half-open link, which LISTEN alone never would. */
	const char *keys[] = { "application_name", "connect_timeout",
	    "keepalives_idle", "keepalives_interval", "keepalives_count",
	    "dbname", NULL };
	const char *vals[] = { "portald", "2", "30", "10", "3", db->conninfo,
	    NULL };
	long long now = clock_ms();

	if (now - db->last_attempt_ms < DB_RETRY_MS)
		return DB_UNAVAILABLE;
	db->last_attempt_ms = now;
	db->conn = PQconnectdbParams(keys, vals, 1);
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		snprintf(db->message, sizeof(db->message), "%s",
		    db->conn != NULL ? PQerrorMessage(db->conn) :
		    "out of memory\n");
		goto fail;
	}
	/* A standby refuses LISTEN; its changes are the primary's. */
	if (db_prepare_all(db) == -1 || (!db->standby && db_control(db,
	    "LISTEN " DB_CHANGES_CHANNEL) != DB_OK))
		goto fail;
	/* Whatever changed while we were away went unheard. */
	db->unheard = 1;
	metrics_add(METRIC_DB_CONNECTS);
	log_msg(LOG_INFO, "database connected", "replica=%d", db->standby);
	return DB_OK;
fail:
	db_disconnect(db);
	return DB_UNAVAILABLE;
}

enum db_status
db_ready(struct db *db)
{
	PGresult *res;

	if (db->conn != NULL && PQstatus(db->conn) != CONNECTION_OK) {
		log_msg(LOG_WARN, "database connection lost", "replica=%d",
		    db->standby);
		metrics_add(METRIC_DB_LOST);
		db_disconnect(db);
	}
	if (db->conn == NULL)
		return db_connect(db);
	if (!db->in_tx && PQtransactionStatus(db->conn) != PQTRANS_IDLE) {
		res = PQexec(db->conn, "ROLLBACK");
		PQclear(res);
		if (PQstatus(db->conn) != CONNECTION_OK)
			return db_ready(db);
	}
	return DB_OK;
}

static PGresult *
db_exec_once(struct db *db, enum stmt s, const char *const *params)
{
	char	 name[16];

	snprintf(name, sizeof(name), "s%d", (int)s);
	return PQexecPrepared(db->conn, name, stmts[s].nparams, params, NULL,
	    NULL, 0);
}

enum db_status
db_exec(struct db *db, enum stmt s, const char *const *params, size_t n,
    PGresult **out)
{
	PGresult	*res;
	const char	*state;
	char		 counts[48];
	int		 attempt;

	*out = NULL;
	db->sqlstate[0] = '\0';
	db->constraint[0] = '\0';
	/* libpq would read stmts[s].nparams values whatever the array holds. */
	if (n != (size_t)stmts[s].nparams) {
		snprintf(counts, sizeof(counts), "stmt=%d given=%zu declared=%d",
		    (int)s, n, stmts[s].nparams);
		log_msg(LOG_ERROR, "wrong number of statement parameters",
		    "%s", counts);
		return DB_ERROR;
	}
	/* A connection that died since the last request fails only on use:
	 * reconnect and try once more before saying the database is down --
	 * unless a transaction was open, which died with the connection. */
	for (attempt = 0; attempt < (db->in_tx ? 1 : 2); attempt++) {
		if (db_ready(db) != DB_OK)
			goto unavailable;
		res = db_exec_once(db, s, params);
		switch (PQresultStatus(res)) {
		case PGRES_TUPLES_OK:
		case PGRES_COMMAND_OK:
			*out = res;
			return DB_OK;
		default:
			break;
		}
		if (PQstatus(db->conn) == CONNECTION_OK) {
			state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
			snprintf(db->sqlstate, sizeof(db->sqlstate), "%s",
			    state != NULL ? state : "");
			state = PQresultErrorField(res,
			    PG_DIAG_CONSTRAINT_NAME);
			snprintf(db->constraint, sizeof(db->constraint), "%s",
			    state != NULL ? state : "");
			snprintf(db->message, sizeof(db->message), "%s",
			    PQresultErrorMessage(res));
			PQclear(res);
			metrics_add(METRIC_DB_ERRORS);
			return DB_ERROR;
		}
		PQclear(res);
		metrics_add(METRIC_DB_LOST);
		db_disconnect(db);
		db->last_attempt_ms = 0;
	}
unavailable:
	metrics_add(METRIC_DB_UNAVAILABLE);
	return DB_UNAVAILABLE;
}

enum db_status
db_ping(struct db *db)
{
	return db_command(db, STMT_PING, DB_NO_PARAMS, NULL);
}

const char *
db_sqlstate(const struct db *db)
{
	return db->sqlstate;
}

const char *
db_constraint(const struct db *db)
{
	return db->constraint;
}

const char *
db_message(const struct db *db)
{
	return db->message[0] != '\0' ? db->message : "no message\n";
}

enum db_status
db_rows(struct db *db, enum stmt s, const char *const *params, size_t n,
    json_t **rows)
{
	PGresult	*res;
	enum db_status	 st;

	*rows = NULL;
	if ((st = db_exec(db, s, params, n, &res)) != DB_OK)
		return st;
	*rows = db_rows_json(res);
	PQclear(res);
	return *rows != NULL ? DB_OK : DB_ERROR;
}

enum db_status
db_row(struct db *db, enum stmt s, const char *const *params, size_t n,
    json_t **row)
{
	PGresult	*res;
	enum db_status	 st;

	*row = NULL;
	if ((st = db_exec(db, s, params, n, &res)) != DB_OK)
		return st;
	*row = db_row_json(res);
	PQclear(res);
	return DB_OK;
}

enum db_status
db_row_member(struct db *db, enum stmt s, const char *const *params,
    size_t n, const char *member, json_t **out)
{
	json_t		*row;
	enum db_status	 st;

	*out = NULL;
	if ((st = db_row(db, s, params, n, &row)) == DB_OK && row != NULL)
		*out = json_incref(json_object_get(row, member));
	json_decref(row);
	return st;
}

enum db_status
db_command(struct db *db, enum stmt s, const char *const *params, size_t n,
    long *count)
{
	PGresult	*res;
	enum db_status	 st;

	if (count != NULL)
		*count = 0;
	if ((st = db_exec(db, s, params, n, &res)) != DB_OK)
		return st;
	if (count != NULL)
		*count = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return DB_OK;
}

/* Runs a transaction-control command; these are constants, not values. */
static enum db_status
db_control(struct db *db, const char *sql)
{
	PGresult	*res;
	int		 ok;

	res = PQexec(db->conn, sql);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	PQclear(res);
	if (ok)
		return DB_OK;
	if (PQstatus(db->conn) != CONNECTION_OK) {
		db_disconnect(db);
		return DB_UNAVAILABLE;
	}
	return DB_ERROR;
}

enum db_status
db_begin(struct db *db)
{
	enum db_status	 st = DB_UNAVAILABLE;
	int		 attempt;

	if (db->in_tx)
		return DB_OK;
	/* A connection that died since the last request fails only on use:
	 * nothing has begun, so reconnect and try once more. */
	for (attempt = 0; attempt < 2; attempt++) {
		if ((st = db_ready(db)) != DB_OK)
			return st;
		if ((st = db_control(db, "BEGIN")) != DB_UNAVAILABLE)
			break;
	}
	if (st == DB_OK)
		db->in_tx = 1;
	return st;
}

enum db_status
db_end(struct db *db, int commit)
{
	enum db_status	 st;
	int		 failed;

	if (!db->in_tx)
		return DB_OK;
	/* A transaction dies with its connection: nothing was committed. */
	if (db->conn == NULL || PQstatus(db->conn) != CONNECTION_OK) {
		db_disconnect(db);
		return commit ? DB_UNAVAILABLE : DB_OK;
	}
	db->in_tx = 0;
	/* A statement failed inside: COMMIT would only roll back. */
	failed = PQtransactionStatus(db->conn) == PQTRANS_INERROR;
	st = db_control(db, commit && !failed ? "COMMIT" : "ROLLBACK");
	return st == DB_OK && commit && failed ? DB_ERROR : st;
}

int
db_changed(struct db *db, struct change_set *set)
{
	PGnotify	*n;
	int		 changed;

	if (db_ready(db) != DB_OK)
		return -1;
	if (!PQconsumeInput(db->conn) || PQstatus(db->conn) != CONNECTION_OK) {
		db_disconnect(db);
		return -1;
	}
	if ((changed = db->unheard))
		set->everything = set->identity = 1;
	db->unheard = 0;
	while ((n = PQnotifies(db->conn)) != NULL) {
		changes_note(set, n->extra);
		changed = 1;
		PQfreemem(n);
	}
	return changed;
}

int
db_in_transaction(const struct db *db)
{
	return db->in_tx;
}

static json_t *
value_json(const PGresult *res, int row, int col)
{
	const char	*v;

	if (PQgetisnull(res, row, col))
		return json_null();
	v = PQgetvalue(res, row, col);
	switch (PQftype(res, col)) {
	case OID_BOOL:
		return json_boolean(v[0] == 't');
	case OID_INT2:
	case OID_INT4:
	case OID_INT8:
		return json_integer(strtoll(v, NULL, 10));
	case OID_JSON:
	case OID_JSONB:
		return json_loads(v, JSON_DECODE_ANY, NULL);
	default:
		return json_string(v);
	}
}

static json_t *
row_json(const PGresult *res, int row)
{
	json_t	*obj;
	int	 col, ncols = PQnfields(res);

	if ((obj = json_object()) == NULL)
		return NULL;
	for (col = 0; col < ncols; col++)
		if (json_object_set_new(obj, PQfname(res, col),
		    value_json(res, row, col)) == -1) {
			json_decref(obj);
			return NULL;
		}
	return obj;
}

json_t *
db_rows_json(const PGresult *res)
{
	json_t	*arr;
	int	 row, nrows = PQntuples(res);

	if ((arr = json_array()) == NULL)
		return NULL;
	for (row = 0; row < nrows; row++)
		if (json_array_append_new(arr, row_json(res, row)) == -1) {
			json_decref(arr);
			return NULL;
		}
	return arr;
}

json_t *
db_row_json(const PGresult *res)
{
	return PQntuples(res) > 0 ? row_json(res, 0) : NULL;
}

/* obj's members named by names as parameters (see db_json_row());
 * owned[] keeps the text made for them.  0, or -1 on no memory. */
static int
db_json_params(json_t *obj, const char *const *names, size_t n,
    const char **params, char **owned)
{
	json_t	*v;
	size_t	 i;
	int	 rc = 0;

	for (i = 0; i < n; i++) {
		owned[i] = NULL;
		v = json_object_get(obj, names[i]);
		if (json_is_array(v) || json_is_number(v)) {
			if ((owned[i] = json_dumps(v, JSON_COMPACT |
			    JSON_ENCODE_ANY)) == NULL)
				rc = -1;
			params[i] = owned[i];
		} else if (json_is_boolean(v))
			params[i] = json_is_true(v) ? "t" : "f";
		else
			params[i] = json_string_value(v);
	}
	return rc;
}

static void
db_json_params_free(char **owned, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(owned[i]);
}

enum db_status
db_json_row(struct db *db, enum stmt s, const char *const *lead,
    size_t nlead, json_t *obj, const char *const *names, size_t n,
    json_t **row)
{
	const char	*params[DB_JSON_PARAMS_MAX];
	char		*owned[DB_JSON_PARAMS_MAX];
	enum db_status	 st = DB_ERROR;
	size_t		 i;

	*row = NULL;
	if (nlead + n > DB_JSON_PARAMS_MAX)
		return DB_ERROR;
	for (i = 0; i < nlead; i++)
		params[i] = lead[i];
	if (db_json_params(obj, names, n, params + nlead, owned) == 0)
		st = db_row(db, s, params, nlead + n, row);
	db_json_params_free(owned, n);
	return st;
}
