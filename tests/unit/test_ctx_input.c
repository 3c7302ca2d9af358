/*
 * Unit tests for the input helpers of app/handlers/ctx.c: reading form and
 * JSON fields (text, numbers, lists), required fields, query enums, route
 * ids, paging and keyset cursors, each with tables of good and bad input.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ctx_fixture.h"
#include "../../app/http/validate.h"

static void
errors_take_their_code_from_the_status(void **state)
{
	static const struct { int status; const char *code; } table[] = {
		{ 400, "bad_request" }, { 401, "unauthenticated" },
		{ 403, "forbidden" }, { 404, "not_found" },
		{ 405, "method_not_allowed" }, { 409, "conflict" },
		{ 413, "too_large" }, { 414, "uri_too_long" },
		{ 415, "unsupported_media_type" },
		{ 422, "validation_failed" }, { 429, "too_many_attempts" },
		{ 503, "database_unavailable" }, { 500, "internal_error" },
		{ 418, "internal_error" },
	};
	struct ctx	 c;
	size_t		 i;

	(void)state;
	memset(&c, 0, sizeof(c));
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_int_equal(ctx_fail(&c, table[i].status, "m"),
		    table[i].status);
		assert_string_equal(c.error_code, table[i].code);
		assert_string_equal(c.error_message, "m");
	}
}

static void
a_field_keeps_its_first_message(void **state)
{
	struct request	 r;
	struct ctx	 c;

	(void)state;
	fx_open(&c, &r, "/x", NULL, NULL);
	assert_null(c.error_fields);
	ctx_field(&c, "title", "is required");
	ctx_field(&c, "title", "is too long");
	ctx_field(&c, "date", "is not a date");
	assert_string_equal(fx_message(&c, "title"), "is required");
	assert_string_equal(fx_message(&c, "date"), "is not a date");
	fx_close(&c);
}

static void
text_from_a_form_or_json(void **state)
{
	struct request	 r;
	struct ctx	 c;

	(void)state;
	fx_open(&c, &r, "/x", FORM, "a=T%C4%81ne+X&empty=&a=second");
	assert_string_equal(ctx_input(&c, "a"), "T\xc4\x81ne X");
	assert_string_equal(ctx_input(&c, "empty"), "");
	assert_null(ctx_input(&c, "absent"));
	fx_close(&c);

	fx_open(&c, &r, "/api/v1/x", JSON,
	    "{\"a\": \"text\", \"n\": 5, \"z\": null, \"l\": [\"x\"]}");
	assert_string_equal(ctx_input(&c, "a"), "text");
	assert_null(ctx_input(&c, "n"));	/* not text */
	assert_null(ctx_input(&c, "z"));
	assert_null(ctx_input(&c, "l"));
	assert_null(ctx_input(&c, "absent"));
	fx_close(&c);
}

/* What each JSON value reads as where a number may come. */
static void
scalars_from_json(void **state)
{
	static const struct { const char *body, *want; } table[] = {
		{ "{\"v\": 42}", "42" },
		{ "{\"v\": -7}", "-7" },
		{ "{\"v\": 9223372036854775807}", "9223372036854775807" },
		{ "{\"v\": null}", "" },
		{ "{\"v\": \"12.50\"}", "12.50" },
		{ "{\"v\": 1.5}", "1.5" },
		{ "{\"v\": true}", "true or false" },
		{ "{\"v\": false}", "true or false" },
		{ "{\"v\": [1]}", "a list or an object" },
		{ "{\"v\": {}}", "a list or an object" },
	};
	struct request	 r;
	struct ctx	 c;
	char		 buf[24];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, "/api/v1/x", JSON, table[i].body);
		assert_string_equal(ctx_input_scalar(&c, "v", buf),
		    table[i].want);
		assert_null(ctx_input_scalar(&c, "w", buf));
		fx_close(&c);
	}
	fx_open(&c, &r, "/x", FORM, "v=12&e=");
	assert_string_equal(ctx_input_scalar(&c, "v", buf), "12");
	assert_string_equal(ctx_input_scalar(&c, "e", buf), "");
	assert_null(ctx_input_scalar(&c, "w", buf));
	fx_close(&c);
}

static void
lists_from_a_form(void **state)
{
	struct request	 r;
	struct ctx	 c;
	json_t		*l, *want;
	int		 bad = -1;

	(void)state;
	fx_open(&c, &r, "/x", FORM,
	    "k=a&k=&k=b&t=one%0D%0Atwo%0A%0A++%0Athree&s=x%0Ay");
	l = ctx_input_list(&c, "k", 0, &bad);
	want = json_pack("[s, s]", "a", "b");
	assert_true(json_equal(l, want));
	assert_int_equal(bad, 0);
	json_decref(l);
	json_decref(want);

	/* A textarea: one item a line, blank lines left out. */
	l = ctx_input_list(&c, "t", 1, &bad);
	want = json_pack("[s, s, s]", "one", "two", "three");
	assert_true(json_equal(l, want));
	json_decref(l);
	json_decref(want);

	/* Not split when lines is 0. */
	l = ctx_input_list(&c, "s", 0, &bad);
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(json_string_value(json_array_get(l, 0)), "x\ny");
	json_decref(l);

	assert_null(ctx_input_list(&c, "absent", 0, &bad));
	assert_int_equal(bad, 0);
	fx_close(&c);
}

static void
lists_from_json(void **state)
{
	static const struct { const char *body; int bad; size_t n; } table[] = {
		{ "{\"k\": [\"a\", \"b\"]}", 0, 2 },
		{ "{\"k\": []}", 0, 0 },
		{ "{\"k\": [\"a\", \"  \"]}", 0, 1 },
		{ "{\"k\": \"a\"}", 1, 0 },
		{ "{\"k\": [\"a\", 2]}", 1, 1 },
		{ "{\"k\": [null]}", 1, 0 },
		{ "{\"k\": {\"a\": \"b\"}}", 1, 0 },
		{ "{\"k\": null}", 1, 0 },
	};
	struct request	 r;
	struct ctx	 c;
	json_t		*l;
	size_t		 i;
	int		 bad;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, "/api/v1/x", JSON, table[i].body);
		l = ctx_input_list(&c, "k", 1, &bad);
		assert_non_null(l);
		assert_int_equal(bad, table[i].bad);
		assert_int_equal(json_array_size(l), table[i].n);
		json_decref(l);
		assert_null(ctx_input_list(&c, "absent", 0, &bad));
		fx_close(&c);
	}
}

static const char *
no_x(const char *s)
{
	return strchr(s, 'x') != NULL ? "must not contain x" : NULL;
}

static void
required_fields(void **state)
{
	static const struct { const char *value, *message; } table[] = {
		{ NULL, "is required" },
		{ "", "is required" },
		{ "box", "must not contain x" },
		{ "bob", NULL },
	};
	struct request	 r;
	struct ctx	 c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, "/x", NULL, NULL);
		ctx_require(&c, "f", table[i].value, no_x);
		if (table[i].message == NULL)
			assert_null(fx_message(&c, "f"));
		else
			assert_string_equal(fx_message(&c, "f"),
			    table[i].message);
		fx_close(&c);
	}
}

static void
query_enums(void **state)
{
	static const char *const keys[] = { "draft", "published", NULL };
	static const struct { const char *uri, *want; int bad; } table[] = {
		{ "/x", NULL, 0 },
		{ "/x?status=", NULL, 0 },
		{ "/x?status=draft", "draft", 0 },
		{ "/x?status=published", "published", 0 },
		{ "/x?status=Draft", "Draft", 1 },
		{ "/x?status=drafts", "drafts", 1 },
		{ "/x?status=draft%20", "draft ", 1 },
	};
	struct request	 r;
	struct ctx	 c;
	const char	*got;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, table[i].uri, NULL, NULL);
		got = ctx_query_enum(&c, "status", keys);
		if (table[i].want == NULL)
			assert_null(got);
		else
			assert_string_equal(got, table[i].want);
		assert_int_equal(fx_message(&c, "status") != NULL,
		    table[i].bad);
		fx_close(&c);
	}
}

static void
route_ids(void **state)
{
	static const struct { const char *text; long long id; } table[] = {
		{ "1", 1 }, { "42", 42 },
		{ "9223372036854775807", INT64_MAX },
		{ "0", 0 }, { "-1", 0 }, { "", 0 }, { "x", 0 }, { "1x", 0 },
		{ "01", 1 }, { "9223372036854775808", 0 }, { NULL, 0 },
	};
	struct request	 r;
	struct ctx	 c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, "/x", NULL, NULL);
		if (table[i].text != NULL)
			assert_int_equal(kvlist_add(&r.params, "id",
			    table[i].text, strlen(table[i].text)), 0);
		assert_int_equal(ctx_param_id(&c, "id"), table[i].id);
		fx_close(&c);
	}
}

static const char *
digits_only(const char *s)
{
	return s[0] != '\0' && s[strspn(s, "0123456789")] == '\0' ? NULL :
	    "bad";
}

static void
pages(void **state)
{
	static const struct {
		const char	*uri, *cursor;
		long long	 limit;
		int		 rc, bad_limit, bad_cursor;
	} table[] = {
		{ "/x", NULL, PAGE_DEFAULT_HTML, 0, 0, 0 },
		{ "/api/v1/x", NULL, PAGE_DEFAULT, 0, 0, 0 },
		{ "/api/v1/x?limit=1", NULL, 1, 0, 0, 0 },
		{ "/api/v1/x?limit=100&cursor=17", "17", 100, 0, 0, 0 },
		{ "/api/v1/x?limit=0", NULL, -1, -1, 1, 0 },
		{ "/api/v1/x?limit=101", NULL, -1, -1, 1, 0 },
		{ "/api/v1/x?limit=ten", NULL, -1, -1, 1, 0 },
		{ "/api/v1/x?limit=", NULL, -1, -1, 1, 0 },
		{ "/api/v1/x?cursor=abc", NULL, PAGE_DEFAULT, -1, 0, 1 },
		{ "/api/v1/x?cursor=", NULL, PAGE_DEFAULT, -1, 0, 1 },
		{ "/api/v1/x?limit=0&cursor=x", NULL, -1, -1, 1, 1 },
	};
	struct request	 r;
	struct ctx	 c;
	const char	*cursor;
	long long	 limit;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, table[i].uri, NULL, NULL);
		assert_int_equal(ctx_page(&c, &limit, &cursor, digits_only),
		    table[i].rc);
		if (table[i].limit > 0)
			assert_int_equal(limit, table[i].limit);
		if (table[i].cursor == NULL)
			assert_null(cursor);
		else
			assert_string_equal(cursor, table[i].cursor);
		assert_int_equal(fx_message(&c, "limit") != NULL,
		    table[i].bad_limit);
		assert_int_equal(fx_message(&c, "cursor") != NULL,
		    table[i].bad_cursor);
		fx_close(&c);
	}
}

static void
keyset_cursors(void **state)
{
	static const struct { const char *uri, *key, *id; int rc; } table[] = {
		{ "/api/v1/x", NULL, NULL, 0 },
		{ "/api/v1/x?cursor=garden~12", "garden", "12", 0 },
		{ "/api/v1/x?cursor=a~b~3", "a~b", "3", 0 },
		{ "/api/v1/x?cursor=t%C4%81ne~9", "t\xc4\x81ne", "9", 0 },
		{ "/api/v1/x?cursor=garden", NULL, NULL, -1 },
		{ "/api/v1/x?cursor=~12", NULL, NULL, -1 },
		{ "/api/v1/x?cursor=garden~0", NULL, NULL, -1 },
		{ "/api/v1/x?cursor=garden~", NULL, NULL, -1 },
		{ "/api/v1/x?cursor=garden~x", NULL, NULL, -1 },
		{ "/api/v1/x?cursor=garden~-4", NULL, NULL, -1 },
	};
	struct request	 r;
	struct ctx	 c;
	struct keyset	 k;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, table[i].uri, NULL, NULL);
		assert_int_equal(ctx_keyset_page(&c, &k, NULL), table[i].rc);
		assert_int_equal(k.has_cursor, table[i].key != NULL);
		if (table[i].key != NULL) {
			assert_string_equal(k.key, table[i].key);
			assert_string_equal(k.id, table[i].id);
		}
		assert_int_equal(fx_message(&c, "cursor") != NULL,
		    table[i].rc != 0);
		fx_close(&c);
	}
}

/* A list whose key is typed checks it: a cursor the SQL could not read is
 * refused here, with the field named, not by the database. */
static void
keyset_typed_key(void **state)
{
	static const struct { const char *uri; int rc; } table[] = {
		{ "/api/v1/x?cursor=2026-03-05~12", 0 },
		{ "/api/v1/x?cursor=garden~12", -1 },
		{ "/api/v1/x?cursor=2026-02-30~12", -1 },
		{ "/api/v1/x?cursor=2026-3-5~12", -1 },
	};
	struct request	 r;
	struct ctx	 c;
	struct keyset	 k;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_open(&c, &r, table[i].uri, NULL, NULL);
		assert_int_equal(ctx_keyset_page(&c, &k, valid_day),
		    table[i].rc);
		assert_int_equal(fx_message(&c, "cursor") != NULL,
		    table[i].rc != 0);
		fx_close(&c);
	}
}

/* A sort key must fit the keyset's buffer, with its terminator. */
static void
keyset_key_too_long(void **state)
{
	char		 uri[CURSOR_KEY_MAX + 64];
	struct request	 r;
	struct ctx	 c;
	struct keyset	 k;
	int		 n;

	(void)state;
	for (n = CURSOR_KEY_MAX - 1; n <= CURSOR_KEY_MAX; n++) {
		snprintf(uri, sizeof(uri), "/api/v1/x?cursor=%0*d~5", n, 0);
		fx_open(&c, &r, uri, NULL, NULL);
		assert_int_equal(ctx_keyset_page(&c, &k, NULL),
		    n < CURSOR_KEY_MAX ? 0 : -1);
		assert_int_equal(k.has_cursor, n < CURSOR_KEY_MAX);
		fx_close(&c);
	}
}

static void
id_text(void **state)
{
	char	 out[24];

	(void)state;
	assert_string_equal(ctx_id_text(0, out), "0");
	assert_string_equal(ctx_id_text(INT64_MAX, out),
	    "9223372036854775807");
	assert_string_equal(ctx_id_text(INT64_MIN, out),
	    "-9223372036854775808");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors_take_their_code_from_the_status),
		cmocka_unit_test(a_field_keeps_its_first_message),
		cmocka_unit_test(text_from_a_form_or_json),
		cmocka_unit_test(scalars_from_json),
		cmocka_unit_test(lists_from_a_form),
		cmocka_unit_test(lists_from_json),
		cmocka_unit_test(required_fields),
		cmocka_unit_test(query_enums),
		cmocka_unit_test(route_ids),
		cmocka_unit_test(pages),
		cmocka_unit_test(keyset_cursors),
		cmocka_unit_test(keyset_typed_key),
		cmocka_unit_test(keyset_key_too_long),
		cmocka_unit_test(id_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
