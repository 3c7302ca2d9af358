/*
 * smtp: RFC 5322 messages and their delivery through libcurl (see smtp.h).
 *
 * Everything a header holds comes from the outbox, which requests fill
 * (names, location names), so no header text is written raw unless it is
 * short printable ASCII: anything else becomes RFC 2047 encoded words, and
 * control characters become spaces, so a value can never start a header
 * of its own.  Addresses are checked against a conservative ASCII shape
 * before they reach a header or the envelope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "smtp.h"

#define LINE_MAX_SOFT	78	/* RFC 5322 2.1.1: lines SHOULD be shorter */
#define WORD_MAX	75	/* RFC 2047 2: an encoded word's length */
#define QP_LINE_MAX	76	/* RFC 2045 6.7 (5): encoded line length */
#define ADDR_MAX	254	/* RFC 5321 4.5.3.1.3, less the brackets */
#define CONNECT_SECONDS	30L
#define SEND_SECONDS	120L
/* A multipart message's boundary (RFC 2046 5.1.1): "=_" never occurs in
 * quoted-printable or base64, which is how its parts are written. */
#define BOUNDARY	"=_portal_part_%lld"

struct smtp {
	CURL				*curl;
	const struct smtp_config	*cfg;		/* borrowed */
	char				 from_addr[ADDR_MAX + 3]; /* <addr> */
	char				 curl_err[CURL_ERROR_SIZE];
	char				 reply[160];	/* the last refusal */
};

/* The unsent part of a message, for libcurl's read callback. */
struct cursor {
	const char	*p;
	size_t		 left;
};

/* ------------------------------------------------------------------ */
/* Addresses                                                          */
/* ------------------------------------------------------------------ */

/* RFC 5322 3.2.3 atext. */
static int
is_atext(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || (c != '\0' &&
	    strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/*
 * Is s[0..n) a plain address: a dot-atom local part, '@', a host name?
 * Quoted local parts, address literals and non-ASCII addresses (which need
 * SMTPUTF8) are refused; the portal's own addresses never use them.
 */
static int
addr_valid(const char *s, size_t n)
{
	const char	*at = memchr(s, '@', n);
	size_t		 i, local;

	if (at == NULL || n > ADDR_MAX)
		return 0;
	local = (size_t)(at - s);
	if (local == 0 || local > 64 || local + 1 == n || s[0] == '.' ||
	    s[local - 1] == '.' || s[local + 1] == '.' || s[n - 1] == '.')
		return 0;
	for (i = 0; i < local; i++)
		if (!is_atext((unsigned char)s[i]) && s[i] != '.')
			return 0;
	for (i = local + 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '.'))
			return 0;
	return 1;
}

/*
 * Splits "addr" or "Name <addr>" (the name optionally in double quotes)
 * into its parts, pointing into from.  Returns 0, or -1 when from is not
 * one of those shapes or the address is not plain.
 */
static int
from_split(const char *from, const char **name, size_t *namelen,
    const char **addr, size_t *addrlen)
{
	const char	*end = from + strlen(from), *lt;
	size_t		 i;

	while (*from == ' ')
		from++;
	while (end > from && end[-1] == ' ')
		end--;
	*name = from;
	*namelen = 0;
	*addr = from;
	*addrlen = (size_t)(end - from);
	if (end > from && end[-1] == '>') {
		if ((lt = memchr(from, '<', (size_t)(end - from))) == NULL)
			return -1;
		*addr = lt + 1;
		*addrlen = (size_t)(end - 1 - *addr);
		while (lt > from && lt[-1] == ' ')
			lt--;
		*namelen = (size_t)(lt - from);
		if (*namelen >= 2 && from[0] == '"' && lt[-1] == '"') {
			*name = from + 1;
			*namelen -= 2;
		}
	}
	for (i = 0; i < *namelen; i++)
		if ((unsigned char)(*name)[i] < 0x20 || (*name)[i] == 0x7f ||
		    (*name)[i] == '"' || (*name)[i] == '\\')
			return -1;
	return addr_valid(*addr, *addrlen) ? 0 : -1;
}

/* ------------------------------------------------------------------ */
/* Header text                                                        */
/* ------------------------------------------------------------------ */

/* The length of the UTF-8 sequence that starts with c. */
static size_t
utf8_seq(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	return 4;
}

/*
 * Copies s[0..n) into out with every control character (CR and LF
 * included) turned into a space: header text is one line.
 */
static void
one_line(struct buf *out, const char *s, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		buf_putc(out, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ?
		    ' ' : s[i]);
}

/*
 * Can s[0..n) go into a header as it is, starting at column col?  Not if
 * it holds "=?", which a reader could take for an encoded word.
 */
static int
plain_ascii(const char *s, size_t n, size_t col)
{
	size_t	 i;

	if (col + n > LINE_MAX_SOFT)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e ||
		    (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return 0;
	return 1;
}

/*
 * Appends s[0..n) as RFC 2047 "B" encoded words, starting at column col,
 * folding so no line passes 76 characters.  A word never splits a UTF-8
 * sequence (RFC 2047 5 (3)).
 */
static void
put_encoded_words(struct buf *out, const char *s, size_t n, size_t col)
{
	char	 b64[WORD_MAX];
	size_t	 room, take, step;

	if (col > QP_LINE_MAX - 16) {	/* not even one character fits */
		buf_puts(out, "\r\n ");
		col = 1;
	}
	while (n > 0) {
		/* "=?UTF-8?B?" + "?=" is 12; 4 base64 characters hold 3. */
		room = ((QP_LINE_MAX - col - 12) / 4) * 3;
		for (take = 0; take < n; take += step) {
			step = utf8_seq((unsigned char)s[take]);
			if (take + step > room || take + step > n)
				break;
		}
		if (take == 0)
			take = n < room ? n : room;
		sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)s,
		    take, sodium_base64_VARIANT_ORIGINAL);
		buf_printf(out, "=?UTF-8?B?%s?=", b64);
		s += take;
		n -= take;
		if (n > 0) {
			buf_puts(out, "\r\n ");
			col = 1;
		}
	}
}

/* Appends "Name: value\r\n" for unstructured text (Subject); 0, or -1
 * when out of memory. */
static int
put_text_header(struct buf *out, const char *name, const char *value)
{
	struct buf	 clean = BUF_INIT;
	size_t		 col = strlen(name) + 2;
	int		 rc = -1;

	one_line(&clean, value, strlen(value));
	if (buf_failed(&clean))
		goto out;
	buf_printf(out, "%s: ", name);
	if (plain_ascii(buf_str(&clean), clean.len, col))
		buf_append(out, buf_str(&clean), clean.len);
	else
		put_encoded_words(out, buf_str(&clean), clean.len, col);
	buf_puts(out, "\r\n");
	rc = 0;
out:
	buf_free(&clean);
	return rc;
}

/* Appends the From header: the name as atoms, a quoted string or encoded
 * words (RFC 5322 3.4, RFC 2047 5 (3)), then the address. */
static void
put_from(struct buf *out, const char *name, size_t namelen,
    const char *addr, size_t addrlen)
{
	size_t	 i;
	int	 atoms = 1;

	buf_puts(out, "From: ");
	if (namelen > 0) {
		for (i = 0; i < namelen; i++)
			if (!is_atext((unsigned char)name[i]) && name[i] != ' ')
				atoms = 0;
		if (atoms && plain_ascii(name, namelen, 6))
			buf_append(out, name, namelen);
		else if (plain_ascii(name, namelen, 8))
			buf_printf(out, "\"%.*s\"", (int)namelen, name);
		else
			put_encoded_words(out, name, namelen, 6);
		buf_puts(out, " ");
	}
	buf_printf(out, "<%.*s>\r\n", (int)addrlen, addr);
}

/* ------------------------------------------------------------------ */
/* Body                                                               */
/* ------------------------------------------------------------------ */

/* Short lines of printable ASCII need no transfer encoding. */
static int
body_is_7bit(const char *s)
{
	size_t	 col = 0;

	for (; *s != '\0'; s++) {
		if (*s == '\n') {
			col = 0;
			continue;
		}
		if (((unsigned char)*s < 0x20 && *s != '\t') ||
		    (unsigned char)*s > 0x7e || ++col > LINE_MAX_SOFT)
			return 0;
	}
	return 1;
}

/* Appends the body's lines with CRLF ends; no final empty line for the
 * body's last "\n". */
static void
put_body_7bit(struct buf *out, const char *s)
{
	const char	*nl;

	while (*s != '\0') {
		nl = strchr(s, '\n');
		buf_append(out, s, nl != NULL ? (size_t)(nl - s) : strlen(s));
		buf_puts(out, "\r\n");
		if (nl == NULL)
			break;
		s = nl + 1;
	}
}

/*
 * Appends the body as quoted-printable (RFC 2045 6.7): "\n" (or "\r\n")
 * is a hard line break, '=' and bytes outside printable ASCII are =XX,
 * white space at a line's end is encoded, and soft breaks ("=" CRLF) keep
 * lines to 76 characters.  A '.' that starts a line is encoded too, so no
 * relay's SMTP dot handling can touch it.
 */
static void
put_body_qp(struct buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char	 c;
	size_t		 col = 0, width;
	int		 encode, at_end;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '\n' || (c == '\r' && s[1] == '\n')) {
			if (c == '\r')
				s++;
			buf_puts(out, "\r\n");
			col = 0;
			continue;
		}
		at_end = s[1] == '\0' || s[1] == '\n' ||
		    (s[1] == '\r' && s[2] == '\n');
		encode = c == '=' || c > 0x7e || (c < 0x20 && c != '\t') ||
		    ((c == ' ' || c == '\t') && at_end) ||
		    (c == '.' && col == 0);
		width = encode ? 3 : 1;
		/* Leave room for the soft break's '=' unless the line ends. */
		if (col + width > (at_end ? QP_LINE_MAX : QP_LINE_MAX - 1)) {
			buf_puts(out, "=\r\n");
			col = 0;
			if (c == '.') {
				encode = 1;
				width = 3;
			}
		}
		if (encode) {
			buf_putc(out, '=');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 0xf]);
		} else
			buf_putc(out, (char)c);
		col += width;
	}
	if (col > 0)
		buf_puts(out, "\r\n");
}

/* The text of a message: its Content-Type and encoding, and the body;
 * quoted-printable when qp is set. */
static void
put_text_part(struct buf *out, const char *body, int qp)
{
	buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n");
	if (!qp && body_is_7bit(body)) {
		buf_puts(out, "Content-Transfer-Encoding: 7bit\r\n\r\n");
		put_body_7bit(out, body);
	} else {
		buf_puts(out, "Content-Transfer-Encoding: quoted-printable"
		    "\r\n\r\n");
		put_body_qp(out, body);
	}
}

/*
 * The attachment as a MIME part (RFC 2045, 2183): base64 in lines of 76.
 * The outbox's checks (sql/024) keep the name and type to plain tokens,
 * so they need no quoting beyond the quotes.
 */
static int
put_attachment(struct buf *out, const struct smtp_message *m)
{
	size_t	 len = strlen(m->attachment), i, n;
	size_t	 size = sodium_base64_ENCODED_LEN(len,
		    sodium_base64_VARIANT_ORIGINAL);
	char	*b64;

	buf_printf(out, "Content-Type: %s; charset=UTF-8; name=\"%s\"\r\n"
	    "Content-Disposition: attachment; filename=\"%s\"\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n",
	    m->attachment_type, m->attachment_name, m->attachment_name);
	if ((b64 = malloc(size)) == NULL)
		return -1;
	sodium_bin2base64(b64, size, (const unsigned char *)m->attachment, len,
	    sodium_base64_VARIANT_ORIGINAL);
	for (i = 0, n = strlen(b64); i < n; i += 76) {
		buf_append(out, b64 + i, n - i < 76 ? n - i : 76);
		buf_puts(out, "\r\n");
	}
	free(b64);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The message                                                        */
/* ------------------------------------------------------------------ */

const char *
smtp_format(struct buf *out, const char *from, const struct smtp_message *m)
{
	const char	*name, *addr, *domain;
	size_t		 namelen, addrlen;
	struct tm	 tm;
	char		 date[64];

	if (from_split(from, &name, &namelen, &addr, &addrlen) == -1)
		return "the sender's address is not a plain address";
	if (!addr_valid(m->to, strlen(m->to)))
		return "the recipient's address is not a plain address";
	domain = (const char *)memchr(addr, '@', addrlen) + 1;
	if (gmtime_r(&m->date, &tm) == NULL ||
	    strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000",
	    &tm) == 0)
		return "the message's date is out of range";

	buf_printf(out, "Date: %s\r\n", date);
	put_from(out, name, namelen, addr, addrlen);
	buf_printf(out, "To: <%s>\r\n", m->to);
	if (put_text_header(out, "Subject", m->subject) == -1)
		return "out of memory";
	/* The same for every attempt, so a receiver can drop a copy sent
	 * twice (when recording a success failed). */
	buf_printf(out, "Message-ID: <portal.outbox.%lld.%lld@%.*s>\r\n",
	    m->id, (long long)m->date, (int)(addrlen - (size_t)(domain - addr)),
	    domain);
	buf_puts(out, "MIME-Version: 1.0\r\n");
	/* RFC 3834: no out-of-office replies to the portal. */
	buf_puts(out, "Auto-Submitted: auto-generated\r\n");
	/* RFC 2369 and RFC 8058: one POST to the URL unsubscribes.  The
	 * URL is the portal's own (sql/030 checks its characters). */
	if (m->list_unsubscribe != NULL &&
	    strcspn(m->list_unsubscribe, "<>\r\n ") ==
	    strlen(m->list_unsubscribe))
		buf_printf(out, "List-Unsubscribe: <%s>\r\n"
		    "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
		    m->list_unsubscribe);
	if (m->attachment == NULL) {
		put_text_part(out, m->body, 0);
		return buf_failed(out) ? "out of memory" : NULL;
	}
	buf_printf(out, "Content-Type: multipart/mixed; boundary=\"" BOUNDARY
	    "\"\r\n\r\n--" BOUNDARY "\r\n", m->id, m->id);
	put_text_part(out, m->body, 1);
	buf_printf(out, "--" BOUNDARY "\r\n", m->id);
	if (put_attachment(out, m) == -1)
		return "out of memory";
	buf_printf(out, "--" BOUNDARY "--\r\n", m->id);
	return buf_failed(out) ? "out of memory" : NULL;
}

/* ------------------------------------------------------------------ */
/* Settings and delivery                                              */
/* ------------------------------------------------------------------ */

static const char *
env(const char *name)
{
	const char	*v = getenv(name);

	return v != NULL && v[0] != '\0' ? v : NULL;
}

const char *
smtp_config_env(struct smtp_config *cfg)
{
	const char	*name, *addr;
	size_t		 namelen, addrlen;

	cfg->url = env("PORTAL_SMTP_URL");
	cfg->from = env("PORTAL_SMTP_FROM");
	cfg->user = env("PORTAL_SMTP_USER");
	cfg->password = env("PORTAL_SMTP_PASSWORD");
	if (cfg->url == NULL)
		return "PORTAL_SMTP_URL is not set (smtp://host:port or "
		    "smtps://host:port)";
	if (strncmp(cfg->url, "smtp://", 7) != 0 &&
	    strncmp(cfg->url, "smtps://", 8) != 0)
		return "PORTAL_SMTP_URL must start with smtp:// or smtps://";
	if (cfg->from == NULL)
		return "PORTAL_SMTP_FROM is not set (an address, or "
		    "Name <address>)";
	if (from_split(cfg->from, &name, &namelen, &addr, &addrlen) == -1)
		return "PORTAL_SMTP_FROM is not an address or Name <address>";
	if ((cfg->user == NULL) != (cfg->password == NULL))
		return "PORTAL_SMTP_USER and PORTAL_SMTP_PASSWORD go together";
	return NULL;
}

static size_t
read_cursor(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct cursor	*c = arg;
	size_t		 n = size * nmemb;

	if (n > c->left)
		n = c->left;
	memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
	return n;
}

/*
 * Keeps the server's last refusal (a 4xx or 5xx line), whose text says
 * more than its code ("451 4.2.2 mailbox full").  Only what the server
 * sends is looked at: what we send includes the AUTH exchange.
 */
static int
keep_reply(CURL *h, curl_infotype type, char *data, size_t n, void *arg)
{
	struct smtp	*s = arg;
	size_t		 i;

	(void)h;
	if (type != CURLINFO_HEADER_IN || n == 0 || (data[0] != '4' &&
	    data[0] != '5'))
		return 0;
	while (n > 0 && (data[n - 1] == '\r' || data[n - 1] == '\n'))
		n--;
	if (n >= sizeof(s->reply))
		n = sizeof(s->reply) - 1;
	for (i = 0; i < n; i++)
		s->reply[i] = (unsigned char)data[i] < 0x20 ||
		    (unsigned char)data[i] > 0x7e ? '?' : data[i];
	s->reply[n] = '\0';
	return 0;
}

/* Options that hold for every message. */
static int
configure(struct smtp *s)
{
	const struct smtp_config *cfg = s->cfg;
	CURL	*h = s->curl;
	int	 bad = 0;

	bad |= curl_easy_setopt(h, CURLOPT_URL, cfg->url) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps") !=
	    CURLE_OK;
	/* STARTTLS when the server offers it; demanded when there is a
	 * password, which must never cross the network in clear. */
	bad |= curl_easy_setopt(h, CURLOPT_USE_SSL, cfg->password != NULL ?
	    (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY) != CURLE_OK;
	if (cfg->user != NULL) {
		bad |= curl_easy_setopt(h, CURLOPT_USERNAME, cfg->user) !=
		    CURLE_OK;
		bad |= curl_easy_setopt(h, CURLOPT_PASSWORD, cfg->password) !=
		    CURLE_OK;
	}
	bad |= curl_easy_setopt(h, CURLOPT_MAIL_FROM, s->from_addr) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_UPLOAD, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cursor) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_SECONDS) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT, SEND_SECONDS) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, s->curl_err) !=
	    CURLE_OK;
	/* The debug callback is how libcurl shows replies; with it set,
	 * nothing is written to stderr. */
	bad |= curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, keep_reply) !=
	    CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_DEBUGDATA, s) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_VERBOSE, 1L) != CURLE_OK;
	return bad ? -1 : 0;
}

struct smtp *
smtp_open(const struct smtp_config *cfg)
{
	struct smtp	*s;
	const char	*name, *addr;
	size_t		 namelen, addrlen;

	if (from_split(cfg->from, &name, &namelen, &addr, &addrlen) == -1 ||
	    (s = calloc(1, sizeof(*s))) == NULL)
		return NULL;
	s->cfg = cfg;
	snprintf(s->from_addr, sizeof(s->from_addr), "<%.*s>", (int)addrlen,
	    addr);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		free(s);
		return NULL;
	}
	if ((s->curl = curl_easy_init()) == NULL || configure(s) == -1) {
		smtp_close(s);
		return NULL;
	}
	return s;
}

void
smtp_close(struct smtp *s)
{
	if (s == NULL)
		return;
	if (s->curl != NULL)
		curl_easy_cleanup(s->curl);	/* says QUIT */
	curl_global_cleanup();
	free(s);
}

/*
 * Which failures mean the server, not the message: nothing answered, TLS
 * or the sign-in failed, or the URL is wrong.
 */
static enum smtp_status
classify(CURLcode rc, long reply)
{
	switch (rc) {
	case CURLE_OK:
		return SMTP_SENT;
	case CURLE_UNSUPPORTED_PROTOCOL:
	case CURLE_URL_MALFORMAT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_LOGIN_DENIED:
	case CURLE_AUTH_ERROR:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
		return SMTP_UNREACHABLE;
	default:
		return reply == 0 ? SMTP_UNREACHABLE : SMTP_FAILED;
	}
}

enum smtp_status
smtp_send(struct smtp *s, const struct smtp_message *m,
    char err[SMTP_ERROR_MAX])
{
	struct buf		 text = BUF_INIT;
	struct curl_slist	*rcpt = NULL;
	struct cursor		 cur;
	char			 to[ADDR_MAX + 3];
	const char		*why;
	enum smtp_status	 st = SMTP_FAILED;
	CURLcode		 rc;
	long			 reply = 0;

	if ((why = smtp_format(&text, s->cfg->from, m)) != NULL) {
		snprintf(err, SMTP_ERROR_MAX, "%s", why);
		st = buf_failed(&text) ? SMTP_FAILED : SMTP_REFUSED;
		goto out;
	}
	snprintf(to, sizeof(to), "<%s>", m->to);
	if ((rcpt = curl_slist_append(NULL, to)) == NULL) {
		snprintf(err, SMTP_ERROR_MAX, "out of memory");
		goto out;
	}
	cur.p = text.data;
	cur.left = text.len;
	s->curl_err[0] = '\0';
	s->reply[0] = '\0';
	if (curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, rcpt) != CURLE_OK ||
	    curl_easy_setopt(s->curl, CURLOPT_READDATA, &cur) != CURLE_OK ||
	    curl_easy_setopt(s->curl, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)text.len) != CURLE_OK) {
		snprintf(err, SMTP_ERROR_MAX, "cannot set up libcurl");
		goto out;
	}
	rc = curl_easy_perform(s->curl);
	(void)curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &reply);
	if ((st = classify(rc, reply)) != SMTP_SENT)
		snprintf(err, SMTP_ERROR_MAX, "%.90s%s%.140s",
		    s->curl_err[0] != '\0' ? s->curl_err :
		    curl_easy_strerror(rc), s->reply[0] != '\0' ?
		    "; the server said: " : "", s->reply);
out:
	/* The list is libcurl's until the next transfer says otherwise. */
	(void)curl_easy_setopt(s->curl, CURLOPT_MAIL_RCPT, NULL);
	curl_slist_free_all(rcpt);
	buf_free(&text);
	return st;
}
