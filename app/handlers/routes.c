/*
 * routes: the route table and the dispatcher (see routes.h).
 *
 * One row per route: method, path pattern, handler, who may reach it, and
 * the template of its HTML page (NULL for JSON routes).  The HTML page and
 * the /api/v1 route of the same resource share one handler.  Access is
 * checked here, before any handler runs; row-level security checks again.
 * A path segment written "{token:secret}" is a credential (a link's
 * token): the request log never shows it (http/router.h).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../db/identity.h"
#include "../db/location.h"
#include "../domain/role.h"
#include "../util/changes.h"
#include "../util/clock.h"
#include "../util/log.h"
#include "../util/memo.h"
#include "../util/metrics.h"
#include "../views/escape.h"
#include "../views/render.h"
#include "assist.h"
#include "routes.h"

enum access {
	ACCESS_ANYONE,
	ACCESS_SIGNED_IN,
	ACCESS_NATIONAL,	/* inz_staff, admin */
	/*
	 * Routes of the location named by {slug}.  A person with no role
	 * there gets 404, as if it had no such page (but for public pages,
	 * which show them the public part); national roles may read (GET)
	 * every location's pages but change none.
	 */
	ACCESS_LOC_PUBLIC,	/* anyone; the asker's role is known */
	ACCESS_LOC_SIGNED_IN,	/* anyone signed in, such as an applicant;
				 * the handler decides what they reach */
	ACCESS_LOC_READ,	/* any role */
	ACCESS_LOC_WRITE,	/* member, coordinator */
	ACCESS_LOC_MANAGE,	/* coordinator */
};

#define LANG_COOKIE	"portal_lang"	/* a signed-out choice of language */

#define ROUTE_JSON	0x1	/* answers JSON, errors included */
#define ROUTE_FORM	0x2	/* a form anonymous people may post */
#define ROUTE_PUBLIC	0x4	/* the same for every anonymous visitor until
				 * public data changes: cached (http/cache.h) */
#define ROUTE_ROLE_VIEW	0x8	/* the view depends only on the location and
				 * the asker's role there (on a national
				 * route, on being national staff): kept in
				 * memory */
#define ROUTE_USER_VIEW	0x10	/* the view depends only on who asks (their
				 * own requests): kept in memory per user */
#define ROUTE_CSV	0x20	/* answers a CSV file (RFC 4180), errors as
				 * JSON */
#define ROUTE_ICS	0x40	/* answers iCalendar (RFC 5545), errors as
				 * JSON */
#define ROUTE_FILE	0x80	/* JSON routes: a done answer is a file to
				 * save, ?format=csv as CSV, else JSON (the
				 * handler checks the value) */
#define ROUTE_ONE_CLICK	0x100	/* RFC 8058 one-click unsubscribe: a POST
				 * from a mail client, any body, no CSRF
				 * token or Origin (its URL's token is the
				 * proof: handlers/newsletter.c) */

enum route {
	ROUTE_LIVEZ,
	ROUTE_HEALTHZ,
	ROUTE_HOME,
	ROUTE_LOCATION,
	ROUTE_LOGIN_FORM,
	ROUTE_LOGIN,
	ROUTE_LOGOUT,
	ROUTE_REGISTER_FORM,
	ROUTE_REGISTER,
	ROUTE_ACCOUNT,
	ROUTE_ACCOUNT_LANGUAGE,
	ROUTE_LANGUAGES,
	ROUTE_API_LANGUAGES,
	ROUTE_API_ME_EDIT,
	ROUTE_ACCOUNT_PASSWORD,
	ROUTE_ACCOUNT_TOKEN_CREATE,
	ROUTE_ACCOUNT_TOKEN_REVOKE,
	ROUTE_FORGOT_FORM,
	ROUTE_FORGOT,
	ROUTE_RESET_FORM,
	ROUTE_RESET,
	ROUTE_WG_HOME,
	ROUTE_WG_MEMBERS,
	ROUTE_WG_MEMBER_UPDATE,
	ROUTE_WG_MEMBER_REMOVE,
	ROUTE_WG_INVITATIONS,
	ROUTE_WG_INVITE,
	ROUTE_WG_AUDIT,
	ROUTE_INVITATION,
	ROUTE_INVITATION_ACCEPT,
	ROUTE_INITIATIVES_PUBLIC,
	ROUTE_INITIATIVE,
	ROUTE_INITIATIVE_EDIT_FORM,
	ROUTE_INITIATIVE_EDIT,
	ROUTE_INITIATIVE_UPDATE,
	ROUTE_WG_INITIATIVES,
	ROUTE_WG_INITIATIVE_NEW,
	ROUTE_WG_INITIATIVE_CREATE,
	ROUTE_ROUND,
	ROUTE_ROUND_EDIT_FORM,
	ROUTE_ROUND_EDIT,
	ROUTE_APPLY_FORM,
	ROUTE_APPLY,
	ROUTE_WG_ROUNDS,
	ROUTE_WG_ROUND_NEW,
	ROUTE_WG_ROUND_CREATE,
	ROUTE_WG_REQUESTS,
	ROUTE_REQUEST,
	ROUTE_REQUEST_EDIT_FORM,
	ROUTE_REQUEST_EDIT,
	ROUTE_REQUEST_TRANSITION,
	ROUTE_REQUEST_REVIEW,
	ROUTE_MY_REQUESTS,
	ROUTE_NATIONAL,
	ROUTE_NATIONAL_AUDIT,
	ROUTE_NATIONAL_AUDIT_CHAIN,
	/* overlaps, adoption and stocktakes */
	ROUTE_NATIONAL_OVERLAPS,
	ROUTE_INITIATIVE_ADOPT,
	ROUTE_NATIONAL_STOCKTAKES,
	ROUTE_NATIONAL_STOCKTAKE_CREATE,
	ROUTE_NATIONAL_STOCKTAKE,
	ROUTE_NATIONAL_STOCKTAKE_CLOSE,
	ROUTE_NATIONAL_STOCKTAKE_LOCATION,
	ROUTE_WG_STOCKTAKES,
	ROUTE_WG_STOCKTAKE,
	ROUTE_WG_STOCKTAKE_COMPLETE,
	/* national exports */
	ROUTE_NATIONAL_EXPORTS,
	ROUTE_API_LOCATIONS,
	ROUTE_API_LOCATION,
	ROUTE_API_SESSION_CREATE,
	ROUTE_API_SESSION_DELETE,
	ROUTE_API_ME,
	ROUTE_API_USERS,
	ROUTE_API_MEMBERS,
	ROUTE_API_MEMBER_UPDATE,
	ROUTE_API_MEMBER_REMOVE,
	ROUTE_API_INVITATIONS,
	ROUTE_API_INVITE,
	ROUTE_API_INVITATION_ACCEPT,
	ROUTE_API_AUDIT,
	ROUTE_API_TOKENS,
	ROUTE_API_TOKEN_CREATE,
	ROUTE_API_TOKEN_REVOKE,
	ROUTE_API_RESET_REQUEST,
	ROUTE_API_RESET,
	ROUTE_API_INITIATIVES,
	ROUTE_API_INITIATIVE_CREATE,
	ROUTE_API_INITIATIVE,
	ROUTE_API_INITIATIVE_EDIT,
	ROUTE_API_UPDATES,
	ROUTE_API_UPDATE_CREATE,
	ROUTE_API_EXPORT,
	ROUTE_API_ROUNDS,
	ROUTE_API_ROUND_CREATE,
	ROUTE_API_ROUND,
	ROUTE_API_ROUND_EDIT,
	ROUTE_API_REQUESTS,
	ROUTE_API_REQUEST_CREATE,
	ROUTE_API_REQUEST,
	ROUTE_API_REQUEST_EDIT,
	ROUTE_API_TRANSITION,
	ROUTE_API_REVIEWS,
	ROUTE_API_REVIEW_MINE,
	ROUTE_API_REVIEW_PUT,
	ROUTE_API_MY_REQUESTS,
	ROUTE_API_NATIONAL,
	ROUTE_API_NATIONAL_AUDIT,
	ROUTE_API_NATIONAL_AUDIT_CHAIN,
	/* API: overlaps, adoption and stocktakes */
	ROUTE_API_OVERLAPS,
	ROUTE_API_ADOPTION,
	ROUTE_API_STOCKTAKES,
	ROUTE_API_STOCKTAKE_CREATE,
	ROUTE_API_STOCKTAKE,
	ROUTE_API_STOCKTAKE_CLOSE,
	ROUTE_API_STOCKTAKE_LOCATION,
	ROUTE_API_LOCATION_STOCKTAKES,
	ROUTE_API_LOCATION_STOCKTAKE,
	ROUTE_API_STOCKTAKE_RETURN,
	/* API: national exports */
	ROUTE_API_NATIONAL_EXPORT,
	/* help to apply and the framework's guidance (assist.c) */
	ROUTE_FRAMEWORK,
	ROUTE_WG_CONTACT,
	ROUTE_WG_CONTACT_SAVE,
	ROUTE_ASSIST_FORM,
	ROUTE_ASSIST,
	ROUTE_CLAIM_FORM,
	ROUTE_CLAIM,
	ROUTE_API_CONTACT,
	ROUTE_API_CLAIM,
	/* the service directory (directory*.c) */
	ROUTE_SERVICES,
	ROUTE_SERVICES_CSV,
	ROUTE_SERVICE,
	ROUTE_SERVICE_NEW,
	ROUTE_SERVICE_CREATE,
	ROUTE_SERVICE_EDIT_FORM,
	ROUTE_SERVICE_EDIT,
	ROUTE_SERVICE_DELETE,
	ROUTE_SERVICES_IMPORT_FORM,
	ROUTE_SERVICES_IMPORT,
	ROUTE_API_SERVICES,
	ROUTE_API_SERVICE_CREATE,
	ROUTE_API_SERVICES_IMPORT,
	ROUTE_API_SERVICE,
	ROUTE_API_SERVICE_EDIT,
	ROUTE_API_SERVICE_DELETE,
	/* the events calendar (events.c) */
	ROUTE_EVENTS_FEED_NATIONAL,
	ROUTE_EVENTS_FEED,
	ROUTE_EVENTS,
	ROUTE_EVENT_ICS,	/* before ROUTE_EVENT, whose {id} it would be */
	ROUTE_EVENT,
	ROUTE_EVENT_NEW,
	ROUTE_EVENT_CREATE,
	ROUTE_EVENT_EDIT_FORM,
	ROUTE_EVENT_EDIT,
	ROUTE_API_EVENTS,
	ROUTE_API_EVENT_CREATE,
	ROUTE_API_EVENT,
	ROUTE_API_EVENT_EDIT,
	/* meetings: literal paths before /{id} (the first match wins) */
	ROUTE_WG_MEETINGS,
	ROUTE_WG_MEETING_NEW,
	ROUTE_WG_MEETING_CREATE,
	ROUTE_WG_MEETING_RULE,
	ROUTE_WG_MEETING,
	ROUTE_WG_MEETING_INVITE,
	ROUTE_WG_MEETING_ITEM_ADD,
	ROUTE_WG_MEETING_ATTENDANCE,
	ROUTE_API_MEETINGS,
	ROUTE_API_MEETING_CREATE,
	ROUTE_API_MEETING_RULE,
	ROUTE_API_MEETING,
	ROUTE_API_MEETING_INVITE,
	ROUTE_API_MEETING_ITEM_ADD,
	ROUTE_API_MEETING_ATTENDANCE,
	ROUTE_WG_MEETING_DECISION,
	ROUTE_API_MEETING_DECISION,
	/* indicators (indicator.c) */
	ROUTE_NATIONAL_INDICATORS,
	ROUTE_NATIONAL_INDICATOR_CREATE,
	ROUTE_WG_INDICATORS,
	ROUTE_WG_INDICATOR_CREATE,
	ROUTE_API_INDICATORS,
	ROUTE_API_INDICATOR_CREATE,
	ROUTE_API_LOCATION_INDICATORS,
	ROUTE_API_LOCATION_INDICATOR_CREATE,
	/* an update's figures confirmed and corrected (figures.c) */
	ROUTE_UPDATE_CONFIRM,
	ROUTE_API_UPDATE,
	ROUTE_API_UPDATE_CORRECT,
	ROUTE_API_UPDATE_CONFIRM,
	/* INZ sets up working groups (setup.c) */
	ROUTE_NATIONAL_LOCATIONS,
	ROUTE_NATIONAL_LOCATION_CREATE,
	ROUTE_NATIONAL_LOCATION_ARCHIVE,
	ROUTE_NATIONAL_LOCATION_INVITE,
	ROUTE_API_NATIONAL_LOCATIONS,
	ROUTE_API_NATIONAL_LOCATION_CREATE,
	ROUTE_API_NATIONAL_LOCATION_ARCHIVE,
	ROUTE_API_NATIONAL_LOCATION_INVITE,
	ROUTE_API_NATIONAL_ROUND_PAUSE,
	/* the newsletter and partner organisations (newsletter*.c,
	 * partners.c) */
	ROUTE_NEWSLETTER,
	ROUTE_NEWSLETTER_SUBSCRIBE,
	ROUTE_NEWSLETTER_ISSUE,
	ROUTE_NEWSLETTER_CONFIRM_FORM,
	ROUTE_NEWSLETTER_CONFIRM,
	ROUTE_NEWSLETTER_UNSUBSCRIBE_FORM,
	ROUTE_NEWSLETTER_UNSUBSCRIBE,
	ROUTE_WG_NEWSLETTER,
	ROUTE_WG_NEWSLETTER_SEND,
	ROUTE_INITIATIVE_PARTNERS,
	ROUTE_API_SUBSCRIBE,
	ROUTE_API_SUBSCRIPTION_CONFIRM,
	ROUTE_API_NEWSLETTER_ISSUES,
	ROUTE_API_NEWSLETTER_ISSUE,
	ROUTE_API_NEWSLETTER_SEND,
	ROUTE_API_INITIATIVE_PARTNERS,
	ROUTE__MAX,
};

static const struct route_def {
	enum http_method method;
	const char	*pattern;
	handler_fn	 handler;
	enum access	 access;
	int		 flags;
	const char	*template;	/* the HTML page; NULL for JSON; on an
					 * HTML route also the page that shows
					 * a refused form again (ctx_refused):
					 * 422, 409, 429 with the handler's
					 * view, never the error page */
	/* JSON routes: their answer is this member of the handler's view
	 * (which also builds the page's); NULL for the whole view. */
	const char	*json_member;
	/* JSON routes: members of the answer that only the page shows
	 * (options for its selects, its filter form), left out; a
	 * space-separated list of paths, "a.b" inside a (each item of an
	 * array). */
	const char	*json_omit;
} routes[ROUTE__MAX] = {
	[ROUTE_LIVEZ] = { HTTP_GET, "/livez", health_live,
	    ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_HEALTHZ] = { HTTP_GET, "/healthz", health_ready,
	    ACCESS_ANYONE, ROUTE_JSON, NULL },

	/* Pages */
	[ROUTE_HOME] = { HTTP_GET, "/", location_list,
	    ACCESS_ANYONE, ROUTE_PUBLIC, "home" },
	[ROUTE_LOCATION] = { HTTP_GET, "/l/{slug}/", location_show,
	    ACCESS_ANYONE, ROUTE_PUBLIC, "location" },
	[ROUTE_LOGIN_FORM] = { HTTP_GET, "/login", session_form,
	    ACCESS_ANYONE, ROUTE_FORM, "login" },
	[ROUTE_LOGIN] = { HTTP_POST, "/login", session_create,
	    ACCESS_ANYONE, ROUTE_FORM, "login" },
	[ROUTE_LOGOUT] = { HTTP_POST, "/logout", session_delete,
	    ACCESS_SIGNED_IN, 0, "login" },
	[ROUTE_REGISTER_FORM] = { HTTP_GET, "/register", account_register_form,
	    ACCESS_ANYONE, ROUTE_FORM, "register" },
	[ROUTE_REGISTER] = { HTTP_POST, "/register", account_register,
	    ACCESS_ANYONE, ROUTE_FORM, "register" },
	[ROUTE_ACCOUNT] = { HTTP_GET, "/account", account_show,
	    ACCESS_SIGNED_IN, 0, "account" },
	[ROUTE_ACCOUNT_LANGUAGE] = { HTTP_POST, "/account/language",
	    language_set, ACCESS_SIGNED_IN, 0, "account" },
	[ROUTE_LANGUAGES] = { HTTP_GET, "/languages", language_list,
	    ACCESS_ANYONE, ROUTE_PUBLIC, "languages" },
	[ROUTE_API_LANGUAGES] = { HTTP_GET, "/api/v1/languages",
	    language_list, ACCESS_ANYONE, ROUTE_JSON | ROUTE_PUBLIC, NULL },
	[ROUTE_API_ME_EDIT] = { HTTP_PATCH, "/api/v1/me", language_set,
	    ACCESS_SIGNED_IN, ROUTE_JSON, NULL },
	[ROUTE_ACCOUNT_PASSWORD] = { HTTP_POST, "/account/password",
	    account_password, ACCESS_SIGNED_IN, 0, "account" },
	[ROUTE_ACCOUNT_TOKEN_CREATE] = { HTTP_POST, "/account/tokens",
	    token_create, ACCESS_SIGNED_IN, 0, "account" },
	[ROUTE_ACCOUNT_TOKEN_REVOKE] = { HTTP_POST,
	    "/account/tokens/{id}/revoke", token_revoke, ACCESS_SIGNED_IN, 0,
	    "account" },
	[ROUTE_FORGOT_FORM] = { HTTP_GET, "/password/forgot", recovery_form,
	    ACCESS_ANYONE, ROUTE_FORM, "forgot" },
	[ROUTE_FORGOT] = { HTTP_POST, "/password/forgot", recovery_request,
	    ACCESS_ANYONE, ROUTE_FORM, "forgot" },
	[ROUTE_RESET_FORM] = { HTTP_GET, "/password/reset/{token:secret}",
	    recovery_reset_form, ACCESS_ANYONE, ROUTE_FORM, "reset" },
	[ROUTE_RESET] = { HTTP_POST, "/password/reset/{token:secret}",
	    recovery_reset, ACCESS_ANYONE, ROUTE_FORM, "reset" },
	[ROUTE_WG_HOME] = { HTTP_GET, "/l/{slug}/wg/", workgroup_home,
	    ACCESS_LOC_READ, ROUTE_ROLE_VIEW, "workgroup" },
	[ROUTE_WG_MEMBERS] = { HTTP_GET, "/l/{slug}/wg/members",
	    workgroup_members, ACCESS_LOC_READ, ROUTE_ROLE_VIEW, "members" },
	[ROUTE_WG_MEMBER_UPDATE] = { HTTP_POST,
	    "/l/{slug}/wg/members/{user_id}", member_update,
	    ACCESS_LOC_MANAGE, 0, "members" },
	[ROUTE_WG_MEMBER_REMOVE] = { HTTP_POST,
	    "/l/{slug}/wg/members/{user_id}/remove", member_remove,
	    ACCESS_LOC_MANAGE, 0, "members" },
	[ROUTE_WG_INVITATIONS] = { HTTP_GET, "/l/{slug}/wg/invitations",
	    invitation_list, ACCESS_LOC_MANAGE, 0, "invitations" },
	[ROUTE_WG_INVITE] = { HTTP_POST, "/l/{slug}/wg/invitations",
	    invitation_create, ACCESS_LOC_MANAGE, 0, "invitations" },
	[ROUTE_WG_AUDIT] = { HTTP_GET, "/l/{slug}/wg/audit", audit_list,
	    ACCESS_LOC_MANAGE, 0, "audit" },
	[ROUTE_INVITATION] = { HTTP_GET, "/invitations/{token:secret}",
	    invitation_show, ACCESS_ANYONE, ROUTE_FORM, "invitation" },
	[ROUTE_INVITATION_ACCEPT] = { HTTP_POST,
	    "/invitations/{token:secret}", invitation_accept, ACCESS_ANYONE,
	    ROUTE_FORM, "invitation" },
	[ROUTE_INITIATIVES_PUBLIC] = { HTTP_GET, "/l/{slug}/initiatives",
	    initiative_list_public, ACCESS_LOC_PUBLIC, ROUTE_PUBLIC,
	    "initiatives" },
	[ROUTE_INITIATIVE] = { HTTP_GET, "/l/{slug}/initiatives/{id}",
	    initiative_show, ACCESS_LOC_PUBLIC, ROUTE_PUBLIC, "initiative" },
	[ROUTE_INITIATIVE_EDIT_FORM] = { HTTP_GET,
	    "/l/{slug}/initiatives/{id}/edit", initiative_edit_form,
	    ACCESS_LOC_WRITE, 0, "initiative_form" },
	[ROUTE_INITIATIVE_EDIT] = { HTTP_POST,
	    "/l/{slug}/initiatives/{id}/edit", initiative_edit,
	    ACCESS_LOC_WRITE, 0, "initiative_form" },
	[ROUTE_INITIATIVE_UPDATE] = { HTTP_POST,
	    "/l/{slug}/initiatives/{id}/updates", update_create,
	    ACCESS_LOC_WRITE, 0, "initiative" },
	[ROUTE_WG_INITIATIVES] = { HTTP_GET, "/l/{slug}/wg/initiatives",
	    initiative_list, ACCESS_LOC_READ, ROUTE_ROLE_VIEW, "initiatives" },
	[ROUTE_WG_INITIATIVE_NEW] = { HTTP_GET,
	    "/l/{slug}/wg/initiatives/new", initiative_new_form,
	    ACCESS_LOC_WRITE, 0, "initiative_form" },
	[ROUTE_WG_INITIATIVE_CREATE] = { HTTP_POST,
	    "/l/{slug}/wg/initiatives", initiative_create, ACCESS_LOC_WRITE, 0,
	    "initiative_form" },
	[ROUTE_ROUND] = { HTTP_GET, "/l/{slug}/rounds/{id}", round_show,
	    ACCESS_LOC_PUBLIC, ROUTE_PUBLIC, "round" },
	[ROUTE_ROUND_EDIT_FORM] = { HTTP_GET, "/l/{slug}/rounds/{id}/edit",
	    round_edit_form, ACCESS_LOC_MANAGE, 0, "round_form" },
	[ROUTE_ROUND_EDIT] = { HTTP_POST, "/l/{slug}/rounds/{id}/edit",
	    round_edit, ACCESS_LOC_MANAGE, 0, "round_form" },
	[ROUTE_APPLY_FORM] = { HTTP_GET, "/l/{slug}/rounds/{id}/apply",
	    request_new_form, ACCESS_LOC_SIGNED_IN, 0, "request_form" },
	[ROUTE_APPLY] = { HTTP_POST, "/l/{slug}/rounds/{id}/apply",
	    request_create, ACCESS_LOC_SIGNED_IN, 0, "request_form" },
	[ROUTE_WG_ROUNDS] = { HTTP_GET, "/l/{slug}/wg/rounds", round_list,
	    ACCESS_LOC_READ, 0, "rounds" },
	[ROUTE_WG_ROUND_NEW] = { HTTP_GET, "/l/{slug}/wg/rounds/new",
	    round_new_form, ACCESS_LOC_MANAGE, 0, "round_form" },
	[ROUTE_WG_ROUND_CREATE] = { HTTP_POST, "/l/{slug}/wg/rounds",
	    round_create, ACCESS_LOC_MANAGE, 0, "round_form" },
	[ROUTE_WG_REQUESTS] = { HTTP_GET, "/l/{slug}/wg/requests",
	    request_queue, ACCESS_LOC_READ, ROUTE_ROLE_VIEW, "requests" },
	[ROUTE_REQUEST] = { HTTP_GET, "/l/{slug}/requests/{id}", request_show,
	    ACCESS_LOC_SIGNED_IN, 0, "request" },
	[ROUTE_REQUEST_EDIT_FORM] = { HTTP_GET, "/l/{slug}/requests/{id}/edit",
	    request_edit_form, ACCESS_LOC_SIGNED_IN, 0, "request_form" },
	[ROUTE_REQUEST_EDIT] = { HTTP_POST, "/l/{slug}/requests/{id}/edit",
	    request_edit, ACCESS_LOC_SIGNED_IN, 0, "request_form" },
	[ROUTE_REQUEST_TRANSITION] = { HTTP_POST,
	    "/l/{slug}/requests/{id}/transitions", request_transition,
	    ACCESS_LOC_SIGNED_IN, 0, "request" },
	[ROUTE_REQUEST_REVIEW] = { HTTP_POST, "/l/{slug}/requests/{id}/review",
	    review_put, ACCESS_LOC_WRITE, 0, "request" },
	[ROUTE_MY_REQUESTS] = { HTTP_GET, "/my/requests", request_mine,
	    ACCESS_SIGNED_IN, ROUTE_USER_VIEW, "my_requests" },
	[ROUTE_NATIONAL] = { HTTP_GET, "/national/", national_home,
	    ACCESS_NATIONAL, ROUTE_ROLE_VIEW, "national" },
	[ROUTE_NATIONAL_AUDIT] = { HTTP_GET, "/national/audit", audit_all,
	    ACCESS_NATIONAL, 0, "national_audit" },
	[ROUTE_NATIONAL_AUDIT_CHAIN] = { HTTP_GET, "/national/audit/chain",
	    audit_chain, ACCESS_NATIONAL, 0, "national_audit_chain" },
	/* overlaps, adoption and stocktakes */
	[ROUTE_NATIONAL_OVERLAPS] = { HTTP_GET, "/national/overlaps",
	    overlap_list, ACCESS_NATIONAL, 0, "overlaps" },
	[ROUTE_INITIATIVE_ADOPT] = { HTTP_POST,
	    "/l/{slug}/initiatives/{id}/adopt", adoption_create,
	    ACCESS_LOC_SIGNED_IN, 0, "initiative" },
	[ROUTE_NATIONAL_STOCKTAKES] = { HTTP_GET, "/national/stocktakes",
	    stocktake_list, ACCESS_NATIONAL, 0, "stocktakes" },
	[ROUTE_NATIONAL_STOCKTAKE_CREATE] = { HTTP_POST, "/national/stocktakes",
	    stocktake_create, ACCESS_NATIONAL, 0, "stocktakes" },
	[ROUTE_NATIONAL_STOCKTAKE] = { HTTP_GET, "/national/stocktakes/{id}",
	    stocktake_show, ACCESS_NATIONAL, 0, "stocktake" },
	[ROUTE_NATIONAL_STOCKTAKE_CLOSE] = { HTTP_POST,
	    "/national/stocktakes/{id}/close", stocktake_close,
	    ACCESS_NATIONAL, 0, "stocktake" },
	[ROUTE_NATIONAL_STOCKTAKE_LOCATION] = { HTTP_GET,
	    "/national/stocktakes/{id}/locations/{slug}",
	    stocktake_snapshot_show, ACCESS_NATIONAL, 0, "stocktake_snapshot" },
	[ROUTE_WG_STOCKTAKES] = { HTTP_GET, "/l/{slug}/wg/stocktakes",
	    stocktake_location_list, ACCESS_LOC_READ, 0, "wg_stocktakes" },
	[ROUTE_WG_STOCKTAKE] = { HTTP_GET, "/l/{slug}/wg/stocktakes/{id}",
	    stocktake_location_show, ACCESS_LOC_READ, 0, "wg_stocktake" },
	[ROUTE_WG_STOCKTAKE_COMPLETE] = { HTTP_POST,
	    "/l/{slug}/wg/stocktakes/{id}/complete", stocktake_complete,
	    ACCESS_LOC_MANAGE, 0, "wg_stocktake" },

	/* national exports */
	[ROUTE_NATIONAL_EXPORTS] = { HTTP_GET, "/national/exports",
	    national_exports_page, ACCESS_NATIONAL, 0, "national_exports" },


	/* JSON API (docs/api.md) */
	[ROUTE_API_LOCATIONS] = { HTTP_GET, "/api/v1/locations", location_list,
	    ACCESS_ANYONE, ROUTE_JSON | ROUTE_PUBLIC, NULL },
	[ROUTE_API_LOCATION] = { HTTP_GET, "/api/v1/locations/{slug}",
	    location_show, ACCESS_ANYONE, ROUTE_JSON | ROUTE_PUBLIC, NULL },
	[ROUTE_API_SESSION_CREATE] = { HTTP_POST, "/api/v1/session",
	    session_create, ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_API_SESSION_DELETE] = { HTTP_DELETE, "/api/v1/session",
	    session_delete, ACCESS_SIGNED_IN, ROUTE_JSON, NULL },
	[ROUTE_API_ME] = { HTTP_GET, "/api/v1/me", session_me,
	    ACCESS_SIGNED_IN, ROUTE_JSON, NULL },
	[ROUTE_API_USERS] = { HTTP_POST, "/api/v1/users", account_register,
	    ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_API_MEMBERS] = { HTTP_GET, "/api/v1/locations/{slug}/members",
	    workgroup_members, ACCESS_LOC_READ, ROUTE_JSON | ROUTE_ROLE_VIEW,
	    NULL,
	    .json_omit = "items.role_options" },
	[ROUTE_API_MEMBER_UPDATE] = { HTTP_PATCH,
	    "/api/v1/locations/{slug}/members/{user_id}", member_update,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_MEMBER_REMOVE] = { HTTP_DELETE,
	    "/api/v1/locations/{slug}/members/{user_id}", member_remove,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_INVITATIONS] = { HTTP_GET,
	    "/api/v1/locations/{slug}/invitations", invitation_list,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL,
	    .json_omit = "roles sectors" },
	[ROUTE_API_INVITE] = { HTTP_POST,
	    "/api/v1/locations/{slug}/invitations", invitation_create,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_INVITATION_ACCEPT] = { HTTP_POST,
	    "/api/v1/invitations/{token:secret}", invitation_accept,
	    ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_API_AUDIT] = { HTTP_GET, "/api/v1/locations/{slug}/audit",
	    audit_list, ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_TOKENS] = { HTTP_GET, "/api/v1/me/tokens", token_list,
	    ACCESS_SIGNED_IN, ROUTE_JSON, NULL },
	[ROUTE_API_TOKEN_CREATE] = { HTTP_POST, "/api/v1/me/tokens",
	    token_create, ACCESS_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "new_token" },
	[ROUTE_API_TOKEN_REVOKE] = { HTTP_DELETE, "/api/v1/me/tokens/{id}",
	    token_revoke, ACCESS_SIGNED_IN, ROUTE_JSON, NULL },
	[ROUTE_API_RESET_REQUEST] = { HTTP_POST, "/api/v1/password-resets",
	    recovery_request, ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_API_RESET] = { HTTP_POST,
	    "/api/v1/password-resets/{token:secret}", recovery_reset,
	    ACCESS_ANYONE, ROUTE_JSON, NULL },
	[ROUTE_API_INITIATIVES] = { HTTP_GET,
	    "/api/v1/locations/{slug}/initiatives", initiative_list,
	    ACCESS_LOC_PUBLIC, ROUTE_JSON | ROUTE_PUBLIC, NULL,
	    .json_omit = "filters" },
	[ROUTE_API_INITIATIVE_CREATE] = { HTTP_POST,
	    "/api/v1/locations/{slug}/initiatives", initiative_create,
	    ACCESS_LOC_WRITE, ROUTE_JSON, NULL },
	[ROUTE_API_INITIATIVE] = { HTTP_GET,
	    "/api/v1/locations/{slug}/initiatives/{id}", initiative_show,
	    ACCESS_LOC_PUBLIC, ROUTE_JSON | ROUTE_PUBLIC, NULL,
	    .json_member = "initiative",
	    .json_omit = "adopt_to" },
	[ROUTE_API_INITIATIVE_EDIT] = { HTTP_PATCH,
	    "/api/v1/locations/{slug}/initiatives/{id}", initiative_edit,
	    ACCESS_LOC_WRITE, ROUTE_JSON, NULL },
	[ROUTE_API_UPDATES] = { HTTP_GET,
	    "/api/v1/locations/{slug}/initiatives/{id}/updates", update_list,
	    ACCESS_LOC_PUBLIC, ROUTE_JSON | ROUTE_PUBLIC, NULL },
	[ROUTE_API_UPDATE_CREATE] = { HTTP_POST,
	    "/api/v1/locations/{slug}/initiatives/{id}/updates", update_create,
	    ACCESS_LOC_WRITE, ROUTE_JSON, NULL },
	[ROUTE_API_EXPORT] = { HTTP_GET,
	    "/api/v1/locations/{slug}/exports/{name}", location_export,
	    ACCESS_LOC_READ, ROUTE_JSON | ROUTE_FILE, NULL },
	[ROUTE_API_ROUNDS] = { HTTP_GET, "/api/v1/locations/{slug}/rounds",
	    round_list, ACCESS_LOC_PUBLIC, ROUTE_JSON | ROUTE_PUBLIC, NULL },
	[ROUTE_API_ROUND_CREATE] = { HTTP_POST,
	    "/api/v1/locations/{slug}/rounds", round_create,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_ROUND] = { HTTP_GET, "/api/v1/locations/{slug}/rounds/{id}",
	    round_show, ACCESS_LOC_PUBLIC, ROUTE_JSON | ROUTE_PUBLIC, NULL,
	    .json_member = "round" },
	[ROUTE_API_ROUND_EDIT] = { HTTP_PATCH,
	    "/api/v1/locations/{slug}/rounds/{id}", round_edit,
	    ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_REQUESTS] = { HTTP_GET, "/api/v1/locations/{slug}/requests",
	    request_queue, ACCESS_LOC_READ, ROUTE_JSON | ROUTE_ROLE_VIEW,
	    NULL,
	    .json_omit = "filters" },
	[ROUTE_API_REQUEST_CREATE] = { HTTP_POST,
	    "/api/v1/locations/{slug}/requests", request_create,
	    ACCESS_LOC_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "request",
	    .json_omit = "consent.method_is" },
	[ROUTE_API_REQUEST] = { HTTP_GET,
	    "/api/v1/locations/{slug}/requests/{id}", request_show,
	    ACCESS_LOC_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "request",
	    .json_omit = "consent.method_is" },
	[ROUTE_API_REQUEST_EDIT] = { HTTP_PATCH,
	    "/api/v1/locations/{slug}/requests/{id}", request_edit,
	    ACCESS_LOC_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "request",
	    .json_omit = "consent.method_is" },
	[ROUTE_API_TRANSITION] = { HTTP_POST,
	    "/api/v1/locations/{slug}/requests/{id}/transitions",
	    request_transition, ACCESS_LOC_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "request",
	    .json_omit = "consent.method_is" },
	[ROUTE_API_REVIEWS] = { HTTP_GET,
	    "/api/v1/locations/{slug}/requests/{id}/reviews", review_list,
	    ACCESS_LOC_READ, ROUTE_JSON, NULL },
	[ROUTE_API_REVIEW_MINE] = { HTTP_GET,
	    "/api/v1/locations/{slug}/requests/{id}/reviews/mine", review_mine,
	    ACCESS_LOC_WRITE, ROUTE_JSON, NULL },
	[ROUTE_API_REVIEW_PUT] = { HTTP_PUT,
	    "/api/v1/locations/{slug}/requests/{id}/reviews/mine", review_put,
	    ACCESS_LOC_WRITE, ROUTE_JSON, NULL },
	[ROUTE_API_MY_REQUESTS] = { HTTP_GET, "/api/v1/my/requests",
	    request_mine, ACCESS_SIGNED_IN, ROUTE_JSON | ROUTE_USER_VIEW, NULL },
	[ROUTE_API_NATIONAL] = { HTTP_GET, "/api/v1/national/overview",
	    national_home, ACCESS_NATIONAL, ROUTE_JSON | ROUTE_ROLE_VIEW, NULL },
	[ROUTE_API_NATIONAL_AUDIT] = { HTTP_GET, "/api/v1/national/audit",
	    audit_all, ACCESS_NATIONAL, ROUTE_JSON, NULL },
	[ROUTE_API_NATIONAL_AUDIT_CHAIN] = { HTTP_GET,
	    "/api/v1/national/audit/chain", audit_chain, ACCESS_NATIONAL,
	    ROUTE_JSON, NULL },
	/* API: overlaps, adoption and stocktakes */
	[ROUTE_API_OVERLAPS] = { HTTP_GET, "/api/v1/national/overlaps",
	    overlap_list, ACCESS_NATIONAL, ROUTE_JSON, NULL,
	    .json_omit = "area_options area" },
	[ROUTE_API_ADOPTION] = { HTTP_POST,
	    "/api/v1/locations/{slug}/initiatives/{id}/adoptions",
	    adoption_create, ACCESS_LOC_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_omit = "adopt_to" },
	[ROUTE_API_STOCKTAKES] = { HTTP_GET, "/api/v1/national/stocktakes",
	    stocktake_list, ACCESS_NATIONAL, ROUTE_JSON, NULL,
	    .json_omit = "form errors" },
	[ROUTE_API_STOCKTAKE_CREATE] = { HTTP_POST,
	    "/api/v1/national/stocktakes", stocktake_create, ACCESS_NATIONAL,
	    ROUTE_JSON, NULL },
	[ROUTE_API_STOCKTAKE] = { HTTP_GET, "/api/v1/national/stocktakes/{id}",
	    stocktake_show, ACCESS_NATIONAL, ROUTE_JSON, NULL },
	[ROUTE_API_STOCKTAKE_CLOSE] = { HTTP_POST,
	    "/api/v1/national/stocktakes/{id}/close", stocktake_close,
	    ACCESS_NATIONAL, ROUTE_JSON, NULL },
	[ROUTE_API_STOCKTAKE_LOCATION] = { HTTP_GET,
	    "/api/v1/national/stocktakes/{id}/locations/{slug}",
	    stocktake_snapshot_show, ACCESS_NATIONAL, ROUTE_JSON, NULL,
	    .json_omit = "stocktakes" },
	[ROUTE_API_LOCATION_STOCKTAKES] = { HTTP_GET,
	    "/api/v1/locations/{slug}/stocktakes", stocktake_location_list,
	    ACCESS_LOC_READ, ROUTE_JSON, NULL },
	[ROUTE_API_LOCATION_STOCKTAKE] = { HTTP_GET,
	    "/api/v1/locations/{slug}/stocktakes/{id}", stocktake_location_show,
	    ACCESS_LOC_READ, ROUTE_JSON, NULL },
	[ROUTE_API_STOCKTAKE_RETURN] = { HTTP_POST,
	    "/api/v1/locations/{slug}/stocktakes/{id}/return",
	    stocktake_complete, ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },

	/* API: national exports */
	[ROUTE_API_NATIONAL_EXPORT] = { HTTP_GET,
	    "/api/v1/national/exports/{name}", national_export,
	    ACCESS_NATIONAL, ROUTE_JSON | ROUTE_FILE, NULL },

	/* help to apply and the framework's guidance */
	[ROUTE_FRAMEWORK] = { HTTP_GET, "/framework", framework_show,
	    ACCESS_ANYONE, ROUTE_PUBLIC, "framework" },
	[ROUTE_WG_CONTACT] = { HTTP_GET, "/l/{slug}/wg/contact", contact_form,
	    ACCESS_LOC_MANAGE, 0, "contact_form" },
	[ROUTE_WG_CONTACT_SAVE] = { HTTP_POST, "/l/{slug}/wg/contact",
	    contact_put, ACCESS_LOC_MANAGE, 0, "contact_form" },
	/* The working group and national staff: assist.c says who. */
	[ROUTE_ASSIST_FORM] = { HTTP_GET, "/l/{slug}/rounds/{id}/assist",
	    request_new_form, ACCESS_LOC_SIGNED_IN, 0, "assist_form" },
	[ROUTE_ASSIST] = { HTTP_POST, "/l/{slug}/rounds/{id}/assist",
	    request_create, ACCESS_LOC_SIGNED_IN, 0, "assist_form" },
	[ROUTE_CLAIM_FORM] = { HTTP_GET, "/requests/claim", claim_form,
	    ACCESS_SIGNED_IN, 0, "claim" },
	[ROUTE_CLAIM] = { HTTP_POST, "/requests/claim", claim_redeem,
	    ACCESS_SIGNED_IN, 0, "claim" },
	[ROUTE_API_CONTACT] = { HTTP_PUT, "/api/v1/locations/{slug}/contact",
	    contact_put, ACCESS_LOC_MANAGE, ROUTE_JSON, NULL },
	[ROUTE_API_CLAIM] = { HTTP_POST, "/api/v1/requests/claim",
	    claim_redeem, ACCESS_SIGNED_IN, ROUTE_JSON, NULL,
	    .json_member = "request",
	    .json_omit = "consent.method_is" },

#include "routes_public_face.inc"
#include "routes_governance.inc"
#include "routes_figures.inc"
#include "routes_newsletter.inc"
};

_Static_assert(ROUTE__MAX <= sizeof(((struct app *)0)->route_template) /
    sizeof(int), "app.route_template is too small for the route table");

#define VIEW_MEMO_SLOTS	256
#define PAGE_MEMO_SLOTS	64	/* rendered content is larger than a view */

static void
view_free(void *view)
{
	json_decref(view);
}

void
routes_label(int id, const char **method, const char **pattern)
{
	*method = id >= 0 && id < ROUTE__MAX ?
	    http_method_name(routes[id].method) : "";
	*pattern = id >= 0 && id < ROUTE__MAX ? routes[id].pattern : "(none)";
}

void
routes_print(FILE *f)
{
	const char	*method, *pattern;
	int		 i;

	for (i = 0; i < ROUTE__MAX; i++) {
		routes_label(i, &method, &pattern);
		fprintf(f, "%s %s\n", method, pattern);
	}
}

int
routes_init(struct app *app, struct buf *err)
{
	int	 i;

	if ((app->router = router_new()) == NULL ||
	    (app->cache = cache_new()) == NULL ||
	    (app->sessions = auth_memo_new()) == NULL ||
	    (app->views = memo_new(VIEW_MEMO_SLOTS, view_free)) == NULL ||
	    (app->pages = memo_new(PAGE_MEMO_SLOTS, view_free)) == NULL)
		return -1;
	if ((app->error_template = tmpl_find(app->templates, "error")) == -1) {
		buf_puts(err, "no template 'error'\n");
		return -1;
	}
	for (i = 0; i < ROUTE__MAX; i++) {
		if (router_add(app->router, routes[i].method,
		    routes[i].pattern, i) == -1) {
			buf_printf(err, "route %s: malformed pattern\n",
			    routes[i].pattern);
			return -1;
		}
		app->route_template[i] = -1;
		if (routes[i].template != NULL &&
		    (app->route_template[i] = tmpl_find(app->templates,
		    routes[i].template)) == -1) {
			buf_printf(err, "route %s: no template '%s'\n",
			    routes[i].pattern, routes[i].template);
			return -1;
		}
		/* A kept view's page shares its content when the content
		 * reads nothing of the session (forms carry its CSRF). */
		app->route_keeps_page[i] = routes[i].flags & (ROUTE_ROLE_VIEW |
		    ROUTE_USER_VIEW) && app->route_template[i] != -1 &&
		    tmpl_block_reads(app->templates, app->route_template[i],
		    "content", "session") == 0;
	}
	return 0;
}

static int
changes_state(enum http_method m)
{
	return m != HTTP_GET && m != HTTP_HEAD && m != HTTP_OPTIONS;
}

/* GET /l/hamilton answers 308 to /l/hamilton/, keeping the query. */
static int
redirect_with_slash(struct ctx *c)
{
	struct buf	 loc = BUF_INIT;
	size_t		 i;

	for (i = 0; i < c->req->nsegments; i++) {
		buf_putc(&loc, '/');
		esc_url(&loc, c->req->segments[i], strlen(c->req->segments[i]));
	}
	buf_putc(&loc, '/');
	if (c->req->raw_query != NULL) {
		buf_putc(&loc, '?');
		buf_puts(&loc, c->req->raw_query);
	}
	if (!buf_failed(&loc))
		response_header(c->resp, "Location", buf_str(&loc));
	buf_free(&loc);
	return 308;
}

/* Anonymous: JSON clients get 401; browsers go to the sign-in page and
 * come back afterwards. */
static int
need_sign_in(struct ctx *c, const struct route_def *r)
{
	struct buf	 loc = BUF_INIT;

	if (r->flags & ROUTE_JSON)
		return ctx_fail(c, 401, "Sign in first.");
	buf_puts(&loc, "/login?next=");
	esc_url(&loc, c->req->path, strlen(c->req->path));
	response_header(c->resp, "Location", buf_str(&loc));
	buf_free(&loc);
	return 303;
}

/*
 * Sets c->location and c->role for a location route; 0 or a status.
 * People with no role there are turned away unless outsiders may come.
 */
static int
resolve_location(struct ctx *c, int outsiders)
{
	const char	*slug = request_param(c->req, "slug");
	json_t		*m = auth_membership(&c->auth, slug);
	enum db_status	 st;

	if (m != NULL) {
		c->role = json_string_value(json_object_get(m, "role"));
		c->location = json_pack("{s:O, s:O, s:O}", "id",
		    json_object_get(m, "location_id"), "slug",
		    json_object_get(m, "location"), "name",
		    json_object_get(m, "location_name"));
		return c->location != NULL ? 0 : ctx_fail(c, 500,
		    "Out of memory.");
	}
	if (!outsiders && auth_national_role(&c->auth) == NULL)
		return ctx_fail(c, 404, "There is no page at this address.");
	if ((st = db_location_ref(c->app->db, slug, &c->location)) != DB_OK)
		return ctx_db_fail(c, st);
	if (c->location == NULL)
		return ctx_fail(c, 404, "There is no settlement location at "
		    "this address.");
	return 0;
}

static int
check_access(struct ctx *c, const struct route_def *r)
{
	enum access	 access = r->access;
	int		 status;

	if (access == ACCESS_ANYONE)
		return 0;
	if (access == ACCESS_LOC_PUBLIC)
		return resolve_location(c, 1);
	if (c->auth.user == NULL)
		return need_sign_in(c, r);
	if (access == ACCESS_SIGNED_IN)
		return 0;
	if (access == ACCESS_LOC_SIGNED_IN)
		return resolve_location(c, 1);
	if (access == ACCESS_NATIONAL)
		return auth_national_role(&c->auth) != NULL ? 0 :
		    ctx_fail(c, 403, "Only Immigration New Zealand settlement "
		    "staff can see national pages.");
	if ((status = resolve_location(c, 0)) != 0)
		return status;
	/* National staff, reading; a write route's GET is a form to fill. */
	if (c->role == NULL)
		return changes_state(c->req->method) ||
		    access == ACCESS_LOC_WRITE ? ctx_fail(c, 403,
		    "National staff can read every location but change none.")
		    : 0;
	if (access == ACCESS_LOC_READ)
		return 0;
	if (access == ACCESS_LOC_WRITE ? role_can_write(role_parse(c->role)) :
	    role_can_manage(role_parse(c->role)))
		return 0;
	return ctx_fail(c, 403, access == ACCESS_LOC_WRITE ?
	    "Observers can read the working group's pages but not change "
	    "them." : N_("Only the working group's coordinators can do this."));
}

/*
 * An anonymous form's CSRF token: the cookie's when the server signed it,
 * or a new one set now (which also replaces a cookie someone planted).
 */
static void
form_token(struct ctx *c)
{
	const char	*have = kvlist_get(&c->req->cookies, auth_form_cookie());

	if (have != NULL && token_form_valid(c->app->site.form_key, have)) {
		strncpy(c->form_token, have, sizeof(c->form_token) - 1);
		return;
	}
	token_form_new(c->app->site.form_key, c->form_token);
	ctx_cookie(c, auth_form_cookie(), c->form_token, 2 * 3600);
}

/* Why a state-changing request is refused, by auth_csrf_check()'s verdict. */
static const char *const csrf_refusals[] = {
	[CSRF_FOREIGN_ORIGIN] = N_("This request came from another site, not "
	    "from the portal's own pages (its Origin is not the portal's "
	    "address), so nothing was changed."),
	[CSRF_BAD_TOKEN] = N_("This form has expired or did not come from the "
	    "portal: reload the page and try again."),
};

/*
 * What a worker keeps in memory (public pages' answers, who credentials
 * belong to, working-group views) is dropped when this or another worker
 * of the host committed a change (util/changes.h) or the database
 * announced one, and in any case after a minute: a notice lost on a
 * half-open connection costs at most that.  Returns 0 when the copies may
 * be used, -1 when the database is unreachable: its answer (503) is then
 * the truth.
 */
#define MEMORY_MAX_AGE_MS	60000
static int
sync_memory(struct app *app)
{
	unsigned long	 seen = changes_count();
	long long	 now = clock_ms();
	int		 changed = db_changed(app->db);

	if (changed == -1)
		return -1;
	if (changed || seen != app->seen_changes ||
	    now - app->memory_since > MEMORY_MAX_AGE_MS) {
		cache_clear(app->cache);
		memo_clear(app->sessions);
		memo_clear(app->views);
		memo_clear(app->pages);
		app->seen_changes = seen;
		app->memory_since = now;
		/* What the replica must have replayed before it answers. */
		replica_mark(app->replica, app->db);
	}
	return 0;
}

/* ------------------------------------------------------------- language */

/*
 * The language a request is answered in, before we know who asks:
 * ?lang= (remembered: lang_asked), the cookie an earlier ?lang= left,
 * Accept-Language, English.
 */
static void
choose_language(struct ctx *c)
{
	int	 l;

	if ((l = i18n_find(kvlist_get(&c->req->query, "lang"))) != -1)
		c->lang_asked = 1;
	else if ((l = i18n_find(kvlist_get(&c->req->cookies,
	    LANG_COOKIE))) == -1 &&
	    (l = i18n_accept(c->req->accept_language)) == -1)
		l = 0;
	c->lang = i18n_request = l;
}

/* The signed-in person's own language, unless ?lang= chose another. */
static void
account_language(struct ctx *c)
{
	int	 l = i18n_find(json_string_value(json_object_get(c->auth.user,
		    "preferred_language")));

	if (c->auth.user != NULL && !c->lang_asked && l != -1)
		c->lang = i18n_request = l;
}

/* Whether ?lang= asks a signed-in person for another language than
 * their account's: then the account changes (remember_language()). */
static int
account_changes_language(const struct ctx *c)
{
	const char *have = json_string_value(json_object_get(c->auth.user,
	    "preferred_language"));

	return c->auth.user != NULL && c->lang_asked && (have == NULL ||
	    strcmp(have, i18n_code(c->lang)) != 0);
}

/*
 * Remembers a language chosen with ?lang=: in the account of a signed-in
 * person (inside the request's transaction), else in a cookie for a year.
 * The cookie is added after the answer went into the public cache, which
 * keeps answers without cookies: one answer serves every visitor reading
 * in that language.  Returns 0, or a status already recorded.
 */
static int
remember_language(struct ctx *c)
{
	enum db_status	 st;

	if (!account_changes_language(c))
		return 0;
	if ((st = db_user_language_set(c->app->db, c->auth.user_id,
	    i18n_code(c->lang))) != DB_OK)
		return ctx_db_fail(c, st);
	c->wrote = 1;
	return 0;
}

static void
language_cookie(struct ctx *c)
{
	const char *have = kvlist_get(&c->req->cookies, LANG_COOKIE);

	if (c->lang_asked && c->auth.user == NULL && (have == NULL ||
	    strcmp(have, i18n_code(c->lang)) != 0))
		ctx_cookie(c, LANG_COOKIE, i18n_code(c->lang), 365L * 86400);
}

static int
reads(const struct request *r)
{
	return r->method == HTTP_GET || r->method == HTTP_HEAD;
}

/*
 * Answers an anonymous read of a public page from memory.  Returns 1 when
 * c->resp is filled; otherwise c->public_key says where to keep the answer.
 */
static int
from_cache(struct ctx *c)
{
	const struct request *r = c->req;

	if (!reads(r) || auth_presented(r) || sync_memory(c->app) == -1)
		return 0;
	/* The raw URI: decoded paths could make two addresses one key; and
	 * the language, which may come from a cookie or Accept-Language. */
	buf_printf(&c->public_key, "%c %s %s", r->format == FORMAT_JSON ?
	    'j' : 'h', i18n_code(c->lang), r->uri);
	if (!buf_failed(&c->public_key) && cache_get(c->app->cache,
	    buf_str(&c->public_key), c->resp)) {
		metrics_add(METRIC_CACHE_HITS);
		return 1;
	}
	metrics_add(METRIC_CACHE_MISSES);
	return 0;
}

static int
sets_cookie(const struct response *resp)
{
	return strstr(buf_str(&resp->headers), "Set-Cookie:") != NULL;
}

static void
keep_in_cache(struct ctx *c)
{
	if (c->public_key.len > 0 && !buf_failed(&c->public_key) &&
	    c->resp->status == 200 && !buf_failed(&c->resp->body) &&
	    !sets_cookie(c->resp))
		cache_put(c->app->cache, buf_str(&c->public_key), c->resp);
}

/*
 * Lets nginx keep the answer to an anonymous read of a public page (a
 * ROUTE_PUBLIC route, no session cookie, no token) until the end of the
 * current second (its fastcgi_cache, nginx/local.conf.in):
 * X-Accel-Expires, which nginx alone reads and never forwards, while
 * browsers still get no-store.  nginx counts whole seconds: "1" would
 * keep a copy for one to two seconds, "@now" keeps it under one, so a
 * change reaches anonymous readers within a second of its commit (on one
 * host's clock; across hosts, plus their clocks' difference).  Nothing
 * else is ever kept there: nginx stores only answers that name their
 * lifetime, never one that sets a cookie (the language cookie of a first
 * ?lang=: called after language_cookie()), and neither reads nor stores
 * for a request with a session or a token.  Its key holds all that
 * choose_language() reads: the address with ?lang=, the language cookie,
 * Accept-Language.
 *
 * Whatever the status: when a copy expires, one request rebuilds it while
 * the readers arriving meanwhile get the old one (fastcgi_cache_use_stale
 * updating), so an answer nginx did not keep (a 404 for a page since
 * unpublished, a 503 while the database is away) would leave the old
 * page to them for as long as they keep coming.  Kept, it replaces it:
 * nginx's copy is portald's latest answer, less than a second old.
 */
static void
allow_micro_cache(struct ctx *c, const struct route_def *route)
{
	char	 until[24];

	if (route == NULL || !(route->flags & ROUTE_PUBLIC) ||
	    !reads(c->req) || auth_presented(c->req) || sets_cookie(c->resp))
		return;
	snprintf(until, sizeof(until), "@%lld", (long long)time(NULL));
	response_header(c->resp, "X-Accel-Expires", until);
}

static int	check_access(struct ctx *, const struct route_def *);

/* A view is kept per route, role in the location (or user, for a
 * ROUTE_USER_VIEW) and address. */
static void
view_key(struct ctx *c, int id)
{
	if (routes[id].flags & ROUTE_USER_VIEW)
		buf_printf(&c->view_key, "%d %s user %lld %s", id,
		    i18n_code(c->lang), c->auth.user_id, c->req->uri);
	else
		buf_printf(&c->view_key, "%d %s %s %s", id,
		    i18n_code(c->lang), c->role != NULL ? c->role :
		    "national", c->req->uri);
}

/*
 * Answers a signed-in read of a working-group view from memory: the person
 * as remembered for their credential, the view as last built for their
 * role in that location.  Returns a status, or -1 to go the long way
 * (which remembers both: remember_view()).
 */
static int
from_memory(struct ctx *c, int id)
{
	const struct request	*r = c->req;
	json_t			*view;
	int			 status;

	if (!reads(r) || !auth_presented(r) || sync_memory(c->app) == -1)
		return -1;
	c->remember = 1;
	c->keep_page = c->app->route_keeps_page[id];
	if (!auth_recall(c->app->sessions, r, &c->auth)) {
		metrics_add(METRIC_VIEW_MISSES);
		return -1;
	}
	account_language(c);
	/* A new language for the account is a write: the long way. */
	if (account_changes_language(c))
		goto forget;
	if ((status = check_access(c, &routes[id])) != 0)
		return status;
	view_key(c, id);
	/* Shared, not copied: nothing changes a view once it is built. */
	if (!buf_failed(&c->view_key) && (view = memo_get(c->app->views,
	    buf_str(&c->view_key))) != NULL) {
		c->view = json_incref(view);
		metrics_add(METRIC_VIEW_HITS);
		return 200;
	}
	/* Known person, unknown view: all of it from the database. */
forget:
	metrics_add(METRIC_VIEW_MISSES);
	buf_reset(&c->view_key);
	auth_free(&c->auth);
	json_decref(c->location);
	c->location = NULL;
	c->role = NULL;
	return -1;
}

static void
remember_view(struct ctx *c, int status)
{
	if (!c->remember || status != 200 || c->auth.user == NULL)
		return;
	auth_remember(c->app->sessions, c->req, &c->auth);
	if (c->view_key.len > 0 && !buf_failed(&c->view_key) &&
	    c->view != NULL)
		memo_put(c->app->views, buf_str(&c->view_key),
		    json_incref(c->view));
}

/* The answer's format, fixed by the route's row. */
static enum http_format
route_format(int flags)
{
	if (flags & ROUTE_CSV)
		return FORMAT_CSV;
	if (flags & ROUTE_ICS)
		return FORMAT_ICS;
	return flags & ROUTE_JSON ? FORMAT_JSON : FORMAT_HTML;
}

/*
 * An anonymous read of a public page: from the read replica when one is
 * configured and has replayed every change this worker has heard of
 * (db/replica.h), else from the primary; and from the primary again when
 * the replica failed under it, so a replica going away costs no answer.
 */
static int
public_read(struct ctx *c, int id)
{
	struct db	*primary = c->app->db, *standby;
	int		 status;

	if (c->app->replica == NULL)
		return routes[id].handler(c);
	if ((standby = replica_ready(c->app->replica)) == NULL) {
		metrics_add(METRIC_REPLICA_PASSED);
		return routes[id].handler(c);
	}
	c->app->db = standby;
	status = routes[id].handler(c);
	c->app->db = primary;
	metrics_add(status < 500 ? METRIC_REPLICA_READS : METRIC_REPLICA_FAILED);
	if (status < 500)
		return status;
	json_decref(c->view);
	json_decref(c->error_fields);
	json_decref(c->error_extra);
	c->view = c->error_fields = c->error_extra = NULL;
	c->error_code = NULL;
	c->again = 0;
	free(c->done);
	c->done = NULL;
	response_reset(c->resp);
	return routes[id].handler(c);
}

/*
 * Routes the request and runs its handler.  Returns the answer's status;
 * *cached is set when c->resp was filled from the public cache instead,
 * which needs neither a transaction to end nor a view to render.
 */
/* Leaves out of v the member at path (len bytes of it), in each item
 * of an array on the way. */
static void
omit_path(json_t *v, const char *path, size_t len)
{
	const char	*dot = memchr(path, '.', len);
	json_t		*item;
	size_t		 i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			omit_path(item, path, len);
		return;
	}
	if (dot == NULL) {
		json_object_deln(v, path, len);
		return;
	}
	omit_path(json_object_getn(v, path, dot - path), dot + 1,
	    len - (dot - path) - 1);
}

/*
 * The format decision, made here once for every handler: a refused form
 * is its page again on an HTML route and the error on a JSON one; a done
 * change is a 303 to its page for browsers and the view for JSON, which
 * is the route's member of it, less what only the page shows.
 */
static int
route_answer(struct ctx *c, const struct route_def *r, int status)
{
	const char	*p, *file;
	json_t		*v;
	size_t		 n;

	if (!(r->flags & ROUTE_JSON)) {
		if (c->again != 0 && status == c->again)
			c->error_code = NULL;	/* the page says it */
		else if (c->done != NULL && c->error_code == NULL) {
			response_header(c->resp, "Location", c->done);
			return 303;
		}
		return status;
	}
	if (c->error_code != NULL || c->view == NULL)
		return status;
	if (r->flags & ROUTE_FILE) {
		file = kvlist_get(&c->req->query, "format");
		c->req->format = file != NULL && strcmp(file, "csv") == 0 ?
		    FORMAT_CSV : FORMAT_JSON_FILE;
	}
	if (r->json_member != NULL) {
		v = json_incref(json_object_get(c->view, r->json_member));
		json_decref(c->view);
		c->view = v;
	}
	for (p = r->json_omit; p != NULL && *p != '\0'; p += n) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n > 0)
			omit_path(c->view, p, n);
	}
	return status;
}

static int
route_request(struct ctx *c, const struct route_def **route, int *cached)
{
	struct buf	 allow = BUF_INIT;
	unsigned	 methods;
	enum db_status	 st;
	enum csrf_verdict verdict;
	int		 id, status;

	/* A body of a type no route reads (415) is refused after matching:
	 * a one-click unsubscribe takes any body (RFC 8058 section 3.1). */
	if (c->req->error_status != 0 && c->req->error_status != 415)
		return ctx_fail(c, c->req->error_status,
		    c->req->error_message);
	id = router_match(c->app->router, c->req, &methods);
	if (c->req->error_status != 0 && (id < 0 ||
	    !(routes[id].flags & ROUTE_ONE_CLICK)))
		return ctx_fail(c, c->req->error_status,
		    c->req->error_message);
	switch (id) {
	case ROUTER_NOT_FOUND:
		return ctx_fail(c, 404, "There is no page at this address.");
	case ROUTER_ADD_SLASH:
		return redirect_with_slash(c);
	case ROUTER_BAD_METHOD:
		router_allow_header(methods, &allow);
		response_header(c->resp, "Allow", buf_str(&allow));
		buf_free(&allow);
		return ctx_fail(c, 405, "This address does not answer that "
		    "method.");
	default:
		break;
	}
	*route = &routes[id];
	c->req->format = route_format(routes[id].flags);
	c->page_default = routes[id].flags & ROUTE_JSON ? PAGE_DEFAULT :
	    PAGE_DEFAULT_HTML;
	if (routes[id].flags & ROUTE_PUBLIC && (*cached = from_cache(c)))
		return c->resp->status;
	if (routes[id].flags & (ROUTE_ROLE_VIEW | ROUTE_USER_VIEW) &&
	    (status = from_memory(c, id)) != -1)
		return status;
	/* Anonymous reads of public pages need no transaction (and may
	 * come from the read replica: public_read()). */
	if (auth_presented(c->req) || changes_state(c->req->method) ||
	    (routes[id].access != ACCESS_ANYONE &&
	    !(routes[id].flags & ROUTE_PUBLIC))) {
		if ((st = db_begin(c->app->db)) != DB_OK ||
		    (st = auth_load(&c->auth, c->app->db, c->req)) != DB_OK)
			return ctx_db_fail(c, st);
		account_language(c);
		if ((status = remember_language(c)) != 0)
			return status;
	}
	if ((status = check_access(c, &routes[id])) != 0)
		return status;
	if (routes[id].flags & ROUTE_FORM && c->auth.user == NULL)
		form_token(c);
	if (changes_state(c->req->method) &&
	    !(routes[id].flags & ROUTE_ONE_CLICK) && (verdict = auth_csrf_check(
	    &c->auth, c->req, &c->app->site)) != CSRF_OK)
		return ctx_fail(c, 403, csrf_refusals[verdict]);
	if (c->remember && c->view_key.len == 0)
		view_key(c, id);
	/* A status is the handler's whole answer: none is a bug, and must
	 * not pass for one (the transaction still ends). */
	status = db_in_transaction(c->app->db) ||
	    !(routes[id].flags & ROUTE_PUBLIC) ? routes[id].handler(c) :
	    public_read(c, id);
	if (status == 0) {
		char	 which[16];

		/* The route's number, not its path: paths carry tokens. */
		snprintf(which, sizeof(which), "%d", id);
		log_msg(LOG_ERROR, "handler answered no status", "route=%s",
		    which);
		status = ctx_fail(c, 500, "Something went wrong on our side.");
	}
	status = route_answer(c, &routes[id], status);
	remember_view(c, status);
	return status;
}

/* Commits what the request changed, unless it is answering an error. */
static int
finish_transaction(struct ctx *c, int status)
{
	int		 commit = (status < 400 || c->keep_writes) && status < 500;
	enum db_status	 st;

	if (!db_in_transaction(c->app->db))
		return status;
	if ((st = db_end(c->app->db, commit)) == DB_OK || !commit) {
		/*
		 * Before answering: siblings must not serve what changed.
		 * A commit that touched a watched table has heard its own
		 * NOTIFY by now (delivered before the COMMIT's reply), so
		 * a failed sign-in, say, leaves every copy in place.
		 */
		if (st == DB_OK && commit && (changes_state(c->req->method) ||
		    c->wrote) && db_changed(c->app->db) != 0)
			changes_bump();
		return status;
	}
	json_decref(c->view);
	c->view = NULL;
	response_reset(c->resp);
	return ctx_db_fail(c, st);
}

int
routes_dispatch(struct app *app, struct request *req, struct response *resp)
{
	const struct route_def *route = NULL;
	struct ctx	 c;
	int		 status, cached = 0;

	memset(&c, 0, sizeof(c));
	c.app = app;
	c.req = req;
	c.resp = resp;
	resp->omit_body = req->method == HTTP_HEAD;
	choose_language(&c);
	status = route_request(&c, &route, &cached);
	if (cached)
		goto done;
	status = finish_transaction(&c, status);
	resp->status = status;
	if (c.error_code != NULL)
		render_error(&c, status);
	else if (status >= 300 && status < 400)
		;	/* a redirect: headers only */
	else
		render_view(&c, status, route != NULL ?
		    app->route_template[route - routes] : -1);
	keep_in_cache(&c);
done:
	language_cookie(&c);
	allow_micro_cache(&c, route);
	buf_free(&c.public_key);
	buf_free(&c.view_key);
	auth_free(&c.auth);
	json_decref(c.location);
	json_decref(c.view);
	json_decref(c.error_fields);
	json_decref(c.error_extra);
	free(c.done);
	return route != NULL ? (int)(route - routes) : -1;
}
