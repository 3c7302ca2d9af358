/*
 * auth: loading who is asking and checking CSRF tokens (see auth.h).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sodium.h>

#include "../util/buf.h"
#include "../util/clock.h"
#include "../util/memo.h"
#include "auth.h"
#include "seal.h"
#include "secret.h"

#define AUTH_MEMO_SLOTS	512
#define HOST_PREFIX	"__Host-"

/* The cookie names, chosen once before fork by auth_site_init(). */
static const char *session_cookie = SESSION_COOKIE;
static const char *form_cookie = FORM_COOKIE;

/* The site URL's schemes, with the port a browser leaves out of an
 * Origin (RFC 6454 6.2). */
static const struct scheme {
	const char	*prefix;
	const char	*default_port;
	int		 https;
} schemes[] = {
	{ "http://", ":80", 0 },
	{ "https://", ":443", 1 },
};

/*
 * Writes url's origin as a browser serialises it: scheme and host in
 * lower case, the default port left out.  Returns the scheme, or NULL
 * when url is not an http(s) URL with a host.
 */
static const struct scheme *
site_origin(const char *url, char out[AUTH_ORIGIN_MAX])
{
	const struct scheme	*s = NULL;
	size_t			 i, plen, hlen, dlen;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(url, schemes[i].prefix,
		    strlen(schemes[i].prefix)) == 0)
			s = &schemes[i];
	if (s == NULL)
		return NULL;
	plen = strlen(s->prefix);
	hlen = strcspn(url + plen, "/?#");
	if (hlen == 0 || plen + hlen >= AUTH_ORIGIN_MAX ||
	    memchr(url + plen, '@', hlen) != NULL ||
	    (url[plen + hlen] != '\0' && strcmp(url + plen + hlen, "/") != 0))
		return NULL;
	for (i = 0; i < plen + hlen; i++)
		out[i] = (char)tolower((unsigned char)url[i]);
	dlen = strlen(s->default_port);
	if (hlen > dlen && strncmp(out + plen + hlen - dlen, s->default_port,
	    dlen) == 0)
		i -= dlen;
	out[i] = '\0';
	return s;
}

int
auth_site_init(struct auth_site *site, const char *site_url,
    const char *key_file, struct buf *err)
{
	const struct scheme	*s;
	unsigned char		 key[SECRET_BYTES], seal_sk[SEAL_SK_BYTES];

	memset(site, 0, sizeof(*site));
	if ((s = site_origin(site_url, site->origin)) == NULL) {
		buf_printf(err, "PORTAL_SITE_URL must be http:// or https:// "
		    "and a host, with no path: %s\n", site_url);
		return -1;
	}
	site->https = s->https;
	if (site->https && key_file == NULL) {
		buf_puts(err, "an https site needs PORTAL_SECRET_KEY_FILE, "
		    "the same on every host\n");
		return -1;
	}
	if (secret_load(key_file, key, err) == -1)
		return -1;
	secret_derive(key, SECRET_FORM_TOKEN, site->form_key);
	seal_keys(key, site->seal_pk, seal_sk);
	sodium_memzero(seal_sk, sizeof(seal_sk));
	sodium_memzero(key, sizeof(key));
	session_cookie = site->https ? HOST_PREFIX SESSION_COOKIE :
	    SESSION_COOKIE;
	form_cookie = site->https ? HOST_PREFIX FORM_COOKIE : FORM_COOKIE;
	return 0;
}

const char *
auth_session_cookie(void)
{
	return session_cookie;
}

const char *
auth_form_cookie(void)
{
	return form_cookie;
}

int
auth_presented(const struct request *r)
{
	return r->bearer != NULL ||
	    kvlist_get(&r->cookies, session_cookie) != NULL;
}

static enum db_status
load_memberships(struct auth *a, struct db *db)
{
	/* The raw role, "partner" too: row-level security reads it. */
	const char	*national = json_string_value(json_object_get(a->user,
			    "national_role"));
	json_t		*row;
	enum db_status	 st;

	if ((st = db_row(db, STMT_MEMBERSHIPS_LOAD, DB_PARAMS(
	    national != NULL ? national : ""), &row)) != DB_OK)
		return st;
	json_object_set(a->user, "memberships",
	    row != NULL ? json_object_get(row, "memberships") : NULL);
	json_decref(row);
	return DB_OK;
}

static enum db_status
load_token(struct auth *a, struct db *db, const char *token, int api)
{
	const char	*csrf;
	char		 hash[TOKEN_HASH_HEX];
	json_t		*user;
	enum db_status	 st;

	auth_free(a);
	if (!token_valid(token))
		return DB_OK;
	token_hash_hex(token, hash);
	if ((st = db_row(db, api ? STMT_API_TOKEN_LOAD : STMT_SESSION_LOAD,
	    DB_PARAMS(hash), &user)) != DB_OK || user == NULL)
		return st;
	a->user = user;
	a->by_api_token = api;
	a->user_id = json_integer_value(json_object_get(user, "id"));
	a->session_id = json_integer_value(json_object_get(user,
	    "session_id"));
	if ((csrf = json_string_value(json_object_get(user, "csrf_token"))) !=
	    NULL)
		snprintf(a->csrf, sizeof(a->csrf), "%s", csrf);
	a->expires_at = json_integer_value(json_object_get(user,
	    "expires_epoch"));
	/* Not part of any view: the token goes out only where asked for. */
	json_object_del(user, "expires_epoch");
	json_object_del(user, "csrf_token");
	json_object_del(user, "session_id");
	json_object_del(user, "user_setting");
	return load_memberships(a, db);
}

enum db_status
auth_load(struct auth *a, struct db *db, const struct request *r)
{
	const char	*cookie;

	memset(a, 0, sizeof(*a));
	if (r->bearer != NULL)
		return load_token(a, db, r->bearer, 1);
	if ((cookie = kvlist_get(&r->cookies, session_cookie)) != NULL)
		return load_token(a, db, cookie, 0);
	return DB_OK;
}

enum db_status
auth_load_session(struct auth *a, struct db *db, const char *token)
{
	return load_token(a, db, token, 0);
}

void
auth_free(struct auth *a)
{
	json_decref(a->user);
	memset(a, 0, sizeof(*a));
}

/* Partners are not national staff: every check of national staff in
 * the handlers leaves them out unless it asks auth_partner() as well. */
const char *
auth_national_role(const struct auth *a)
{
	const char *r = a->user != NULL ? json_string_value(json_object_get(
	    a->user, "national_role")) : NULL;

	return r != NULL && strcmp(r, "partner") != 0 ? r : NULL;
}

int
auth_partner(const struct auth *a)
{
	const char *r = a->user != NULL ? json_string_value(json_object_get(
	    a->user, "national_role")) : NULL;

	return r != NULL && strcmp(r, "partner") == 0;
}

json_t *
auth_membership(const struct auth *a, const char *slug)
{
	json_t	*m;
	size_t	 i;

	if (a->user == NULL)
		return NULL;
	json_array_foreach(json_object_get(a->user, "memberships"), i, m)
		if (strcmp(json_string_value(json_object_get(m, "location")),
		    slug) == 0)
			return m;
	return NULL;
}

/* Sec-Fetch-Site values that mean the portal's own page (or the person,
 * "none"), not another site's. */
static const char *const own_fetch_sites[] = { "same-origin", "none", NULL };

static int
origin_ok(const struct request *r, const char *origin)
{
	size_t	 i;

	if (r->origin != NULL)
		return strcasecmp(r->origin, origin) == 0;
	if (r->fetch_site == NULL)
		return 1;
	for (i = 0; own_fetch_sites[i] != NULL; i++)
		if (strcmp(r->fetch_site, own_fetch_sites[i]) == 0)
			return 1;
	return 0;
}

enum csrf_verdict
auth_csrf_check(const struct auth *a, const struct request *r,
    const struct auth_site *site)
{
	const char	*sent = r->csrf_header;
	const char	*expected;
	int		 issued;

	if (a->by_api_token)
		return CSRF_OK;
	if (!origin_ok(r, site->origin))
		return CSRF_FOREIGN_ORIGIN;
	if (sent == NULL)
		sent = kvlist_get(&r->form, "_csrf");
	if (a->user != NULL) {
		expected = a->csrf;
		issued = token_valid(expected);
	} else if (r->format == FORMAT_HTML) {
		expected = kvlist_get(&r->cookies, form_cookie);
		issued = expected != NULL &&
		    token_form_valid(site->form_key, expected);
	} else
		return CSRF_OK;	/* anonymous JSON: application/json only */
	return issued && sent != NULL && token_equal(sent, expected) ?
	    CSRF_OK : CSRF_BAD_TOKEN;
}

/* A remembered auth, with when it was loaded. */
struct recalled {
	struct auth	 a;
	long long	 loaded_ms;
};

static void
recalled_free(void *p)
{
	struct recalled *r = p;

	auth_free(&r->a);
	free(r);
}

struct memo *
auth_memo_new(void)
{
	return memo_new(AUTH_MEMO_SLOTS, recalled_free);
}

/* The memo's key for r's credential: its hash, never the token. */
static int
credential_key(const struct request *r, char key[TOKEN_HASH_HEX + 1])
{
	const char *token = r->bearer != NULL ? r->bearer :
	    kvlist_get(&r->cookies, session_cookie);

	if (token == NULL || !token_valid(token))
		return -1;
	key[0] = r->bearer != NULL ? 'a' : 's';
	token_hash_hex(token, key + 1);
	return 0;
}

int
auth_recall(const struct memo *m, const struct request *r, struct auth *a)
{
	const struct recalled	*k;
	char			 key[TOKEN_HASH_HEX + 1];

	memset(a, 0, sizeof(*a));
	if (credential_key(r, key) == -1 ||
	    (k = memo_get(m, key)) == NULL ||
	    clock_ms() - k->loaded_ms > AUTH_RECALL_MS ||
	    (k->a.expires_at != 0 && time(NULL) >= k->a.expires_at))
		return 0;
	*a = k->a;
	if ((a->user = json_deep_copy(k->a.user)) == NULL) {
		memset(a, 0, sizeof(*a));
		return 0;
	}
	return 1;
}

void
auth_remember(struct memo *m, const struct request *r, const struct auth *a)
{
	struct recalled	*k;
	char		 key[TOKEN_HASH_HEX + 1];

	if (a->user == NULL || credential_key(r, key) == -1 ||
	    (k = calloc(1, sizeof(*k))) == NULL)
		return;
	k->a = *a;
	k->loaded_ms = clock_ms();
	if ((k->a.user = json_deep_copy(a->user)) == NULL) {
		free(k);
		return;
	}
	memo_put(m, key, k);
}
