/*
 * Unit tests for app/http/request and app/http/router: what a raw FastCGI
 * request turns into, the 4xx each kind of bad input gets, how routes
 * match, capture and answer 404, 405 and a missing trailing slash, which
 * segments the request log redacts, and which redirect targets are local.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../app/http/request.h"
#include "../../app/http/router.h"

static int
parse(struct request *r, const char *method, const char *uri,
    const char *type, const char *body)
{
	struct request_input in = {
		.method = method, .uri = uri, .content_type = type,
		.body = body != NULL ? body : "",
		.body_len = body != NULL ? strlen(body) : 0,
	};

	request_init(r);
	return request_parse(r, &in);
}

static void
parses_a_form_post(void **state)
{
	struct request r;

	(void)state;
	assert_int_equal(parse(&r, "POST", "/l/nelson/wg/?tab=a%20b",
	    "application/x-www-form-urlencoded; charset=UTF-8",
	    "email=a%40b.nz&name=T%C4%81ne"), 0);
	assert_int_equal(r.method, HTTP_POST);
	assert_int_equal(r.format, FORMAT_HTML);
	assert_string_equal(r.path, "/l/nelson/wg/");
	assert_int_equal(r.nsegments, 3);
	assert_string_equal(r.segments[1], "nelson");
	assert_true(r.trailing_slash);
	assert_string_equal(kvlist_get(&r.query, "tab"), "a b");
	assert_string_equal(kvlist_get(&r.form, "email"), "a@b.nz");
	assert_string_equal(kvlist_get(&r.form, "name"), "T\xc4\x81ne");
	request_free(&r);
}

static void
parses_a_json_api_call(void **state)
{
	struct request r;

	(void)state;
	assert_int_equal(parse(&r, "PATCH", "/api/v1/me", "application/json",
	    "{\"display_name\": \"Aroha\"}"), 0);
	assert_int_equal(r.format, FORMAT_JSON);
	assert_int_equal(r.method, HTTP_PATCH);
	assert_string_equal(json_string_value(json_object_get(r.json,
	    "display_name")), "Aroha");
	request_free(&r);
}

static void
expect_error(const char *method, const char *uri, const char *type,
    const char *body, int status, enum http_format format)
{
	struct request r;

	assert_int_equal(parse(&r, method, uri, type, body), -1);
	assert_int_equal(r.error_status, status);
	assert_int_equal(r.format, format);
	assert_non_null(r.error_message);
	request_free(&r);
}

static void
refuses_bad_input(void **state)
{
	struct buf long_uri = BUF_INIT;
	int i;

	(void)state;
	expect_error("GET", "/l/%zz/", NULL, NULL, 400, FORMAT_HTML);
	expect_error("GET", "/l/%C3%28/", NULL, NULL, 400, FORMAT_HTML);
	expect_error("GET", "/a//b", NULL, NULL, 400, FORMAT_HTML);
	expect_error("GET", "/?q=%", NULL, NULL, 400, FORMAT_HTML);
	expect_error("GET", "/api/v1/locations?x=%ff", NULL, NULL, 400,
	    FORMAT_JSON);
	expect_error("POST", "/api/v1/session", "application/json", "{\"a\":",
	    400, FORMAT_JSON);
	expect_error("POST", "/api/v1/session", "application/json", "[1]",
	    400, FORMAT_JSON);
	expect_error("POST", "/api/v1/session", "application/json",
	    "{\"a\":1,\"a\":2}", 400, FORMAT_JSON);
	expect_error("POST", "/api/v1/session", "text/plain", "x", 415,
	    FORMAT_JSON);
	expect_error("POST", "/login", "application/json", "{\"a\":\"\xff\"}",
	    400, FORMAT_HTML);
	expect_error("POST", "/login", "multipart/form-data", "x", 415,
	    FORMAT_HTML);
	buf_puts(&long_uri, "/");
	for (i = 0; i < REQUEST_MAX_URI; i++)
		buf_putc(&long_uri, 'a');
	expect_error("GET", long_uri.data, NULL, NULL, 414, FORMAT_HTML);
	buf_free(&long_uri);
}

static void
body_over_the_cap_is_413(void **state)
{
	struct request r;
	struct request_input in = { .method = "POST", .uri = "/register",
	    .content_type = "application/x-www-form-urlencoded",
	    .body = "", .body_too_large = 1 };

	(void)state;
	request_init(&r);
	assert_int_equal(request_parse(&r, &in), -1);
	assert_int_equal(r.error_status, 413);
	request_free(&r);
}

static void
credentials_and_format(void **state)
{
	struct request r;
	struct request_input in = { .method = "BREW", .uri = "/",
	    .accept = "application/json", .cookie = "portal_session=t; a=b",
	    .authorization = "Bearer tok", .csrf_token = "c", .body = "" };

	(void)state;
	request_init(&r);
	assert_int_equal(request_parse(&r, &in), 0);
	assert_int_equal(r.method, HTTP_METHOD_UNKNOWN);
	assert_int_equal(r.format, FORMAT_JSON);
	assert_string_equal(r.bearer, "tok");
	assert_string_equal(r.csrf_header, "c");
	assert_string_equal(kvlist_get(&r.cookies, "portal_session"), "t");
	request_free(&r);
}

static struct router *
table(void)
{
	struct router *rt = router_new();

	assert_non_null(rt);
	assert_int_equal(router_add(rt, HTTP_GET, "/", 1), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/l/{slug}/", 2), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/l/{slug}/wg/members", 3),
	    0);
	assert_int_equal(router_add(rt, HTTP_POST, "/l/{slug}/wg/members", 4),
	    0);
	assert_int_equal(router_add(rt, HTTP_GET, "/api/v1/locations/{slug}",
	    5), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/invitations/{token:secret}",
	    6), 0);
	assert_int_equal(router_add(rt, HTTP_POST,
	    "/api/v1/invitations/{token:secret}", 7), 0);
	assert_int_equal(router_add(rt, HTTP_POST, "/logout", 8), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/l/{slug/", 9), -1);
	assert_int_equal(router_add(rt, HTTP_GET, "/x/{token:other}", 9), -1);
	assert_int_equal(router_add(rt, HTTP_GET, "/x/{:secret}", 9), -1);
	assert_int_equal(router_add(rt, HTTP_GET, "/x/{a:b:secret}", 9), -1);
	assert_int_equal(router_add(rt, HTTP_GET, "/e/{slug}.ics", 10), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/e/{slug}", 11), 0);
	assert_int_equal(router_add(rt, HTTP_GET, "/x/{a}{b}", 9), -1);
	assert_int_equal(router_add(rt, HTTP_GET, "/x/{}.ics", 9), -1);
	return rt;
}

static int
route(const struct router *rt, const char *method, const char *uri,
    unsigned *allow, char *slug, size_t slugsz)
{
	struct request	 r;
	const char	*s;
	int		 id;

	assert_int_equal(parse(&r, method, uri, NULL, NULL), 0);
	id = router_match(rt, &r, allow);
	s = request_param(&r, "slug");
	strncpy(slug, s != NULL ? s : "", slugsz - 1);
	slug[slugsz - 1] = '\0';
	request_free(&r);
	return id;
}

static void
routes_match_and_miss(void **state)
{
	struct router	*rt = table();
	struct buf	 hdr = BUF_INIT;
	unsigned	 allow = 0;
	char		 slug[64];

	(void)state;
	assert_int_equal(route(rt, "GET", "/", &allow, slug, sizeof(slug)), 1);
	assert_int_equal(route(rt, "GET", "/l/nelson/", &allow, slug,
	    sizeof(slug)), 2);
	assert_string_equal(slug, "nelson");
	assert_int_equal(route(rt, "HEAD", "/l/nelson/", &allow, slug,
	    sizeof(slug)), 2);
	assert_int_equal(route(rt, "POST", "/l/a/wg/members", &allow, slug,
	    sizeof(slug)), 4);
	assert_int_equal(route(rt, "GET", "/l/nelson", &allow, slug,
	    sizeof(slug)), ROUTER_ADD_SLASH);
	assert_int_equal(route(rt, "GET", "/api/v1/locations/x/", &allow, slug,
	    sizeof(slug)), ROUTER_NOT_FOUND);
	assert_int_equal(route(rt, "GET", "/nowhere", &allow, slug,
	    sizeof(slug)), ROUTER_NOT_FOUND);
	/* A capture with a literal suffix: what comes before it. */
	assert_int_equal(route(rt, "GET", "/e/42.ics", &allow, slug,
	    sizeof(slug)), 10);
	assert_string_equal(slug, "42");
	assert_int_equal(route(rt, "GET", "/e/.ics", &allow, slug,
	    sizeof(slug)), 11);
	assert_string_equal(slug, ".ics");
	assert_int_equal(route(rt, "GET", "/e/42", &allow, slug,
	    sizeof(slug)), 11);
	assert_int_equal(route(rt, "DELETE", "/l/a/wg/members", &allow, slug,
	    sizeof(slug)), ROUTER_BAD_METHOD);
	router_allow_header(allow, &hdr);
	assert_string_equal(buf_str(&hdr), "GET, HEAD, POST");
	buf_free(&hdr);
	router_free(rt);
}

/* The log's path for method and uri. */
static void
logged(const struct router *rt, const char *method, const char *uri,
    const char *want)
{
	struct request	 r;
	struct buf	 out = BUF_INIT;
	unsigned	 allow;

	(void)parse(&r, method, uri, NULL, NULL);
	(void)router_match(rt, &r, &allow);
	request_log_path(&r, router_secrets(rt, &r), &out);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
	request_free(&r);
}

static void
secret_segments_are_redacted_in_the_log(void **state)
{
	struct router	*rt = table();
	char		 slug[64];
	unsigned	 allow;

	(void)state;
	/* Captured as usual, under the name without ":secret". */
	assert_int_equal(route(rt, "GET", "/invitations/abc", &allow, slug,
	    sizeof(slug)), 6);
	logged(rt, "GET", "/invitations/abc?x=1", "/invitations/[redacted]");
	logged(rt, "POST", "/invitations/abc", "/invitations/[redacted]");
	logged(rt, "GET", "/invitations/abc/", "/invitations/[redacted]/");
	logged(rt, "DELETE", "/api/v1/invitations/abc",
	    "/api/v1/invitations/[redacted]");
	logged(rt, "GET", "/invitations/abc/more", "/invitations/abc/more");
	logged(rt, "GET", "/l/nelson/wg/members?q=secret",
	    "/l/nelson/wg/members");
	logged(rt, "GET", "/", "/");
	router_free(rt);
}

static void
redirect_targets_are_local_routes(void **state)
{
	static const char *const good[] = {
		"/", "/l/nelson/", "/l/nelson/wg/members",
		"/invitations/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"/api/v1/locations/nelson", "/l/T%C4%81ne/",
		"/l/%2F%2Fevil.example/",	/* a slug, still this site */
	};
	static const char *const bad[] = {
		"//evil.example", "//evil.example/l/nelson/", "///evil.example",
		"/\\evil.example", "/\\/evil.example", "\\\\evil.example",
		"/%2F%2Fevil", "/%2f%2fevil.example", "/%5Cevil.example",
		"https://evil.example/", "http:/evil.example",
		"//evil.example:443/", "evil.example", "", " /", "/ ",
		"/l/nelson/\r\nSet-Cookie: a=b", "/l/nelson/\t", "/\t/evil",
		"/l/nelson/?next=//evil.example", "/l/nelson/#x", "/nowhere",
		"/logout", "/l/nelson", "/l/nelson/wg/members/", "/l//",
		"/l/nelson/@evil.example/", "/l/%zz/", "/l/%C0%AF/",
		"/l/\xc3\xa9/", "javascript:alert(1)", "/l/a b/",
	};
	struct router	*rt = table();
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (!router_local_path(rt, good[i]))
			fail_msg("refused %s", good[i]);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (router_local_path(rt, bad[i]))
			fail_msg("accepted %s", bad[i]);
	assert_false(router_local_path(rt, NULL));
	router_free(rt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_a_form_post),
		cmocka_unit_test(parses_a_json_api_call),
		cmocka_unit_test(refuses_bad_input),
		cmocka_unit_test(body_over_the_cap_is_413),
		cmocka_unit_test(credentials_and_format),
		cmocka_unit_test(routes_match_and_miss),
		cmocka_unit_test(secret_segments_are_redacted_in_the_log),
		cmocka_unit_test(redirect_targets_are_local_routes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
