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
#include "../db/audit.h"
#include "../util/buf.h"
#include "portalctl.h"

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

/* Prints the server's message after a statement failed; returns -1. */
static int
failed(struct db *db)
{
	fprintf(stderr, "portalctl: %s", db_message(db));
	return -1;
}

/* Judges the chains (of one location id, or all for NULL): *rows new. */
static int
judge(struct db *db, const unsigned char pk[SEAL_PK_BYTES], const char *id,
    json_t **rows, int *broken)
{
	if (db_audit_chains(db, id, rows) != DB_OK)
		return failed(db);
	*broken = seal_judge(pk, *rows);
	return 0;
}

/* The id of the location with slug, as text in id; -1 after saying why. */
static int
location_id(struct db *db, const char *slug, char *id, size_t size)
{
	json_t	*row;

	if (db_audit_location(db, slug, &row) != DB_OK)
		return failed(db);
	if (row == NULL) {
		fprintf(stderr, "portalctl: no location %s\n", slug);
		return -1;
	}
	snprintf(id, size, "%s", json_string_value(json_object_get(row,
	    "id")));
	json_decref(row);
	return 0;
}

int
portalctl_audit_verify(struct db *db, const char *slug)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	json_t		*rows = NULL, *row;
	char		 id[24];
	size_t		 i;
	int		 broken = 0, rc = 1;

	if (keys(pk, sk) == -1)
		return 1;
	sodium_memzero(sk, sizeof(sk));
	if (slug != NULL && location_id(db, slug, id, sizeof(id)) == -1)
		goto out;
	if (judge(db, pk, slug != NULL ? id : NULL, &rows, &broken) == -1)
		goto out;
	json_array_foreach(rows, i, row)
		print_chain(row);
	printf("audit verify: %zu chain%s, %d broken\n", json_array_size(rows),
	    json_array_size(rows) == 1 ? "" : "s", broken);
	rc = broken > 0;
out:
	json_decref(rows);
	return rc;
}

/* Signs and keeps one head (a row of db_audit_heads). */
static int
seal_one(struct db *db, const unsigned char sk[SEAL_SK_BYTES], json_t *head)
{
	char		 sig[SEAL_SIG_HEX];

	seal_sign(sk, json_string_value(json_object_get(head, "message")), sig);
	if (db_audit_seal(db, head, sig) != DB_OK)
		return failed(db);
	/* The exported line: what INZ keeps elsewhere. */
	printf("sealed %s %s %s %s %s\n",
	    json_string_value(json_object_get(head, "slug")),
	    json_string_value(json_object_get(head, "seq")),
	    json_string_value(json_object_get(head, "hash")),
	    json_string_value(json_object_get(head, "at")), sig);
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
portalctl_audit_seal(struct db *db)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	json_t		*rows = NULL, *heads = NULL, *head, *row;
	size_t		 i;
	int		 n = 0, broken = 0, rc = 1, ok = 0;

	if (keys(pk, sk) == -1)
		return 1;
	if (db_begin(db) != DB_OK) {
		failed(db);
		goto out;
	}
	if (judge(db, pk, NULL, &rows, &broken) == -1)
		goto end;
	if (db_audit_heads(db, &heads) != DB_OK) {
		failed(db);
		goto end;
	}
	json_array_foreach(heads, i, head) {
		row = chain_row(rows, json_string_value(json_object_get(head,
		    "chain")));
		if (row != NULL && print_chain(row))
			continue;
		if (seal_one(db, sk, head) == -1)
			goto end;
		n++;
	}
	ok = 1;
end:
	if (db_end(db, ok) != DB_OK && ok) {
		failed(db);
		ok = 0;
	}
	if (ok) {
		printf("audit seal: %d head%s sealed, %d chain%s broken\n", n,
		    n == 1 ? "" : "s", broken, broken == 1 ? "" : "s");
		rc = broken > 0;
	}
out:
	sodium_memzero(sk, sizeof(sk));
	json_decref(rows);
	json_decref(heads);
	return rc;
}
