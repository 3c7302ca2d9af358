/*
 * Unit tests for app/auth/seal: the audit chains' signed heads.  A
 * signature checks under the key's public half only, for the exact
 * message; a row of audit_chain_check() is judged by it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "../../app/auth/seal.h"

static const char msg[] = "portal-audit-seal-v1\nhamilton\n58\n"
    "00aa\n2026-12-07T00:30:01.000000Z\n";

static void
keys_of(unsigned char seed_byte, unsigned char pk[SEAL_PK_BYTES],
    unsigned char sk[SEAL_SK_BYTES])
{
	unsigned char	 key[SECRET_BYTES];

	memset(key, seed_byte, sizeof(key));
	seal_keys(key, pk, sk);
}

static void
sign_and_verify(void **state)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	unsigned char	 pk2[SEAL_PK_BYTES], sk2[SEAL_SK_BYTES];
	char		 sig[SEAL_SIG_HEX], bad[SEAL_SIG_HEX];

	(void)state;
	keys_of(1, pk, sk);
	keys_of(1, pk2, sk2);
	assert_memory_equal(pk, pk2, SEAL_PK_BYTES);	/* derived, not random */
	seal_sign(sk, msg, sig);
	assert_int_equal(strlen(sig), SEAL_SIG_HEX - 1);
	assert_int_equal(seal_verify(pk, msg, sig), 1);
	assert_int_equal(seal_verify(pk, "portal-audit-seal-v1\nhamilton\n59\n",
	    sig), 0);
	keys_of(2, pk2, sk2);
	assert_int_equal(seal_verify(pk2, msg, sig), 0);	/* another key */
	memcpy(bad, sig, sizeof(bad));
	bad[0] = bad[0] == '0' ? '1' : '0';
	assert_int_equal(seal_verify(pk, msg, bad), 0);
	assert_int_equal(seal_verify(pk, msg, "zz"), 0);
	assert_int_equal(seal_verify(pk, msg, ""), 0);
	assert_int_equal(seal_verify(pk, NULL, sig), 0);
	assert_int_equal(seal_verify(pk, msg, NULL), 0);
}

static void
judge_rows(void **state)
{
	unsigned char	 pk[SEAL_PK_BYTES], sk[SEAL_SK_BYTES];
	char		 sig[SEAL_SIG_HEX];
	json_t		*rows, *r;

	(void)state;
	keys_of(1, pk, sk);
	seal_sign(sk, msg, sig);
	rows = json_pack("[{s:n, s:n, s:n}, {s:s, s:s, s:n, s:i}, "
	    "{s:s, s:s, s:n, s:i}, {s:s, s:n, s:n}]",
	    "signature", "seal_message", "problem",
	    "signature", sig, "seal_message", msg, "problem", "seal_seq", 58,
	    "signature", sig, "seal_message", "forged\n", "problem",
	    "seal_seq", 58,
	    "problem", "edited", "signature", "seal_message");
	assert_int_equal(seal_judge(pk, rows), 2);
	r = json_array_get(rows, 0);	/* not sealed yet: intact */
	assert_true(json_is_null(json_object_get(r, "seal_valid")));
	assert_true(json_is_true(json_object_get(r, "intact")));
	r = json_array_get(rows, 1);
	assert_true(json_is_true(json_object_get(r, "seal_valid")));
	assert_true(json_is_true(json_object_get(r, "intact")));
	r = json_array_get(rows, 2);
	assert_true(json_is_false(json_object_get(r, "seal_valid")));
	assert_string_equal(json_string_value(json_object_get(r, "problem")),
	    "forged_seal");
	assert_int_equal(json_integer_value(json_object_get(r, "bad_seq")), 58);
	r = json_array_get(rows, 3);
	assert_true(json_is_false(json_object_get(r, "intact")));
	assert_string_equal(json_string_value(json_object_get(r, "problem")),
	    "edited");
	assert_non_null(seal_problem_text("edited"));
	assert_non_null(seal_problem_text("forged_seal"));
	assert_null(seal_problem_text("nonsense"));
	assert_null(seal_problem_text(NULL));
	json_decref(rows);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sign_and_verify),
		cmocka_unit_test(judge_rows),
	};

	if (sodium_init() < 0)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
