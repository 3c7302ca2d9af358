/*
 * seal: signing and checking the audit chains' heads (see seal.h).
 */
#include <string.h>

#include <sodium.h>

#include "../views/i18n.h"
#include "seal.h"

_Static_assert(SEAL_PK_BYTES == crypto_sign_PUBLICKEYBYTES, "seal key");
_Static_assert(SEAL_SK_BYTES == crypto_sign_SECRETKEYBYTES, "seal key");
_Static_assert(SEAL_SIG_HEX == crypto_sign_BYTES * 2 + 1, "seal size");

void
seal_keys(const unsigned char key[SECRET_BYTES],
    unsigned char pk[SEAL_PK_BYTES], unsigned char sk[SEAL_SK_BYTES])
{
	unsigned char	 seed[SECRET_BYTES];

	secret_derive(key, SECRET_AUDIT_SEAL, seed);
	crypto_sign_seed_keypair(pk, sk, seed);
	sodium_memzero(seed, sizeof(seed));
}

void
seal_sign(const unsigned char sk[SEAL_SK_BYTES], const char *msg,
    char hex[SEAL_SIG_HEX])
{
	unsigned char	 sig[crypto_sign_BYTES];

	crypto_sign_detached(sig, NULL, (const unsigned char *)msg,
	    strlen(msg), sk);
	sodium_bin2hex(hex, SEAL_SIG_HEX, sig, sizeof(sig));
}

int
seal_verify(const unsigned char pk[SEAL_PK_BYTES], const char *msg,
    const char *hex)
{
	unsigned char	 sig[crypto_sign_BYTES];
	size_t		 len = 0;

	if (msg == NULL || hex == NULL || sodium_hex2bin(sig, sizeof(sig),
	    hex, strlen(hex), NULL, &len, NULL) != 0 || len != sizeof(sig))
		return 0;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg,
	    strlen(msg), pk) == 0;
}

/* One chain's row: see seal_judge(). */
static int
judge_row(const unsigned char pk[SEAL_PK_BYTES], json_t *row)
{
	const char	*sig = json_string_value(json_object_get(row,
			    "signature"));
	int		 valid = sig != NULL && seal_verify(pk,
			    json_string_value(json_object_get(row,
			    "seal_message")), sig);

	json_object_set_new(row, "seal_valid", sig == NULL ? json_null() :
	    json_boolean(valid));
	if (sig != NULL && !valid && json_is_null(json_object_get(row,
	    "problem"))) {
		json_object_set_new(row, "problem", json_string("forged_seal"));
		json_object_set(row, "bad_seq", json_object_get(row,
		    "seal_seq"));
	}
	json_object_set_new(row, "intact", json_boolean(json_is_null(
	    json_object_get(row, "problem"))));
	return json_is_null(json_object_get(row, "problem")) ? 0 : 1;
}

int
seal_judge(const unsigned char pk[SEAL_PK_BYTES], json_t *rows)
{
	json_t	*row;
	size_t	 i;
	int	 broken = 0;

	json_array_foreach(rows, i, row)
		broken += judge_row(pk, row);
	return broken;
}

/* audit_chain_check()'s problems, in its words (sql/023). */
static const struct {
	const char	*key;
	const char	*text;
} problems[] = {
	{ "edited", N_("this entry was changed after it was written") },
	{ "removed", N_("an entry before this one was deleted") },
	{ "moved", N_("this entry was moved out of the order it was written "
	    "in") },
	{ "unlinked", N_("the entry before this one was changed and given a "
	    "new hash") },
	{ "truncated", N_("entries after this one were deleted") },
	{ "unsealed", N_("this entry no longer has the hash its signed head "
	    "recorded") },
	{ "forged_seal", N_("the signature of the chain's head is not the "
	    "portal's") },
};

const char *
seal_problem_text(const char *problem)
{
	size_t	 i;

	for (i = 0; problem != NULL &&
	    i < sizeof(problems) / sizeof(problems[0]); i++)
		if (strcmp(problems[i].key, problem) == 0)
			return problems[i].text;
	return NULL;
}
