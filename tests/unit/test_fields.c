/*
 * Unit tests for app/handlers/fields.c: each form field reader against a
 * table of form and JSON bodies (what it stores in values, and the message
 * by the field), the version an edit started from, and what the shared
 * field templates read (field_states, field_checks, field_dollars).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/handlers/fields.h"
#include "ctx_fixture.h"

/* The readers as the portal's forms call them. */
static void
title(struct ctx *c, json_t *v)
{
	field_text(c, v, "f", 1, 5, 0);
}

static void
note(struct ctx *c, json_t *v)
{
	field_text(c, v, "f", 0, 20, 1);
}

static void
role(struct ctx *c, json_t *v)
{
	field_enum(c, v, "f", vocab_roles, "is not a role");
}

static void
roles(struct ctx *c, json_t *v)
{
	field_keys(c, v, "f", vocab_roles, 1, "has a role this list lacks");
}

static void
date(struct ctx *c, json_t *v)
{
	field_date(c, v, "f");
}

static void
count(struct ctx *c, json_t *v)
{
	field_int(c, v, "f", 0, 1000);
}

static void
cents(struct ctx *c, json_t *v)
{
	field_cents(c, v, "f", "dollars", 100, 500000);
}

static void
shown(struct ctx *c, json_t *v)
{
	field_bool(c, v, "f", 1);
}

static void
not_shown(struct ctx *c, json_t *v)
{
	field_bool(c, v, "f", 0);
}

/* A reader, a body, what values holds after, and the message for "f". */
static const struct {
	void		(*read)(struct ctx *, json_t *);
	const char	*type, *body, *values, *message;
} cases[] = {
	/* Text: trimmed; blanks are "is required" when min > 0. */
	{ title, FORM, "f=++Hi%09", "{\"f\": \"Hi\"}", NULL },
	{ title, FORM, "f=T%C4%81ne", "{\"f\": \"T\xc4\x81ne\"}", NULL },
	{ title, FORM, "f=+++", "{\"f\": \"   \"}", "is required" },
	{ title, FORM, "f=", "{\"f\": \"\"}", "is required" },
	{ title, FORM, "f=toolong", "{\"f\": \"toolong\"}", "*" },
	{ title, FORM, "f=a%0Ab", "{\"f\": \"a\\nb\"}", "*" },
	{ title, FORM, "g=x", "{}", NULL },
	{ title, JSON, "{\"f\": \" ok \"}", "{\"f\": \"ok\"}", NULL },
	{ title, JSON, "{}", "{}", NULL },
	{ note, FORM, "f=", "{\"f\": \"\"}", NULL },
	{ note, FORM, "f=a%0D%0Ab", "{\"f\": \"a\\r\\nb\"}", NULL },
	{ note, FORM, "f=a%01b", "{\"f\": \"a\\u0001b\"}", "*" },
	/* One key of a list, kept as given either way. */
	{ role, FORM, "f=member", "{\"f\": \"member\"}", NULL },
	{ role, FORM, "f=", "{\"f\": \"\"}", "is required" },
	{ role, FORM, "f=Member", "{\"f\": \"Member\"}", "is not a role" },
	{ role, JSON, "{\"f\": \"admin\"}", "{\"f\": \"admin\"}",
	    "is not a role" },
	{ role, JSON, "{}", "{}", NULL },
	/* Keys: each once, at least one, all known. */
	{ roles, FORM, "f=member&f=observer&f=member",
	    "{\"f\": [\"member\", \"observer\"]}", NULL },
	{ roles, FORM, "f=member&f=chief", "{\"f\": [\"member\", \"chief\"]}",
	    "has a role this list lacks" },
	{ roles, FORM, "f=", "{\"f\": []}", "choose at least one" },
	{ roles, FORM, "g=x", "{}", NULL },
	{ roles, JSON, "{\"f\": [\"coordinator\"]}",
	    "{\"f\": [\"coordinator\"]}", NULL },
	{ roles, JSON, "{\"f\": []}", "{\"f\": []}", "choose at least one" },
	{ roles, JSON, "{\"f\": \"member\"}", "{\"f\": []}",
	    "has a role this list lacks" },
	{ roles, JSON, "{\"f\": [\"member\", 3]}", "{\"f\": [\"member\"]}",
	    "has a role this list lacks" },
	/* Dates: "" or null clears. */
	{ date, FORM, "f=2026-03-31", "{\"f\": \"2026-03-31\"}", NULL },
	{ date, FORM, "f=", "{\"f\": null}", NULL },
	{ date, FORM, "f=2026-02-30", "{\"f\": \"2026-02-30\"}", "*" },
	{ date, FORM, "f=31%2F03%2F2026", "{\"f\": \"31/03/2026\"}", "*" },
	{ date, JSON, "{\"f\": null}", "{\"f\": null}", NULL },
	{ date, JSON, "{\"f\": \"2028-02-29\"}", "{\"f\": \"2028-02-29\"}",
	    NULL },
	{ date, JSON, "{\"f\": 20260331}", "{\"f\": \"20260331\"}", "*" },
	{ date, JSON, "{\"f\": true}", "{\"f\": \"true or false\"}", "*" },
	/* Whole numbers: typed when good, as typed when not. */
	{ count, FORM, "f=12", "{\"f\": 12}", NULL },
	{ count, FORM, "f=0", "{\"f\": 0}", NULL },
	{ count, FORM, "f=", "{\"f\": null}", NULL },
	{ count, FORM, "f=1001", "{\"f\": \"1001\"}", "*" },
	{ count, FORM, "f=-1", "{\"f\": \"-1\"}", "*" },
	{ count, FORM, "f=twelve", "{\"f\": \"twelve\"}", "*" },
	{ count, FORM, "f=1.5", "{\"f\": \"1.5\"}", "*" },
	{ count, JSON, "{\"f\": 7}", "{\"f\": 7}", NULL },
	{ count, JSON, "{\"f\": \"7\"}", "{\"f\": 7}", NULL },
	{ count, JSON, "{\"f\": null}", "{\"f\": null}", NULL },
	{ count, JSON, "{\"f\": 2.5}", "{\"f\": \"2.5\"}", "*" },
	{ count, JSON, "{\"f\": [1]}", "{\"f\": \"a list or an object\"}",
	    "*" },
	/* Money: dollars typed in a form, whole cents in JSON. */
	{ cents, FORM, "dollars=%241%2C250.50", "{\"f\": 125050}", NULL },
	{ cents, FORM, "dollars=5000", "{\"f\": 500000}", NULL },
	{ cents, FORM, "dollars=1", "{\"f\": 100}", NULL },
	{ cents, FORM, "dollars=", "{\"f\": null}", NULL },
	{ cents, FORM, "dollars=0.99", "{\"f\": \"0.99\"}", "*" },
	{ cents, FORM, "dollars=5000.01", "{\"f\": \"5000.01\"}", "*" },
	{ cents, FORM, "dollars=12.345", "{\"f\": \"12.345\"}", "*" },
	{ cents, FORM, "dollars=12%2C50", "{\"f\": \"12,50\"}", "*" },
	{ cents, FORM, "f=125050", "{}", NULL },
	{ cents, JSON, "{\"f\": 125050}", "{\"f\": 125050}", NULL },
	{ cents, JSON, "{\"f\": \"12.50\"}", "{\"f\": \"12.50\"}", "*" },
	{ cents, JSON, "{\"dollars\": \"12\"}", "{}", NULL },
	/* Yes/no: a ticked box, absence when the form shows it. */
	{ shown, FORM, "f=on", "{\"f\": true}", NULL },
	{ shown, FORM, "f=1", "{\"f\": true}", NULL },
	{ shown, FORM, "f=no", "{\"f\": false}", NULL },
	{ shown, FORM, "g=x", "{\"f\": false}", NULL },
	{ not_shown, FORM, "g=x", "{}", NULL },
	{ shown, JSON, "{\"f\": true}", "{\"f\": true}", NULL },
	{ shown, JSON, "{\"f\": false}", "{\"f\": false}", NULL },
	{ shown, JSON, "{}", "{}", NULL },
	{ shown, JSON, "{\"f\": \"yes\"}", "{}", "must be true or false" },
	{ shown, JSON, "{\"f\": 1}", "{}", "must be true or false" },
};
#define NCASES	(sizeof(cases) / sizeof(cases[0]))

static void
readers(void **state)
{
	struct request	 r;
	struct ctx	 c;
	json_t		*values, *want;
	const char	*got;
	size_t		 i;

	(void)state;
	for (i = 0; i < NCASES; i++) {
		fx_post(&c, &r, cases[i].type, cases[i].body);
		values = json_object();
		cases[i].read(&c, values);
		want = json_loads(cases[i].values, 0, NULL);
		got = fx_message(&c, "f");
		if (want == NULL || !json_equal(values, want) ||
		    (cases[i].message == NULL ? got != NULL : got == NULL ||
		    (strcmp(cases[i].message, "*") != 0 &&	/* any words */
		    strcmp(got, cases[i].message) != 0)))
			fail_msg("case %zu (%s): message %s", i, cases[i].body,
			    got != NULL ? got : "none");
		json_decref(want);
		json_decref(values);
		fx_close(&c);
	}
}

/* An edit leaves what is already in values when the field is absent. */
static void
absent_fields_keep_values(void **state)
{
	struct request	 r;
	struct ctx	 c;
	json_t		*values;

	(void)state;
	fx_open(&c, &r, "/api/v1/x", JSON, "{}");
	values = json_pack("{s:s, s:i}", "f", "kept", "dollars", 5);
	title(&c, values);
	date(&c, values);
	count(&c, values);
	cents(&c, values);
	assert_string_equal(json_string_value(json_object_get(values, "f")),
	    "kept");
	assert_null(c.error_fields);
	json_decref(values);
	fx_close(&c);
}

static void
versions(void **state)
{
	static const struct {
		const char	*type, *body;
		long long	 version;
		int		 bad;
	} table[] = {
		{ FORM, "version=3", 3, 0 },
		{ FORM, "version=2147483647", 2147483647, 0 },
		{ FORM, "version=", 0, 1 },
		{ FORM, "other=1", 0, 1 },
		{ FORM, "version=0", 0, 1 },
		{ FORM, "version=2147483648", 0, 1 },
		{ FORM, "version=v3", 0, 1 },
		{ JSON, "{\"version\": 4}", 4, 0 },
		{ JSON, "{\"version\": \"4\"}", 4, 0 },
		{ JSON, "{\"version\": null}", 0, 1 },
		{ JSON, "{\"version\": 4.5}", 0, 1 },
		{ JSON, "{}", 0, 1 },
	};
	struct request	 r;
	struct ctx	 c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		fx_post(&c, &r, table[i].type, table[i].body);
		assert_int_equal(field_version(&c), table[i].version);
		assert_int_equal(fx_message(&c, "version") != NULL,
		    table[i].bad);
		fx_close(&c);
	}
	fx_open(&c, &r, "/x", FORM, "a=1");
	field_version(&c);
	assert_string_equal(fx_message(&c, "version"),
	    "is required: say which version you changed");
	fx_close(&c);
}

static void
states(void **state)
{
	static const char *const names[][2] = {
		{ "title", NULL },
		{ "pool", "pool_cents" },
		{ "dates", NULL },
		{ NULL, NULL },
	};
	struct request	 r;
	struct ctx	 c;
	json_t		*got, *want;

	(void)state;
	fx_open(&c, &r, "/x", NULL, NULL);
	got = field_states(&c, names);
	want = json_loads("{\"title\": {\"id\": \"title\", \"error\": null},"
	    " \"pool\": {\"id\": \"pool\", \"error\": null},"
	    " \"dates\": {\"id\": \"dates\", \"error\": null}}", 0, NULL);
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);

	/* Messages under the key: pool's are under pool_cents. */
	ctx_field(&c, "title", "is required");
	ctx_field(&c, "pool_cents", "is more than the round has");
	ctx_field(&c, "pool", "not this one");
	got = field_states(&c, names);
	want = json_loads("{\"title\": {\"id\": \"title\", \"error\": "
	    "\"is required\"}, \"pool\": {\"id\": \"pool\", \"error\": "
	    "\"is more than the round has\"}, \"dates\": {\"id\": \"dates\","
	    " \"error\": null}}", 0, NULL);
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);
	fx_close(&c);
}

static void
checks(void **state)
{
	json_t	*chosen, *got, *row;
	size_t	 i;

	(void)state;
	chosen = json_pack("[s, i, s]", "member", 3, "nobody");
	got = field_checks(vocab_roles, chosen);
	assert_int_equal(json_array_size(got), 3);
	json_array_foreach(got, i, row) {
		assert_string_equal(json_string_value(json_object_get(row,
		    "key")), vocab_roles[i].key);
		assert_string_equal(json_string_value(json_object_get(row,
		    "name")), vocab_roles[i].name);
		assert_int_equal(json_is_true(json_object_get(row, "checked")),
		    strcmp(vocab_roles[i].key, "member") == 0);
	}
	json_decref(got);
	got = field_checks(vocab_roles, NULL);
	json_array_foreach(got, i, row)
		assert_true(json_is_false(json_object_get(row, "checked")));
	json_decref(got);
	json_decref(chosen);
}

static void
dollars(void **state)
{
	static const struct { long long cents; const char *text; } table[] = {
		{ 0, "0" }, { 5, "0.05" }, { 50, "0.50" }, { 100, "1" },
		{ 125050, "1250.50" }, { 125000, "1250" }, { 125001, "1250.01" },
	};
	json_t	*in, *out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		in = json_integer(table[i].cents);
		out = field_dollars(in);
		assert_string_equal(json_string_value(out), table[i].text);
		json_decref(out);
		json_decref(in);
	}
	/* What a person typed stays as typed; nothing reads as "". */
	in = json_string("12,50");
	out = field_dollars(in);
	assert_ptr_equal(out, in);
	json_decref(out);
	json_decref(in);
	out = field_dollars(NULL);
	assert_string_equal(json_string_value(out), "");
	json_decref(out);
	in = json_null();
	out = field_dollars(in);
	assert_string_equal(json_string_value(out), "");
	json_decref(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readers),
		cmocka_unit_test(absent_fields_keep_values),
		cmocka_unit_test(versions),
		cmocka_unit_test(states),
		cmocka_unit_test(checks),
		cmocka_unit_test(dollars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
