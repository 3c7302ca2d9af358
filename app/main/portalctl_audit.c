/*
 * portalctl_audit: checking the audit chains and signing their heads (see
 * portalctl.h).  The chains themselves are the database's
 * (audit_chain_check()); what needs the key, signing and checking
 * signatures, happens here and in auth/seal.c, never in the database.
 */
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "../auth/seal.h"
#include "../db/db.h"
#include "../util/buf.h"
#include "portalctl.h"

static const char check_sql[] =
    "SELECT * FROM audit_chain_check($1::bigint)";

/* The heads not sealed yet, with the text to sign (sealed now). */
static const char heads_sql[] =
    "SELECT h.chain, h.seq, encode(h.hash, 'hex') AS hash,"
    " coalesce(l.slug, '-') AS slug, t.at,"
    " audit_seal_message(l.slug, h.seq, h.hash, t.at::timestamptz) AS message"
    " FROM audit_chain_heads h LEFT JOIN locations l ON l.id = h.chain"
    " CROSS JOIN (SELECT to_char(now() AT TIME ZONE 'UTC',"
    "  'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS at) t"
    " WHERE h.seq > 0 AND NOT EXISTS (SELECT 1 FROM audit_seals s"
    "  WHERE s.chain = h.chain AND s.seq = h.seq)"
    " ORDER BY h.chain FOR UPDATE OF h";

static const char seal_sql[] =
    "INSERT INTO audit_seals (chain, seq, hash, sealed_at, signature)"
    " VALUES ($1, $2, decode($3, 'hex'), $4::timestamptz, decode($5, 'hex'))";

/* The seal key pair from PORTAL_SECRET_KEY_FILE; -1 after saying why. */
static int
keys(unsigned char pk[SEAL_PK_BYTES], unsigned char sk[SEAL_SK_BYTES])
{
	const char	*path = getenv("PORTAL_SECRET_KEY_FILE");
	unsigned char	 key[SECRET_BYTES];
	struct buf	 err = BUF_INIT;

	if (path == NULL || path[0] == '\0') {
		fprintf(stderr, "portalctl: audit needs PORTAL_SECRET_KEY_FILE, "
		    "the server key portald reads\n");
		return -1;
	}
	if (sodium_init() < 0 || secret_load(path, key, &err) == -1) {
		fprintf(stderr, "portalctl: %s", buf_str(&err));
		buf_free(&err);
		return -1;
	}
	seal_keys(key, pk, sk);
	sodium_memzero(key, sizeof(key));
	return 0;
}

/* Prints one judged chain; returns 1 when it is not intact. */
static int
print_chain(json_t *row)
{
	const char	*slug = json_string_value(json_object_get(row, "slug"));
	json_t		*problem = json_object_get(row, "problem");

	printf("%s: %lld entries, ", slug != NULL ? slug : "portal-wide",
	    (long long)json_integer_value(json_object_get(row, "entries")));
	if (json_is_null(problem))
		printf("intact");
	else
		printf("BROKEN at entry %lld (number %lld): %s",
		    (long long)json_integer_value(json_object_get(row,
		    "bad_id")), (long long)json_integer_value(
		    json_object_get(row, "bad_seq")),
		    seal_problem_text(json_string_value(problem)));
	if (json_is_null(json_object_get(row, "seal_seq")))
		printf("; not sealed yet\n");
	else
		printf("; head %lld sealed %s%s\n", (long long)
		    json_integer_value(json_object_get(row, "seal_seq")),
		    json_string_value(json_object_get(row, "sealed_at")),
		    json_is_true(json_object_get(row, "seal_valid")) ?
		    "" : " (signature NOT VALID)");
	return !json_is_null(problem);
}

/* Judges the chains (of one location id, or all for NULL): *rows new. */
static int
judge(PGconn *conn, const unsigned char pk[SEAL_PK_BYTES], const char *id,
    json_t **rows, int *broken)
{
	PGresult	*res;

	if ((res = portalctl_query(conn, check_sql, 1,
	    (const char *[]){ id })) == NULL)
		return -1;
	*rows = db_rows_json(res);
	PQclear(res);
	if (*rows == NULL)
		return -1;
	*broken = seal_judge(pk, *rows);
	return 0;
}

int
portalctl_audit_verify(PGconn *conn, const char *slug)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	json_t		*rows = NULL, *row;
	PGresult	*res = NULL;
	const char	*id = NULL;
	size_t		 i;
	int		 broken = 0, rc = 1;

	if (keys(pk, sk) == -1)
		return 1;
	sodium_memzero(sk, sizeof(sk));
	if (slug != NULL) {
		if ((res = portalctl_query(conn, "SELECT id FROM locations WHERE slug = $1",
		    1, (const char *[]){ slug })) == NULL)
			goto out;
		if (PQntuples(res) == 0) {
			fprintf(stderr, "portalctl: no location %s\n", slug);
			goto out;
		}
		id = PQgetvalue(res, 0, 0);
	}
	if (judge(conn, pk, id, &rows, &broken) == -1)
		goto out;
	json_array_foreach(rows, i, row)
		print_chain(row);
	printf("audit verify: %zu chain%s, %d broken\n", json_array_size(rows),
	    json_array_size(rows) == 1 ? "" : "s", broken);
	rc = broken > 0;
out:
	json_decref(rows);
	PQclear(res);
	return rc;
}

/* Signs and keeps one head of heads_sql's row i. */
static int
seal_one(PGconn *conn, const unsigned char sk[SEAL_SK_BYTES], PGresult *heads,
    int i)
{
	char		 sig[SEAL_SIG_HEX];
	PGresult	*res;

	seal_sign(sk, PQgetvalue(heads, i, 5), sig);
	if ((res = portalctl_query(conn, seal_sql, 5, (const char *[]){
	    PQgetvalue(heads, i, 0), PQgetvalue(heads, i, 1),
	    PQgetvalue(heads, i, 2), PQgetvalue(heads, i, 4), sig })) == NULL)
		return -1;
	PQclear(res);
	/* The exported line: what INZ keeps elsewhere. */
	printf("sealed %s %s %s %s %s\n", PQgetvalue(heads, i, 3),
	    PQgetvalue(heads, i, 1), PQgetvalue(heads, i, 2),
	    PQgetvalue(heads, i, 4), sig);
	return 0;
}

/* The judged row of chain (an id as text) in rows, or NULL. */
static json_t *
chain_row(json_t *rows, const char *chain)
{
	json_t	*row;
	size_t	 i;

	json_array_foreach(rows, i, row)
		if (json_integer_value(json_object_get(row, "chain")) ==
		    strtoll(chain, NULL, 10))
			return row;
	return NULL;
}

/*
 * Signs the head of every chain that moved since its last seal, in one
 * transaction, after checking the chains: a broken chain is not sealed
 * (that would vouch for the tampering); the others still are.
 */
int
portalctl_audit_seal(PGconn *conn)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	json_t		*rows = NULL, *row;
	PGresult	*heads = NULL, *res;
	int		 i, n = 0, broken = 0, rc = 1;

	if (keys(pk, sk) == -1)
		return 1;
	if ((res = portalctl_query(conn, "BEGIN", 0, NULL)) == NULL)
		goto out;
	PQclear(res);
	if (judge(conn, pk, NULL, &rows, &broken) == -1 ||
	    (heads = portalctl_query(conn, heads_sql, 0, NULL)) == NULL)
		goto out;
	for (i = 0; i < PQntuples(heads); i++) {
		row = chain_row(rows, PQgetvalue(heads, i, 0));
		if (row != NULL && print_chain(row))
			continue;
		if (seal_one(conn, sk, heads, i) == -1)
			goto out;
		n++;
	}
	if ((res = portalctl_query(conn, "COMMIT", 0, NULL)) == NULL)
		goto out;
	PQclear(res);
	printf("audit seal: %d head%s sealed, %d chain%s broken\n", n,
	    n == 1 ? "" : "s", broken, broken == 1 ? "" : "s");
	rc = broken > 0;
out:
	sodium_memzero(sk, sizeof(sk));
	if (rc == 1 && PQtransactionStatus(conn) != PQTRANS_IDLE)
		PQclear(PQexec(conn, "ROLLBACK"));
	json_decref(rows);
	PQclear(heads);
	return rc;
}
