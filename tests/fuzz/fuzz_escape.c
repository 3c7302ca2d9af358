/*
 * fuzz_escape: app/views/escape.c on arbitrary bytes.
 *
 * Checks what each escaper promises rather than only that it survives:
 *   esc_html  no raw < > " ' in the output, every '&' starts one of the
 *             five entities it writes, and unescaping gives the input back;
 *   esc_url   only RFC 3986 unreserved bytes and %XX, and decoding it with
 *             parse_percent_decode() gives the input back (when the input
 *             is text the decoder accepts: UTF-8 without NUL);
 *   esc_csv   one quoted cell, inner quotes doubled, a formula prefix
 *             quoted, and unquoting gives the input back.
 * Each escaper appends, so the buffer starts non-empty and must keep it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/http/parse.h"
#include "../../app/util/utf8.h"
#include "../../app/views/escape.h"
#include "fuzz.h"

#define PREFIX		"<p>"
#define PREFIX_LEN	3

static void
check_html(const char *in, size_t len)
{
	static const struct {
		const char	*entity;
		size_t		 len;
		char		 c;
	} ents[] = {
		{ "&amp;", 5, '&' }, { "&lt;", 4, '<' }, { "&gt;", 4, '>' },
		{ "&quot;", 6, '"' }, { "&#39;", 5, '\'' },
	};
	struct buf	 out = BUF_INIT, back = BUF_INIT;
	size_t		 i, k;
	const char	*s;

	buf_puts(&out, PREFIX);
	esc_html(&out, in, len);
	CHECK(!buf_failed(&out));
	CHECK(out.len >= PREFIX_LEN && memcmp(out.data, PREFIX, PREFIX_LEN) ==
	    0);
	s = out.data + PREFIX_LEN;
	for (i = 0; i < out.len - PREFIX_LEN; i++) {
		CHECK(s[i] != '<' && s[i] != '>' && s[i] != '"' &&
		    s[i] != '\'');
		if (s[i] != '&') {
			buf_putc(&back, s[i]);
			continue;
		}
		for (k = 0; k < sizeof(ents) / sizeof(ents[0]); k++)
			if (out.len - PREFIX_LEN - i >= ents[k].len &&
			    memcmp(s + i, ents[k].entity, ents[k].len) == 0)
				break;
		CHECK(k < sizeof(ents) / sizeof(ents[0]));
		buf_putc(&back, ents[k].c);
		i += ents[k].len - 1;
	}
	CHECK(back.len == len && (len == 0 || memcmp(back.data, in, len) == 0));
	buf_free(&out);
	buf_free(&back);
}

static int
unreserved(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	    c == '~';
}

static int
upper_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

static void
check_url(const char *in, size_t len)
{
	struct buf		 out = BUF_INIT, back = BUF_INIT;
	const char		*s;
	size_t			 i, n;
	enum parse_status	 st;

	buf_puts(&out, PREFIX);
	esc_url(&out, in, len);
	CHECK(!buf_failed(&out));
	CHECK(memcmp(out.data, PREFIX, PREFIX_LEN) == 0);
	s = out.data + PREFIX_LEN;
	n = out.len - PREFIX_LEN;
	for (i = 0; i < n; i++) {
		if (s[i] == '%') {
			CHECK(n - i >= 3 && upper_hex(s[i + 1]) &&
			    upper_hex(s[i + 2]));
			i += 2;
		} else
			CHECK(unreserved(s[i]));
	}
	/* The portal's own decoder reads back what the escaper wrote. */
	st = parse_percent_decode(s, n, 0, &back);
	if (utf8_valid(in, len)) {
		CHECK(st == PARSE_OK);
		CHECK(back.len == len && (len == 0 ||
		    memcmp(back.data, in, len) == 0));
	} else
		CHECK(st == PARSE_BAD_UTF8);
	buf_free(&out);
	buf_free(&back);
}

static void
check_csv(const char *in, size_t len)
{
	struct buf	 out = BUF_INIT, back = BUF_INIT;
	const char	*s;
	size_t		 i, n;

	buf_puts(&out, PREFIX);
	esc_csv(&out, in, len);
	CHECK(!buf_failed(&out));
	CHECK(memcmp(out.data, PREFIX, PREFIX_LEN) == 0);
	s = out.data + PREFIX_LEN;
	n = out.len - PREFIX_LEN;
	CHECK(n >= 2 && s[0] == '"' && s[n - 1] == '"');
	i = 1;
	/* A cell that a spreadsheet would run as a formula is defused. */
	if (len > 0 && strchr("=+-@\t\r", in[0]) != NULL && in[0] != '\0') {
		CHECK(s[1] == '\'');
		i = 2;
	}
	for (; i < n - 1; i++) {
		if (s[i] == '"') {
			/* Inside the cell a quote is always doubled. */
			CHECK(i + 1 < n - 1 && s[i + 1] == '"');
			i++;
		}
		buf_putc(&back, s[i]);
	}
	CHECK(back.len == len && (len == 0 || memcmp(back.data, in, len) == 0));
	buf_free(&out);
	buf_free(&back);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;

	check_html(in, size);
	check_url(in, size);
	check_csv(in, size);
	return 0;
}
