/*
 * parse: percent-decoding, urlencoded fields and cookies (see parse.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../util/utf8.h"
#include "parse.h"

const char *
kvlist_get(const struct kvlist *l, const char *key)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].key, key) == 0)
			return l->items[i].val;
	return NULL;
}

int
kvlist_add(struct kvlist *l, const char *key, const char *val, size_t val_len)
{
	struct kv *p;
	char	*k = NULL, *v = NULL;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;

		if ((p = realloc(l->items, cap * sizeof(*p))) == NULL)
			return -1;
		l->items = p;
		l->cap = cap;
	}
	if ((k = strdup(key)) == NULL || (v = malloc(val_len + 1)) == NULL)
		goto fail;
	memcpy(v, val, val_len);
	v[val_len] = '\0';
	l->items[l->n].key = k;
	l->items[l->n].val = v;
	l->items[l->n].val_len = val_len;
	l->n++;
	return 0;
fail:
	free(k);
	free(v);
	return -1;
}

void
kvlist_free(struct kvlist *l)
{
	size_t	 i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].val);
	}
	free(l->items);
	l->items = NULL;
	l->n = l->cap = 0;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

enum parse_status
parse_percent_decode(const char *in, size_t len, int plus_is_space,
    struct buf *out)
{
	size_t	 i, start = out->len;
	int	 hi, lo;

	for (i = 0; i < len; i++) {
		char c = in[i];

		if (c == '%') {
			if (len - i < 3 || (hi = hexval(in[i + 1])) < 0 ||
			    (lo = hexval(in[i + 2])) < 0)
				return PARSE_BAD_ENCODING;
			buf_putc(out, (char)(hi << 4 | lo));
			i += 2;
		} else if (c == '+' && plus_is_space)
			buf_putc(out, ' ');
		else
			buf_putc(out, c);
	}
	if (buf_failed(out))
		return PARSE_NOMEM;
	if (!utf8_valid(buf_str(out) + start, out->len - start))
		return PARSE_BAD_UTF8;
	return PARSE_OK;
}

/* Decodes one "key=value" piece and adds it to out. */
static enum parse_status
parse_pair(const char *p, size_t n, struct kvlist *out)
{
	struct buf	 key = BUF_INIT, val = BUF_INIT;
	const char	*eq = memchr(p, '=', n);
	size_t		 klen = eq != NULL ? (size_t)(eq - p) : n;
	enum parse_status st;

	if ((st = parse_percent_decode(p, klen, 1, &key)) != PARSE_OK)
		goto out;
	if (eq != NULL && (st = parse_percent_decode(eq + 1, n - klen - 1, 1,
	    &val)) != PARSE_OK)
		goto out;
	if (key.len == 0 || key.len > PARSE_MAX_KEY) {
		st = PARSE_BAD_KEY;
		goto out;
	}
	if (kvlist_add(out, buf_str(&key), buf_str(&val), val.len) == -1)
		st = PARSE_NOMEM;
out:
	buf_free(&key);
	buf_free(&val);
	return st;
}

enum parse_status
parse_urlencoded(const char *in, size_t len, struct kvlist *out)
{
	size_t		 i = 0, n;
	const char	*amp;
	enum parse_status st;

	while (i < len) {
		amp = memchr(in + i, '&', len - i);
		n = amp != NULL ? (size_t)(amp - (in + i)) : len - i;
		if (n > 0) {
			if (out->n >= PARSE_MAX_PAIRS)
				return PARSE_TOO_MANY;
			if ((st = parse_pair(in + i, n, out)) != PARSE_OK)
				return st;
		}
		i += n + 1;
	}
	return PARSE_OK;
}

/* RFC 6265 cookie-octet: printable ASCII less DQUOTE, comma, semicolon,
 * backslash and space. */
static int
cookie_octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

static int
token_char(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

enum parse_status
parse_cookies(const char *in, size_t len, struct kvlist *out)
{
	size_t	 i = 0, ks, ke, vs, ve, k;
	char	 key[PARSE_MAX_KEY + 1];
	int	 ok;

	while (i < len) {
		while (i < len && (in[i] == ' ' || in[i] == ';'))
			i++;
		ks = i;
		while (i < len && in[i] != '=' && in[i] != ';')
			i++;
		ke = i;
		vs = ve = i;
		if (i < len && in[i] == '=') {
			vs = ++i;
			while (i < len && in[i] != ';')
				i++;
			ve = i;
			while (ve > vs && in[ve - 1] == ' ')
				ve--;
			if (ve - vs >= 2 && in[vs] == '"' && in[ve - 1] == '"') {
				vs++;
				ve--;
			}
		}
		ok = ke > ks && ke - ks <= PARSE_MAX_KEY && ke < len &&
		    in[ke] == '=';
		for (k = ks; ok && k < ke; k++)
			ok = token_char((unsigned char)in[k]);
		for (k = vs; ok && k < ve; k++)
			ok = cookie_octet((unsigned char)in[k]);
		if (!ok)
			continue;
		if (out->n >= PARSE_MAX_PAIRS)
			return PARSE_TOO_MANY;
		memcpy(key, in + ks, ke - ks);
		key[ke - ks] = '\0';
		if (kvlist_add(out, key, in + vs, ve - vs) == -1)
			return PARSE_NOMEM;
	}
	return PARSE_OK;
}

const char *
parse_status_str(enum parse_status st)
{
	switch (st) {
	case PARSE_OK:
		return "ok";
	case PARSE_BAD_ENCODING:
		return "malformed percent-encoding";
	case PARSE_BAD_UTF8:
		return "text is not valid UTF-8";
	case PARSE_TOO_MANY:
		return "too many fields";
	case PARSE_BAD_KEY:
		return "empty or over-long field name";
	case PARSE_NOMEM:
		return "out of memory";
	}
	return "unknown";
}
