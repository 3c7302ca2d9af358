/*
 * fuzz_json: the JSON body path, from bytes to the values a handler reads.
 *
 * The input is the body of "POST /api/v1/users" with Content-Type
 * application/json, parsed by request_parse() (UTF-8 check, then jansson
 * with JSON_REJECT_DUPLICATES, then "must be an object").  When it parses,
 * every field is read the way handlers read input, through ctx_input(),
 * and run through the validators of app/http/validate.c.  The object is
 * also dumped and loaded again, which must give an equal value.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/handlers/handler.h"
#include "../../app/http/request.h"
#include "../../app/http/validate.h"
#include "../../app/util/utf8.h"
#include "fuzz.h"

static void
validate_all(const char *s)
{
	static const char *const keys[] = { "member", "coordinator",
	    "inz_staff", "admin", NULL };
	long long	 n;
	int		 y, m, d, e;
	char		*text = NULL;

	CHECK(utf8_valid(s, strlen(s)));
	(void)valid_int(s, 0, 1000000, &n);
	if (valid_int(s, -100, 100, &n) == NULL)
		CHECK(n >= -100 && n <= 100);
	(void)valid_slug(s);
	if (valid_date(s, &y, &m, &d) == NULL)
		CHECK(y >= 1900 && y <= 2999 && m >= 1 && m <= 12 && d >= 1 &&
		    d <= 31);
	if (valid_enum(s, keys, &e) == NULL)
		CHECK(e >= 0 && e < 4);
	if (valid_text(s, 1, 200, 1, &text) == NULL) {
		CHECK(text != NULL && utf8_valid(text, strlen(text)));
		free(text);
		text = NULL;
	}
	if (valid_text(s, 0, 20, 0, &text) == NULL)
		free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request_input	 in;
	struct request		 r;
	struct ctx		 c;
	const char		*key, *s;
	json_t			*v, *again;
	char			*dump;

	memset(&in, 0, sizeof(in));
	in.method = "POST";
	in.uri = "/api/v1/users";
	in.content_type = "application/json";
	in.accept = "application/json";
	in.body = (const char *)data;
	in.body_len = size;

	request_init(&r);
	if (request_parse(&r, &in) == -1) {
		CHECK(r.format == FORMAT_JSON);
		CHECK(r.error_status == 400 && r.error_message != NULL);
		CHECK(size > 0);
		request_free(&r);
		return 0;
	}
	CHECK(size == 0 ? r.json == NULL : json_is_object(r.json));

	memset(&c, 0, sizeof(c));
	c.req = &r;
	if (r.json != NULL) {
		json_object_foreach(r.json, key, v) {
			CHECK(utf8_valid(key, strlen(key)));
			s = ctx_input(&c, key);
			CHECK((s != NULL) == json_is_string(v));
			if (s != NULL)
				validate_all(s);
		}
		dump = json_dumps(r.json, JSON_COMPACT | JSON_SORT_KEYS);
		if (dump != NULL) {
			again = json_loads(dump, JSON_REJECT_DUPLICATES, NULL);
			CHECK(again != NULL);
			CHECK(json_equal(again, r.json));
			json_decref(again);
			free(dump);
		}
	}
	CHECK(ctx_input(&c, "no-such-field") == NULL ||
	    json_object_get(r.json, "no-such-field") != NULL);
	request_free(&r);
	return 0;
}
