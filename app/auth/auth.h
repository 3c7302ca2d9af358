/*
 * auth: who is asking, for one request.
 *
 * auth_load() reads the session cookie (or an "Authorization: Bearer" API
 * token), looks it up inside the request's transaction and sets the
 * per-transaction settings that row-level security reads (portal.user_id,
 * portal.national_role, portal.locations_*).  A missing, unknown or expired
 * credential leaves the request anonymous.  The route table's access rules
 * (handlers/routes.c, checked by handlers/dispatch.c) decide what the
 * person may reach; the database checks again.
 */
#ifndef PORTAL_AUTH_H
#define PORTAL_AUTH_H

#include <jansson.h>

#include "../db/db.h"
#include "../http/request.h"
#include "seal.h"
#include "token.h"

#define SESSION_COOKIE	"portal_session"
#define FORM_COOKIE	"portal_csrf"	/* anonymous forms: double submit */
#define AUTH_ORIGIN_MAX	256

/*
 * What checking a request needs to know of the deployment, set once before
 * the workers fork (auth_site_init).
 */
struct auth_site {
	char		 origin[AUTH_ORIGIN_MAX];	/* PORTAL_SITE_URL's
						 * "scheme://host[:port]" */
	int		 https;		/* Secure, __Host- cookies; HSTS */
	unsigned char	 form_key[TOKEN_KEY_BYTES];	/* signs anonymous
						 * forms' tokens */
	unsigned char	 seal_pk[SEAL_PK_BYTES];	/* checks the audit chains' signed
					 * heads (seal.h) */
};

struct auth {
	json_t		*user;		/* owned; NULL when anonymous */
	long long	 user_id;	/* 0 when anonymous */
	long long	 session_id;	/* 0 when anonymous or by API token */
	char		 csrf[TOKEN_TEXT];	/* the session's CSRF token */
	int		 by_api_token;
	long long	 expires_at;	/* the session's end (Unix time), or 0 */
};

struct memo;
struct buf;

/*
 * Fills site from the site URL (http or https, a host, an optional port;
 * anything else is refused) and the server key (auth/secret.h), which an
 * https site must have in a file.  Chooses the cookie names too: under
 * https the "__Host-" prefix (RFC 6265bis 4.1.3.2), which a browser lets
 * only this host set, with Secure and Path=/ and no Domain, so a sibling
 * subdomain cannot plant a session or a form token.  Returns 0, or -1
 * with the reason in err.
 */
int		 auth_site_init(struct auth_site *site, const char *site_url,
		    const char *key_file, struct buf *err);
/* The session's and anonymous forms' cookie names (auth_site_init). */
const char	*auth_session_cookie(void);
const char	*auth_form_cookie(void);

/* Does the request carry a credential worth a database look-up? */
int		 auth_presented(const struct request *);
/* Loads who is asking (see above); DB_OK also when anonymous. */
enum db_status	 auth_load(struct auth *, struct db *, const struct request *);
/* The same for a session token just issued (sign-in, registration). */
enum db_status	 auth_load_session(struct auth *, struct db *,
		    const char *token);
void		 auth_free(struct auth *);
/*
 * Who a credential belonged to, remembered by a worker for reads: for
 * AUTH_RECALL_MS at most (then the database is asked again, which keeps
 * the idle expiry) and never past the session's end.  The memo is the
 * caller's, who clears it whenever anything changes (util/changes.h).
 */
#define AUTH_RECALL_MS	60000
struct memo	*auth_memo_new(void);
/* Fills a as remembered for r's credential; 1 when it was. */
int		 auth_recall(const struct memo *, const struct request *r,
		    struct auth *a);
/* Remembers a, just loaded for r's credential. */
void		 auth_remember(struct memo *, const struct request *r,
		    const struct auth *a);
/* "inz_staff", "admin", or NULL (for a partner too). */
const char	*auth_national_role(const struct auth *);
/* Whether the person is a national partner agency's (sql/033): read-only
 * national views without personal data or unconfirmed figures. */
int		 auth_partner(const struct auth *);
/* The membership in the location with this slug, or NULL; borrowed. */
json_t		*auth_membership(const struct auth *, const char *slug);
/*
 * Checks where a state-changing request comes from, beside SameSite=Lax.
 * API tokens need nothing.  Any other request is refused when its Origin
 * is not the site URL's, or, without an Origin, when Sec-Fetch-Site says
 * another site (same-site included: a sibling subdomain is another site);
 * a client sending neither (curl, old browsers) relies on the token.  The
 * token: with a session, the X-CSRF-Token header or the _csrf form field
 * must equal the session's token; anonymous HTML forms must echo the form
 * cookie, which must be one the server signed (token_form_valid).
 * Anonymous JSON needs no token (application/json cannot be posted
 * cross-site without a CORS preflight, which portald never grants).
 * Constant time.
 */
enum csrf_verdict {
	CSRF_OK,
	CSRF_FOREIGN_ORIGIN,
	CSRF_BAD_TOKEN,
};
enum csrf_verdict auth_csrf_check(const struct auth *,
		    const struct request *, const struct auth_site *);

#endif
