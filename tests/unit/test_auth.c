/*
 * Unit tests for app/auth/token and app/auth/password: token shape and
 * hashing, and the password rule, hashing and verification.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/auth/password.h"
#include "../../app/auth/token.h"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 || password_init() == -1 ? -1 : 0;
}

static void
tokens(void **state)
{
	char a[TOKEN_TEXT], b[TOKEN_TEXT];
	char ha[TOKEN_HASH_HEX], ha2[TOKEN_HASH_HEX], hb[TOKEN_HASH_HEX];

	(void)state;
	token_new(a);
	token_new(b);
	assert_int_equal(strlen(a), TOKEN_TEXT - 1);
	assert_true(token_valid(a));
	assert_string_not_equal(a, b);
	assert_false(token_valid(""));
	assert_false(token_valid("short"));
	a[5] = '+';
	assert_false(token_valid(a));
	token_new(a);
	token_hash_hex(a, ha);
	token_hash_hex(a, ha2);
	token_hash_hex(b, hb);
	assert_int_equal(strlen(ha), TOKEN_HASH_HEX - 1);
	assert_memory_equal(ha, "\\x", 2);
	assert_string_equal(ha, ha2);
	assert_string_not_equal(ha, hb);
	assert_true(token_equal(a, a));
	assert_false(token_equal(a, b));
	assert_false(token_equal("abc", "abcd"));
}

static void
password_rule_is_length_and_common_list(void **state)
{
	(void)state;
	assert_null(password_rule("correct horse battery"));
	assert_null(password_rule("k\xc4\x81k\xc4\x81p\xc5\x8d-t\xc4\x81ne"));
	assert_non_null(password_rule("short"));
	assert_non_null(password_rule("123456789"));
	assert_non_null(password_rule("password123"));
	assert_non_null(password_rule("1234567890"));
	/* Ten code points, fewer than ten would-be bytes would not do. */
	assert_non_null(password_rule("\xc4\x81\xc4\x81\xc4\x81\xc4\x81"));
}

static void
hash_and_verify(void **state)
{
	char hash[PASSWORD_HASH_MAX];

	(void)state;
	assert_int_equal(password_hash("tuatara-on-the-hill", hash), 0);
	assert_memory_equal(hash, "$argon2id$", 10);
	assert_true(password_verify(hash, "tuatara-on-the-hill"));
	assert_false(password_verify(hash, "tuatara-on-the-hilL"));
	assert_false(password_verify(NULL, "tuatara-on-the-hill"));
	assert_false(password_needs_rehash(hash));
	assert_true(password_needs_rehash("$argon2id$v=19$m=4096,t=3,p=1$"
	    "c29tZXNhbHRzb21lc2FsdA$0000000000000000000000000000000000000000000"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tokens),
		cmocka_unit_test(password_rule_is_length_and_common_list),
		cmocka_unit_test(hash_and_verify),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
