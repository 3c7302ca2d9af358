/*
 * Unit tests for where a change may come from (app/auth/auth.c,
 * auth_site_init and auth_csrf_check), the anonymous forms' signed tokens
 * (app/auth/token.c) and the server key (app/auth/secret.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <sodium.h>

#include "../../app/auth/auth.h"
#include "../../app/auth/secret.h"
#include "../../app/auth/token.h"
#include "../../app/util/buf.h"

static int
setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void
form_tokens_carry_the_server_key(void **state)
{
	unsigned char	 k1[TOKEN_KEY_BYTES], k2[TOKEN_KEY_BYTES];
	char		 a[FORM_TOKEN_TEXT], b[FORM_TOKEN_TEXT], plain[TOKEN_TEXT];

	(void)state;
	randombytes_buf(k1, sizeof(k1));
	randombytes_buf(k2, sizeof(k2));
	token_form_new(k1, a);
	token_form_new(k1, b);
	assert_int_equal(strlen(a), FORM_TOKEN_TEXT - 1);
	assert_string_not_equal(a, b);
	assert_true(token_form_valid(k1, a));
	assert_true(token_form_valid(k1, b));
	/* Another deployment's key, or none of the server's making. */
	assert_false(token_form_valid(k2, a));
	token_new(plain);
	assert_false(token_form_valid(k1, plain));
	assert_false(token_form_valid(k1, ""));
	/* One character changed in the random part, in the MAC, or in the
	 * unused bits of the last character: refused. */
	memcpy(b, a, sizeof(a));
	b[3] = b[3] == 'A' ? 'B' : 'A';
	assert_false(token_form_valid(k1, b));
	memcpy(b, a, sizeof(a));
	b[60] = b[60] == 'A' ? 'B' : 'A';
	assert_false(token_form_valid(k1, b));
	memcpy(b, a, sizeof(a));
	b[FORM_TOKEN_TEXT - 2] ^= 1;
	assert_false(token_form_valid(k1, b));
	memcpy(b, a, sizeof(a));
	b[10] = '+';
	assert_false(token_form_valid(k1, b));
}

/* Writes a key file with this content and mode; returns its path. */
static const char *
key_file(const char *content, mode_t mode)
{
	static char	 path[64];
	FILE		*f;

	snprintf(path, sizeof(path), "/tmp/test_csrf.%ld.key", (long)getpid());
	unlink(path);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(content, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static const struct site_case {
	const char	*url;
	const char	*origin;	/* NULL: refused */
} site_cases[] = {
	{ "http://127.0.0.1:8080", "http://127.0.0.1:8080" },
	{ "http://127.0.0.1:8080/", "http://127.0.0.1:8080" },
	{ "HTTP://Portal.Example.NZ:80", "http://portal.example.nz" },
	{ "http://portal.example.nz:8080", "http://portal.example.nz:8080" },
	{ "http://[::1]:8080", "http://[::1]:8080" },
	{ "ftp://portal.example.nz", NULL },
	{ "http://", NULL },
	{ "portal.example.nz", NULL },
	{ "http://portal.example.nz/portal", NULL },
	{ "http://user@evil.example", NULL },
};

static void
site_origin_is_what_browsers_send(void **state)
{
	struct auth_site site;
	struct buf	 err = BUF_INIT;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(site_cases) / sizeof(site_cases[0]); i++) {
		const struct site_case *t = &site_cases[i];
		int rc = auth_site_init(&site, t->url, NULL, &err);

		if (t->origin == NULL) {
			assert_int_equal(rc, -1);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_string_equal(site.origin, t->origin);
		assert_false(site.https);
		assert_string_equal(auth_session_cookie(), "portal_session");
		assert_string_equal(auth_form_cookie(), "portal_csrf");
	}
	buf_free(&err);
}

static void
https_needs_a_private_key_file_and_host_cookies(void **state)
{
	struct auth_site site, again;
	struct buf	 err = BUF_INIT;
	const char	*path;
	char		 token[FORM_TOKEN_TEXT];

	(void)state;
	assert_int_equal(auth_site_init(&site, "https://portal.example.nz",
	    NULL, &err), -1);
	assert_non_null(strstr(buf_str(&err), "PORTAL_SECRET_KEY_FILE"));
	path = key_file("short", 0600);
	assert_int_equal(auth_site_init(&site, "https://portal.example.nz",
	    path, &err), -1);
	path = key_file("c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldC0K\n",
	    0644);
	assert_int_equal(auth_site_init(&site, "https://portal.example.nz",
	    path, &err), -1);
	chmod(path, 0600);
	assert_int_equal(auth_site_init(&site, "https://Portal.Example.NZ:443/",
	    path, &err), 0);
	assert_string_equal(site.origin, "https://portal.example.nz");
	assert_true(site.https);
	assert_string_equal(auth_session_cookie(), "__Host-portal_session");
	assert_string_equal(auth_form_cookie(), "__Host-portal_csrf");
	/* The same file on another host: the same form key. */
	assert_int_equal(auth_site_init(&again, "https://portal.example.nz",
	    path, &err), 0);
	token_form_new(site.form_key, token);
	assert_true(token_form_valid(again.form_key, token));
	unlink(path);
	assert_int_equal(auth_site_init(&site, "http://127.0.0.1:8080", NULL,
	    &err), 0);
	assert_string_equal(auth_session_cookie(), "portal_session");
	buf_free(&err);
}

/* A request's Origin and Sec-Fetch-Site against the site's origin. */
static const struct origin_case {
	const char		*origin;
	const char		*fetch_site;
	enum csrf_verdict	 want;
} origin_cases[] = {
	{ NULL, NULL, CSRF_OK },	/* curl: the token decides */
	{ "http://127.0.0.1:8080", NULL, CSRF_OK },
	{ "HTTP://127.0.0.1:8080", NULL, CSRF_OK },
	{ "http://127.0.0.1:8081", NULL, CSRF_FOREIGN_ORIGIN },
	{ "http://127.0.0.1:8080.evil.example", NULL, CSRF_FOREIGN_ORIGIN },
	{ "https://127.0.0.1:8080", NULL, CSRF_FOREIGN_ORIGIN },
	{ "null", NULL, CSRF_FOREIGN_ORIGIN },
	{ "", NULL, CSRF_FOREIGN_ORIGIN },
	{ "http://evil.example", "same-origin", CSRF_FOREIGN_ORIGIN },
	{ "http://127.0.0.1:8080", "cross-site", CSRF_OK },
	{ NULL, "same-origin", CSRF_OK },
	{ NULL, "none", CSRF_OK },
	{ NULL, "same-site", CSRF_FOREIGN_ORIGIN },
	{ NULL, "cross-site", CSRF_FOREIGN_ORIGIN },
	{ NULL, "something-new", CSRF_FOREIGN_ORIGIN },
};

static void
origin_then_token(void **state)
{
	struct auth_site site;
	struct auth	 a;
	struct request	 r;
	struct buf	 err = BUF_INIT;
	size_t		 i;

	(void)state;
	assert_int_equal(auth_site_init(&site, "http://127.0.0.1:8080", NULL,
	    &err), 0);
	memset(&a, 0, sizeof(a));
	a.user = json_object();
	token_new(a.csrf);
	request_init(&r);
	r.format = FORMAT_JSON;
	r.csrf_header = a.csrf;
	for (i = 0; i < sizeof(origin_cases) / sizeof(origin_cases[0]); i++) {
		r.origin = origin_cases[i].origin;
		r.fetch_site = origin_cases[i].fetch_site;
		assert_int_equal(auth_csrf_check(&a, &r, &site),
		    origin_cases[i].want);
	}
	/* The right origin does not stand in for the token. */
	r.origin = site.origin;
	r.fetch_site = NULL;
	r.csrf_header = NULL;
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_BAD_TOKEN);
	/* An API token needs neither. */
	a.by_api_token = 1;
	r.origin = "http://evil.example";
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_OK);
	json_decref(a.user);
	request_free(&r);
	buf_free(&err);
}

static void
anonymous_forms_echo_a_signed_cookie(void **state)
{
	struct auth_site site;
	struct auth	 a;
	struct request	 r;
	struct buf	 err = BUF_INIT;
	char		 issued[FORM_TOKEN_TEXT], planted[TOKEN_TEXT];

	(void)state;
	assert_int_equal(auth_site_init(&site, "http://127.0.0.1:8080", NULL,
	    &err), 0);
	memset(&a, 0, sizeof(a));
	request_init(&r);
	r.format = FORMAT_HTML;
	token_form_new(site.form_key, issued);
	kvlist_add(&r.cookies, "portal_csrf", issued, strlen(issued));
	kvlist_add(&r.form, "_csrf", issued, strlen(issued));
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_OK);
	kvlist_free(&r.cookies);
	kvlist_free(&r.form);
	/* A well-formed token the server never signed, echoed as asked. */
	token_new(planted);
	kvlist_add(&r.cookies, "portal_csrf", planted, strlen(planted));
	kvlist_add(&r.form, "_csrf", planted, strlen(planted));
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_BAD_TOKEN);
	/* Anonymous JSON needs no token, but a foreign Origin is refused. */
	r.format = FORMAT_JSON;
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_OK);
	r.origin = "http://evil.example";
	assert_int_equal(auth_csrf_check(&a, &r, &site), CSRF_FOREIGN_ORIGIN);
	request_free(&r);
	buf_free(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(form_tokens_carry_the_server_key),
		cmocka_unit_test(site_origin_is_what_browsers_send),
		cmocka_unit_test(https_needs_a_private_key_file_and_host_cookies),
		cmocka_unit_test(origin_then_token),
		cmocka_unit_test(anonymous_forms_echo_a_signed_cookie),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
