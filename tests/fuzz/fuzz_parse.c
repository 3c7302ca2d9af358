/*
 * fuzz_parse: app/http/parse.c on arbitrary bytes.
 *
 * Every input goes, whole, through the three parsers: percent-decoding
 * (with and without '+' as space), urlencoded fields and the Cookie header.
 * Besides the sanitizers, each result is checked against what parse.h
 * promises: decoded text is valid UTF-8 without NUL, a form has at most
 * PARSE_MAX_PAIRS fields with names of 1..PARSE_MAX_KEY bytes, and cookie
 * names and values hold only RFC 6265 token and cookie-octet bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/http/parse.h"
#include "../../app/util/utf8.h"
#include "fuzz.h"

/* Every value of a list is a NUL-terminated copy of val_len bytes. */
static void
check_list(const struct kvlist *l)
{
	size_t	 i;

	CHECK(l->n <= l->cap);
	CHECK(l->n <= PARSE_MAX_PAIRS);
	for (i = 0; i < l->n; i++) {
		CHECK(l->items[i].key != NULL && l->items[i].val != NULL);
		CHECK(l->items[i].val[l->items[i].val_len] == '\0');
		/* kvlist_get finds the first field of that name. */
		CHECK(kvlist_get(l, l->items[i].key) != NULL);
	}
}

static void
check_decode(const char *in, size_t len, int plus_is_space)
{
	struct buf		 out = BUF_INIT;
	enum parse_status	 st;
	size_t			 i, pct = 0;

	/* Decoding appends: what was there stays. */
	buf_puts(&out, "prefix");
	st = parse_percent_decode(in, len, plus_is_space, &out);
	CHECK(parse_status_str(st) != NULL);
	CHECK(out.len >= 6 && memcmp(out.data, "prefix", 6) == 0);
	for (i = 0; i < len; i++)
		if (in[i] == '%')
			pct++;
	if (st == PARSE_OK) {
		CHECK(utf8_valid(out.data + 6, out.len - 6));
		/* Each escape takes three bytes and gives one. */
		CHECK(out.len - 6 == len - 2 * pct);
		if (!plus_is_space && pct == 0)
			CHECK(memcmp(out.data + 6, in, len) == 0);
	} else
		CHECK(st == PARSE_BAD_ENCODING || st == PARSE_BAD_UTF8 ||
		    st == PARSE_NOMEM);
	buf_free(&out);
}

static void
check_urlencoded(const char *in, size_t len)
{
	struct kvlist		 l = KVLIST_INIT;
	enum parse_status	 st;
	size_t			 i, klen;

	st = parse_urlencoded(in, len, &l);
	CHECK(parse_status_str(st) != NULL);
	check_list(&l);
	for (i = 0; i < l.n; i++) {
		klen = strlen(l.items[i].key);
		CHECK(klen > 0 && klen <= PARSE_MAX_KEY);
		CHECK(utf8_valid(l.items[i].key, klen));
		CHECK(utf8_valid(l.items[i].val, l.items[i].val_len));
	}
	/* Appending to a list that already holds fields keeps them. */
	if (st == PARSE_OK && l.n > 0 && l.n < PARSE_MAX_PAIRS) {
		size_t before = l.n;

		st = parse_urlencoded(in, len, &l);
		CHECK(st == PARSE_OK || st == PARSE_TOO_MANY);
		CHECK(l.n >= before);
		check_list(&l);
	}
	kvlist_free(&l);
	CHECK(l.items == NULL && l.n == 0 && l.cap == 0);
}

static int
token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static int
cookie_octet(unsigned char c)
{
	return c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' &&
	    c != '\\';
}

static void
check_cookies(const char *in, size_t len)
{
	struct kvlist		 l = KVLIST_INIT;
	enum parse_status	 st;
	size_t			 i, k, klen;

	st = parse_cookies(in, len, &l);
	CHECK(st == PARSE_OK || st == PARSE_TOO_MANY || st == PARSE_NOMEM);
	check_list(&l);
	for (i = 0; i < l.n; i++) {
		const char *key = l.items[i].key, *val = l.items[i].val;

		klen = strlen(key);
		CHECK(klen > 0 && klen <= PARSE_MAX_KEY);
		for (k = 0; k < klen; k++)
			CHECK(token_char((unsigned char)key[k]));
		for (k = 0; k < l.items[i].val_len; k++)
			CHECK(cookie_octet((unsigned char)val[k]));
	}
	kvlist_free(&l);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	check_decode(in, size, 0);
	check_decode(in, size, 1);
	check_urlencoded(in, size);
	check_cookies(in, size);
	return 0;
}
