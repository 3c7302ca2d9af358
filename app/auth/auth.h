/*
 * auth: who is asking, for one request.
 *
 * auth_load() reads the session cookie (or an "Authorization: Bearer" API
 * token), looks it up inside the request's transaction and sets the
 * per-transaction settings that row-level security reads (portal.user_id,
 * portal.national_role, portal.locations_*).  A missing, unknown or expired
 * credential leaves the request anonymous.  The route table's access rules
 * (handlers/routes.c) decide what the person may reach; the database checks
 * again.
 */
#ifndef PORTAL_AUTH_H
#define PORTAL_AUTH_H

#include <jansson.h>

#include "../db/db.h"
#include "../http/request.h"
#include "token.h"

#define SESSION_COOKIE	"portal_session"
#define FORM_COOKIE	"portal_csrf"	/* anonymous forms: double submit */

struct auth {
	json_t		*user;		/* owned; NULL when anonymous */
	long long	 user_id;	/* 0 when anonymous */
	long long	 session_id;	/* 0 when anonymous or by API token */
	char		 csrf[TOKEN_TEXT];	/* the session's CSRF token */
	int		 by_api_token;
	long long	 expires_at;	/* the session's end (Unix time), or 0 */
};

struct memo;

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
/* "inz_staff", "admin", or NULL. */
const char	*auth_national_role(const struct auth *);
/* The membership in the location with this slug, or NULL; borrowed. */
json_t		*auth_membership(const struct auth *, const char *slug);
/*
 * Checks a state-changing request's CSRF token (RFC 6265bis-era defence in
 * depth beside SameSite=Lax): with a session, the X-CSRF-Token header or the
 * _csrf form field must equal the session's token; anonymous HTML forms
 * must echo the FORM_COOKIE cookie.  API tokens need none.  Constant time.
 * Returns 1 when the request may proceed.
 */
int		 auth_csrf_ok(const struct auth *, const struct request *);

#endif
