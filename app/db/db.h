/*
 * db: the worker's one PostgreSQL connection and the one way to run a
 * query on it.
 *
 * Every statement the portal runs is a row of the stmts[] table
 * (db/stmt.c), prepared once per connection.  db_exec() runs one by its
 * enum with text parameters, checks the result, and turns a lost server
 * into DB_UNAVAILABLE (the caller answers 503) instead of a crash; the
 * next call reconnects by itself once the server is back.
 *
 * Only the database layer runs statements: each concern has its typed
 * functions (db/identity.h, initiative.h, funding.h, national.h,
 * assist.h, location.h, admin.h), which take typed arguments or a struct
 * and fill the statement's parameters themselves through db_rows(),
 * db_row() and db_command() below; the SQL is in stmt_*.inc, one file
 * per concern.  Handlers never see a parameter array.
 */
#ifndef PORTAL_DB_H
#define PORTAL_DB_H

#include <jansson.h>
#include <libpq-fe.h>

#include "stmt.h"

enum db_status {
	DB_OK = 0,
	DB_UNAVAILABLE,	/* no server: answer 503 with Retry-After */
	DB_ERROR,	/* the statement failed; see db_sqlstate() */
};

struct db;

/* Returns a handle for conninfo (a libpq connection string or URI), not
 * yet connected; NULL on no memory or when stmt_check() finds the
 * statement table inconsistent (logged). */
struct db	*db_new(const char *conninfo);
/* The same for a read replica (db/replica.h): it never LISTENs. */
struct db	*db_new_standby(const char *conninfo);
void		 db_free(struct db *);
/*
 * Makes the connection usable: connects and prepares every statement if
 * needed (at most once per DB_RETRY_MS while the server is away), and rolls
 * back a transaction a previous request left open.
 */
enum db_status	 db_ready(struct db *);
/*
 * A statement's parameters with their count, for the calls below:
 * db_row(db, STMT_X, DB_PARAMS(a, b), &row).  The count comes from the
 * array itself, so a call with fewer (or more) parameters than the
 * statement declares is refused (DB_ERROR, logged) instead of reading
 * past the array.  DB_NO_PARAMS for a statement that takes none.
 */
#define DB_PARAMS(...) \
	((const char *const[]){ __VA_ARGS__ }), \
	(sizeof((const char *const[]){ __VA_ARGS__ }) / sizeof(const char *))
#define DB_NO_PARAMS	NULL, (size_t)0

/*
 * Runs statement s with its n params (NULL for SQL NULL), n being
 * stmts[s].nparams.  On DB_OK *res holds the result, which the caller
 * PQclear()s; otherwise *res is NULL.
 */
enum db_status	 db_exec(struct db *, enum stmt s, const char *const *params,
		    size_t n, PGresult **res);
/* Whether the server answers a trivial statement (readiness checks). */
enum db_status	 db_ping(struct db *);
/* The SQLSTATE of the last DB_ERROR ("23505"), or "". */
const char	*db_sqlstate(const struct db *);
/* The constraint named by the last DB_ERROR, or "". */
const char	*db_constraint(const struct db *);
/* The server's message (ending in a newline) for the last statement that
 * failed or connection that could not be made, for a command-line tool
 * to print; never for a page, which may not show it. */
const char	*db_message(const struct db *);

/*
 * The usual ways to run a statement: every row as a new JSON array
 * (*rows), the first row as a new object or NULL (*row), or the number of
 * rows a command touched (*count, may be NULL).  On failure the output is
 * NULL (or 0).
 */
enum db_status	 db_rows(struct db *, enum stmt, const char *const *params,
		    size_t n, json_t **rows);
enum db_status	 db_row(struct db *, enum stmt, const char *const *params,
		    size_t n, json_t **row);
enum db_status	 db_command(struct db *, enum stmt, const char *const *params,
		    size_t n, long *count);
/* The one member named member of s's first row (a new reference), NULL
 * when there is no row or no such member, or on failure. */
enum db_status	 db_row_member(struct db *, enum stmt,
		    const char *const *params, size_t n, const char *member,
		    json_t **out);

/*
 * Runs s as db_row() does with the nlead parameters of lead, then one for
 * each of obj's members named by names (n of them): strings as they are,
 * booleans as "t" or "f", numbers and arrays as JSON text, null or absent
 * as SQL NULL.  At most DB_JSON_PARAMS_MAX in all.  Typed queries that
 * write a checked object (db/directory.c, db/events.c) use it.
 */
#define DB_JSON_PARAMS_MAX	32
enum db_status	 db_json_row(struct db *, enum stmt, const char *const *lead,
		    size_t nlead, json_t *obj, const char *const *names,
		    size_t n, json_t **row);

/*
 * A request's transaction.  db_begin() opens it (a no-op when one is
 * open); db_end() commits it when commit is true and rolls it back
 * otherwise (a no-op when none is open).  Per-request settings made with
 * set_config(..., true) end with it.
 */
enum db_status	 db_begin(struct db *);
enum db_status	 db_end(struct db *, int commit);
/*
 * Data that workers keep copies of announces its changes on this channel
 * (sql/003_changes.sql, sql/035_changes_by_location.sql); each worker
 * listens.  Adds what was heard since the last call to set (a new
 * connection, which may have missed some, as everything) and returns 1
 * when something was, 0 when nothing was, -1 when the database is
 * unreachable.  Never blocks.
 */
#define DB_CHANGES_CHANNEL	"portal_changes"
struct change_set;
int		 db_changed(struct db *, struct change_set *);
int		 db_in_transaction(const struct db *);

/*
 * Converts every row of res to a JSON object keyed by column name, typed
 * by column: integers, booleans, json/jsonb parsed, NULL as null, the rest
 * as strings.  Returns a new array, or NULL on no memory.
 */
json_t		*db_rows_json(const PGresult *res);
/* The first row as an object, or NULL when there is none. */
json_t		*db_row_json(const PGresult *res);

#endif
