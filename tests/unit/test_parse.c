/*
 * Unit tests for app/http/parse: percent-decoding, urlencoded fields and
 * Cookie headers, with the malformed input each must refuse.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/http/parse.h"

static enum parse_status
decode(const char *in, int plus, struct buf *out)
{
	buf_reset(out);
	return parse_percent_decode(in, strlen(in), plus, out);
}

static void
percent_decodes_valid_escapes(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(decode("a%20b", 0, &out), PARSE_OK);
	assert_string_equal(buf_str(&out), "a b");
	assert_int_equal(decode("M%C4%81ori", 0, &out), PARSE_OK);
	assert_string_equal(buf_str(&out), "M\xc4\x81ori");
	assert_int_equal(decode("a+b", 1, &out), PARSE_OK);
	assert_string_equal(buf_str(&out), "a b");
	assert_int_equal(decode("a+b", 0, &out), PARSE_OK);
	assert_string_equal(buf_str(&out), "a+b");
	assert_int_equal(decode("%2f%2F", 0, &out), PARSE_OK);
	assert_string_equal(buf_str(&out), "//");
	buf_free(&out);
}

static void
percent_refuses_malformed(void **state)
{
	struct buf out = BUF_INIT;

	(void)state;
	assert_int_equal(decode("%", 0, &out), PARSE_BAD_ENCODING);
	assert_int_equal(decode("%2", 0, &out), PARSE_BAD_ENCODING);
	assert_int_equal(decode("%zz", 0, &out), PARSE_BAD_ENCODING);
	assert_int_equal(decode("100%", 0, &out), PARSE_BAD_ENCODING);
	/* Invalid UTF-8, overlong '/', a surrogate and an escaped NUL. */
	assert_int_equal(decode("%C3%28", 0, &out), PARSE_BAD_UTF8);
	assert_int_equal(decode("%C0%AF", 0, &out), PARSE_BAD_UTF8);
	assert_int_equal(decode("%ED%A0%80", 0, &out), PARSE_BAD_UTF8);
	assert_int_equal(decode("a%00b", 0, &out), PARSE_BAD_UTF8);
	buf_free(&out);
}

static void
urlencoded_fields_in_order(void **state)
{
	struct kvlist kv = KVLIST_INIT;
	const char *in = "name=Nelson+Bays&x=&&flag&name=second&e=%E2%9C%93";

	(void)state;
	assert_int_equal(parse_urlencoded(in, strlen(in), &kv), PARSE_OK);
	assert_int_equal(kv.n, 5);
	assert_string_equal(kvlist_get(&kv, "name"), "Nelson Bays");
	assert_string_equal(kvlist_get(&kv, "x"), "");
	assert_string_equal(kvlist_get(&kv, "flag"), "");
	assert_string_equal(kvlist_get(&kv, "e"), "\xe2\x9c\x93");
	assert_string_equal(kv.items[3].val, "second");
	assert_null(kvlist_get(&kv, "missing"));
	kvlist_free(&kv);
}

static void
urlencoded_limits(void **state)
{
	struct kvlist	 kv = KVLIST_INIT;
	struct buf	 in = BUF_INIT;
	char		 key[PARSE_MAX_KEY + 2];
	int		 i;

	(void)state;
	for (i = 0; i < PARSE_MAX_PAIRS + 1; i++)
		buf_printf(&in, "k%d=v&", i);
	assert_int_equal(parse_urlencoded(in.data, in.len, &kv),
	    PARSE_TOO_MANY);
	assert_int_equal(kv.n, PARSE_MAX_PAIRS);
	kvlist_free(&kv);

	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	assert_int_equal(parse_urlencoded(key, strlen(key), &kv),
	    PARSE_BAD_KEY);
	assert_int_equal(parse_urlencoded("=v", 2, &kv), PARSE_BAD_KEY);
	assert_int_equal(parse_urlencoded("a=%ff", 5, &kv), PARSE_BAD_UTF8);
	assert_int_equal(parse_urlencoded("a=%g1", 5, &kv),
	    PARSE_BAD_ENCODING);
	kvlist_free(&kv);
	buf_free(&in);
}

static void
cookies_skip_malformed_pairs(void **state)
{
	struct kvlist kv = KVLIST_INIT;
	const char *in = "portal_session=abc; junk; =x; theme=\"dark\";  b=2";

	(void)state;
	assert_int_equal(parse_cookies(in, strlen(in), &kv), PARSE_OK);
	assert_string_equal(kvlist_get(&kv, "portal_session"), "abc");
	assert_string_equal(kvlist_get(&kv, "b"), "2");
	assert_null(kvlist_get(&kv, "junk"));
	assert_null(kvlist_get(&kv, ""));
	kvlist_free(&kv);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(percent_decodes_valid_escapes),
		cmocka_unit_test(percent_refuses_malformed),
		cmocka_unit_test(urlencoded_fields_in_order),
		cmocka_unit_test(urlencoded_limits),
		cmocka_unit_test(cookies_skip_malformed_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
