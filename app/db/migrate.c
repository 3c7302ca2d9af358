/*
 * migrate: numbered SQL files applied once each (see migrate.h).
 *
 * The files are the schema's documentation, so they are run whole with
 * PQexec (a file holds many statements).  This is the only place SQL text
 * that is not a stmts[] row reaches the server, and it comes from the
 * project's own sql/ directory, never from a request.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/buf.h"
#include "migrate.h"

#define MIGRATE_LOCK	"7262531"	/* pg_advisory_lock key */
#define MAX_FILES	1000

static int
run(PGconn *conn, const char *sql, const char *what)
{
	PGresult *res = PQexec(conn, sql);
	int	 ok = PQresultStatus(res) == PGRES_COMMAND_OK ||
	    PQresultStatus(res) == PGRES_TUPLES_OK;

	if (!ok)
		fprintf(stderr, "portalctl: %s: %s", what,
		    PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

static int
applied(PGconn *conn, const char *version)
{
	const char	*params[] = { version };
	PGresult	*res;
	int		 n;

	res = PQexecParams(conn, "SELECT 1 FROM schema_migrations "
	    "WHERE version = $1", 1, NULL, params, NULL, NULL, 0);
	n = PQresultStatus(res) == PGRES_TUPLES_OK ? PQntuples(res) : -1;
	PQclear(res);
	return n;
}

static int
record(PGconn *conn, const char *version)
{
	const char	*params[] = { version };
	PGresult	*res;
	int		 ok;

	res = PQexecParams(conn, "INSERT INTO schema_migrations (version) "
	    "VALUES ($1)", 1, NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_COMMAND_OK;
	if (!ok)
		fprintf(stderr, "portalctl: %s", PQerrorMessage(conn));
	PQclear(res);
	return ok ? 0 : -1;
}

static int
read_all(const char *path, struct buf *out)
{
	FILE	*f;
	char	 chunk[8192];
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	fclose(f);
	return buf_failed(out) ? -1 : 0;
}

static int
is_migration(const char *name)
{
	size_t	 n = strlen(name);

	return n > 8 && name[0] >= '0' && name[0] <= '9' &&
	    name[1] >= '0' && name[1] <= '9' && name[2] >= '0' &&
	    name[2] <= '9' && name[3] == '_' &&
	    strcmp(name + n - 4, ".sql") == 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
filter(const struct dirent *d)
{
	return is_migration(d->d_name);
}

/* Applies one file if it is new; returns 1 if applied, 0, or -1. */
static int
apply(PGconn *conn, const char *dir, const char *prefix, const char *name)
{
	struct buf	 version = BUF_INIT, path = BUF_INIT, sql = BUF_INIT;
	int		 rc = -1, seen;

	buf_printf(&version, "%s%s", prefix, name);
	buf_printf(&path, "%s/%s", dir, name);
	if ((seen = applied(conn, buf_str(&version))) != 0) {
		rc = seen > 0 ? 0 : -1;
		goto out;
	}
	if (read_all(buf_str(&path), &sql) == -1) {
		fprintf(stderr, "portalctl: cannot read %s\n", buf_str(&path));
		goto out;
	}
	if (run(conn, "BEGIN", "begin") == -1)
		goto out;
	if (run(conn, buf_str(&sql), buf_str(&path)) == -1 ||
	    record(conn, buf_str(&version)) == -1 ||
	    run(conn, "COMMIT", "commit") == -1) {
		(void)run(conn, "ROLLBACK", "rollback");
		goto out;
	}
	printf("applied %s\n", buf_str(&version));
	rc = 1;
out:
	buf_free(&version);
	buf_free(&path);
	buf_free(&sql);
	return rc;
}

int
migrate_dir(PGconn *conn, const char *dir, const char *prefix)
{
	struct dirent	**names = NULL;
	int		 n, i, rc, count = 0;

	if (run(conn, "SET client_min_messages = warning", "settings") ||
	    run(conn, "SELECT pg_advisory_lock(" MIGRATE_LOCK ")", "lock"))
		return -1;
	if (run(conn, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	    " version text PRIMARY KEY,"
	    " applied_at timestamptz NOT NULL DEFAULT now())", "bootstrap")) {
		count = -1;
		goto out;
	}
	if ((n = scandir(dir, &names, filter, by_name)) < 0 || n > MAX_FILES) {
		fprintf(stderr, "portalctl: cannot list %s\n", dir);
		count = -1;
		goto out;
	}
	for (i = 0; i < n; i++) {
		if (count >= 0 && (rc = apply(conn, dir, prefix,
		    names[i]->d_name)) != 0)
			count = rc < 0 ? -1 : count + 1;
		free(names[i]);
	}
	free(names);
out:
	(void)run(conn, "SELECT pg_advisory_unlock(" MIGRATE_LOCK ")",
	    "unlock");
	return count;
}

int
migrate_url(const char *conninfo, const char *dir, const char *prefix)
{
	PGconn	*conn = PQconnectdb(conninfo);
	int	 n = -1;

	if (PQstatus(conn) != CONNECTION_OK)
		fprintf(stderr, "portalctl: cannot connect: %s",
		    PQerrorMessage(conn));
	else
		n = migrate_dir(conn, dir, prefix);
	PQfinish(conn);
	return n;
}
