/*
 * handler: what every request handler sees, and its one way to answer.
 *
 * A handler reads typed input from c->req, builds one JSON view in c->view
 * and returns an HTTP status.  It never writes to the client: the
 * dispatcher renders the view through the route's template (HTML pages)
 * or as JSON (/api/v1 and the health routes), so the two never drift
 * apart.  On failure a handler returns ctx_fail() and friends, which
 * record the error that the dispatcher answers with in the client's
 * format ({"error": {...}} or an HTML page).
 */
#ifndef PORTAL_HANDLER_H
#define PORTAL_HANDLER_H

#include <jansson.h>

#include "../auth/auth.h"
#include "../db/db.h"
#include "../db/identity.h"
#include "../db/replica.h"
#include "../http/cache.h"
#include "../http/request.h"
#include "../http/response.h"
#include "../http/router.h"
#include "../views/i18n.h"
#include "../views/template.h"

/* What a worker keeps from start to exit; shared by all its requests. */
struct app {
	struct db		*db;
	struct replica		*replica;	/* PORTAL_REPLICA_URL, or NULL
						 * (db/replica.h) */
	struct tmpl_set		*templates;	/* parsed before fork */
	struct router		*router;
	struct cache		*cache;		/* public pages' answers */
	struct memo		*sessions;	/* auth_recall() */
	struct memo		*views;		/* working-group views */
	struct memo		*pages;		/* their pages' kept content
						 * (views/render.h) */
	unsigned long		 seen_changes;	/* util/changes.h */
	long long		 memory_since;	/* clock_ms() of the last time
						 * everything was dropped */
	json_t			*globals;	/* site-wide template data */
	json_t			*page[I18N_MAX];	/* per language: "page":
						 * {lang, dir, languages}, the
						 * layout's switcher */
	json_t			*languages;	/* language_catalogues() */
	const char		*site_url;	/* for links in emails */
	struct auth_site	 site;		/* origin, https, form key */
	int			 api_token_days;	/* API tokens' lifetime */
	int			 route_template[ROUTER_MAX_ROUTES];	/* by enum route */
	unsigned char		 route_keeps_page[ROUTER_MAX_ROUTES];	/* a kept view's page
						 * content may be kept too */
	int			 error_template;
};

struct ctx {
	struct app	*app;		/* borrowed */
	struct request	*req;		/* borrowed */
	struct response	*resp;		/* borrowed */
	struct auth	 auth;		/* who is asking */
	int		 lang;		/* the answer's language (views/i18n.h) */
	int		 lang_asked;	/* ?lang= chose it: remember it */
	int		 wrote;		/* a GET changed the account (its
					 * language): copies must go */
	json_t		*location;	/* owned: {id, slug, name, region} of
					 * the route's {slug}, for location
					 * routes */
	const char	*role;		/* the asker's role there, or NULL */
	char		 form_token[FORM_TOKEN_TEXT]; /* anonymous forms' CSRF */
	int		 keep_writes;	/* commit despite answering an error */
	json_t		*view;		/* owned: the handler's answer */
	const char	*error_code;	/* set by ctx_fail(): answer an error */
	char		 error_message[256];
	json_t		*error_fields;	/* owned; {"field": "message"} */
	json_t		*error_extra;	/* owned; more members of "error" */
	struct buf	 public_key;	/* set when the page may be kept */
	struct buf	 view_key;	/* set when the view may be kept */
	long long	 view_tag;	/* the location the kept view reads
					 * (its id), 0 when it reads every
					 * location (worker_memory.h) */
	int		 remember;	/* keep who asked and the view */
	int		 keep_page;	/* and its page's content */
	int		 again;		/* ctx_refused(): the error's status,
					 * whose page c->view is (dispatch.c
					 * shows it on HTML routes) */
	char		*done;		/* owned: ctx_done()'s location */
	long long	 page_default;	/* ctx_page()'s limit: the route's */
};

typedef int (*handler_fn)(struct ctx *);

/* Records an error answer; returns status.  The code follows docs/api.md
 * from the status ("not_found", "validation_failed", ...). */
int	ctx_fail(struct ctx *, int status, const char *message);
/* Records a message for one field; answer with ctx_fail() afterwards. */
void	ctx_field(struct ctx *, const char *field, const char *message);
/* Answers a database failure: 503 with Retry-After, or 500. */
int	ctx_db_fail(struct ctx *, enum db_status);
/* Records "is required" for a missing value, else check's message (the
 * validators of validate.h and password_rule()), if any. */
void	ctx_require(struct ctx *, const char *field, const char *value,
	    const char *(*check)(const char *));
/*
 * Refuses a form: records the error (status, message) that JSON clients
 * get, and makes view (stolen) what the route's HTML page shows instead
 * with that status (dispatch.c decides which, by the route).  Returns
 * status.  ctx_invalid, ctx_busy and ctx_conflict are its cases.
 */
int	ctx_refused(struct ctx *, int status, const char *message,
	    json_t *view);
/*
 * Answers a form whose fields failed validation (ctx_field() first): 422
 * in the error shape; an HTML form is shown again with the person's input
 * (form, owned by the call) and a message by each field, in the view
 * under "form" and "errors".  The handler may then add its page around
 * them (ctx_view_merge()).
 */
int	ctx_invalid(struct ctx *, json_t *form);
/*
 * Answers a password that could not be hashed or checked because the
 * host's hashing gate is full (auth/password.h PASSWORD_BUSY): 429 with
 * Retry-After; the form is shown again (form, owned by the call) with the
 * message by its password field.
 */
int	ctx_busy(struct ctx *, const char *field, json_t *form);
/*
 * Answers a successful change: JSON clients get status with c->view; a
 * browser is sent on to location with 303 See Other (dispatch.c).
 */
int	ctx_done(struct ctx *, int status, const char *location);
/* Makes view (stolen) the answer, keeping what c->view already held: a
 * failed form's input and messages, shown again on the page. */
void	ctx_view_merge(struct ctx *, json_t *view);
/* Reads a text field from the form or JSON body; NULL when absent or not
 * a string.  Borrowed from the request. */
const char *ctx_input(const struct ctx *, const char *name);
/*
 * Reads a field that may be a number: a JSON integer is written into buf
 * as text, JSON null reads as "" (clear it), other JSON values as text
 * that no check accepts; form fields as ctx_input().
 */
const char *ctx_input_scalar(const struct ctx *, const char *name,
	    char buf[24]);
/*
 * Reads a list field: a JSON array of strings, or every value a form gave
 * for name, split at line ends when lines is set (a textarea, one item a
 * line); empty items are left out.  Returns a new array, or NULL when the
 * field is absent; *bad is set when it is present but not a list of text.
 */
json_t	*ctx_input_list(const struct ctx *, const char *name, int lines,
	    int *bad);
/*
 * Answers an edit made on a stale version (409): JSON clients get the
 * error with the current values (owned by the call) under "current"; the
 * HTML page's view holds "current", "conflict" (the message) and
 * "errors", for the caller's form page to show beside the person's input.
 */
int	ctx_conflict(struct ctx *, const char *message, json_t *current);
/* Adds a cookie (RFC 6265 section 4.1): HttpOnly, SameSite=Lax, Path=/,
 * Secure when the site is https; max_age 0 deletes it. */
void	ctx_cookie(struct ctx *, const char *name, const char *value,
	    long max_age);
/* The client's address for rate limits, or NULL. */
const char *ctx_client(const struct ctx *);
/* Records an action in the audit trail; detail is stolen (may be NULL). */
enum db_status ctx_audit(struct ctx *, const char *action, json_t *detail);
/*
 * Queues an email in the outbox, in the request's transaction, so it is
 * sent if and only if the change that caused it is committed.  It is
 * written in lang, the recipient's language (views/i18n.h): subject
 * (marked N_() at the call) and fmt are looked up in its catalogue; the
 * caller gives arguments already in that language.
 */
enum db_status ctx_mail(struct ctx *, const char *kind, const char *to,
	    int lang, const char *subject, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));
/* msgid in the request's language (i18n_text()); ctx_plural the form
 * of one/many for n.  Static, or the msgid. */
const char *ctx_text(const struct ctx *, const char *msgid)
	    __attribute__((format_arg(2)));
const char *ctx_plural(const struct ctx *, const char *one,
	    const char *many, unsigned long n)
	    __attribute__((format_arg(2), format_arg(3)));
/* An id as a query parameter, written into out. */
const char *ctx_id_text(long long id, char out[24]);
/* The route location's id as a query parameter, written into out. */
/* The route's location's id (0 when none). */
long long ctx_location_id(const struct ctx *);
const char *ctx_location_key(const struct ctx *, char out[24]);
/*
 * Paging as docs/api.md fixes it: reads ?limit= (1-100, default 50; 25
 * on HTML pages, which people read rather than scripts: the route sets
 * c->page_default) and
 * ?cursor=, checked by valid_cursor (NULL when absent).  Returns 0, or -1
 * with the fields recorded for a 400.
 */
#define PAGE_DEFAULT	50
#define PAGE_DEFAULT_HTML	25
#define PAGE_MAX	100
int	ctx_page(struct ctx *, long long *limit, const char **cursor,
	    const char *(*valid_cursor)(const char *));
/* Answers a page: items holds up to limit + 1 rows (stolen); the extra
 * row's presence makes "next" the key of the last one kept, as text. */
int	ctx_page_view(struct ctx *, json_t *items, long long limit,
	    const char *key);
/*
 * Paging for lists sorted on more than the id: each row carries its
 * "sort_key" (text), and a page's "next" is "<sort key>~<id>" of its last
 * row.  ctx_keyset_page() reads ?limit= as ctx_page() does and splits
 * ?cursor= into the key and id to continue after (0, or -1 with the field
 * recorded).  valid_key checks the key as the list's statement will cast
 * it (NULL: any text), so a cursor the list never gave out is a 400, not
 * a failed statement.  ctx_keyset_view() answers a page as ctx_page_view()
 * does, dropping the sort keys (0, or a status).
 */
#define CURSOR_KEY_MAX	1024	/* a 200-character title in UTF-8, lowered */
struct keyset {
	long long	 limit;
	int		 has_cursor;
	char		 key[CURSOR_KEY_MAX];
	char		 id[24];
};
int	ctx_keyset_page(struct ctx *, struct keyset *,
	    const char *(*valid_key)(const char *));
int	ctx_keyset_view(struct ctx *, json_t *items, long long limit);
/* A keyset list's first step, for lists with a fixed size (feeds) or
 * ?limit=: page read as ctx_keyset_page() does with valid_key,
 * *after_key and *after_id its cursor (NULL on the first page, borrowed
 * from page), *limit the page's size (max when not 0).  0, or 400
 * answered. */
int	ctx_keyset_start(struct ctx *, struct keyset *page, long long max,
	    const char *(*valid_key)(const char *), const char **after_key,
	    const char **after_id, long long *limit);
/* Its last step: the list's query ended st with rows (stolen); answers
 * the page as ctx_keyset_view() does with each item passed to each.  0,
 * or a status answered. */
int	ctx_keyset_answer(struct ctx *, enum db_status st, json_t *rows,
	    long long limit, void (*each)(const struct ctx *, json_t *));
/* {"slug", "name"} of the route's location, for views; new object. */
json_t	*ctx_location_public(const struct ctx *);
/* A query filter that must be one of keys (NULL-terminated): NULL when
 * absent or empty, else the value, with the field recorded when it is not
 * one of them.  Borrowed from the request. */
const char *ctx_query_enum(struct ctx *, const char *name,
	    const char *const *keys);
/* A route's numeric id parameter ("user_id"), or 0 when not a valid id. */
long long ctx_param_id(const struct ctx *, const char *name);
/* A typed query of one row of a location by id (db_event_get()). */
typedef enum db_status (*ctx_row_fn)(struct db *, long long location_id,
	    long long id, json_t **row);
/* The route location's row {id} through get into *row (new): 0, or a
 * status answered (404 with missing when there is none). */
int	ctx_load_row(struct ctx *, ctx_row_fn get, const char *missing,
	    json_t **row);

/* health.c */
int	health_live(struct ctx *);
int	health_ready(struct ctx *);
/* location.c */
int	location_list(struct ctx *);
int	location_show(struct ctx *);
/* newcomer.c: adds to the location page's view (c->view) the working
 * group's sectors present and missing, the next events and the services'
 * languages of location slug.  0, or a status recorded. */
int	location_newcomer(struct ctx *, const char *slug);
/* session.c */
/* Signs user_id in on this response: a new session and its cookie, and
 * c->auth reloaded.  Returns 0, or an error status already recorded. */
int	session_begin(struct ctx *, long long user_id);
/* The signed-in person and the CSRF token their requests must carry. */
json_t	*session_view(const struct ctx *);
int	session_form(struct ctx *);
int	session_create(struct ctx *);
int	session_delete(struct ctx *);
int	session_me(struct ctx *);
/* language.c */
/* The language with exactly this code (any case), or -1. */
int	language_code(const char *);
/* The catalogues and their state, for GET /api/v1/languages and the
 * /languages page: built once at start-up from the compiled catalogues in
 * localedir; new reference. */
json_t	*language_catalogues(const char *localedir);
int	language_list(struct ctx *);
int	language_set(struct ctx *);
/*
 * Content's own language (what a person wrote is in): language_input
 * reads the "language" field, checked (a message by the field when it is
 * not a code), into values; the code, or NULL when absent or bad.
 * language_save writes values' language as the initiative's or request's
 * id (db/identity.h) when there is one.  language_options: the choices for
 * a form's select, selected (or the page's language) marked.
 */
const char *language_input(struct ctx *, json_t *values);
enum db_status language_save(struct ctx *, enum db_content, long long id,
	    json_t *values);
json_t	*language_options(const struct ctx *, const char *selected);
/* account.c */
int	account_register_form(struct ctx *);
int	account_register(struct ctx *);
int	account_show(struct ctx *);
int	account_password(struct ctx *);
int	token_list(struct ctx *);
int	token_create(struct ctx *);
int	token_revoke(struct ctx *);
/* workgroup.c */
int	workgroup_home(struct ctx *);
int	workgroup_members(struct ctx *);
int	member_update(struct ctx *);
int	member_remove(struct ctx *);
/* audit.c */
int	audit_list(struct ctx *);
int	audit_all(struct ctx *);
int	audit_chain(struct ctx *);
/* meeting.c */
int	meeting_list(struct ctx *);
int	meeting_rule_put(struct ctx *);
int	meeting_new_form(struct ctx *);
int	meeting_create(struct ctx *);
int	meeting_show(struct ctx *);
int	meeting_invite(struct ctx *);
int	meeting_item_add(struct ctx *);
int	meeting_attendance(struct ctx *);
/* meeting_decision.c */
int	meeting_decide(struct ctx *);
/* a meeting's record (minutes.c) and the group's actions (action.c) */
int	minutes_put(struct ctx *);
int	minutes_correct(struct ctx *);
int	minutes_approve(struct ctx *);
int	summary_publish(struct ctx *);
int	summary_list(struct ctx *);
int	summary_show(struct ctx *);
int	action_list(struct ctx *);
int	action_create(struct ctx *);
int	action_update(struct ctx *);
/* recovery.c */
int	recovery_form(struct ctx *);
int	recovery_request(struct ctx *);
int	recovery_reset_form(struct ctx *);
int	recovery_reset(struct ctx *);
/* invitation.c */
int	invitation_list(struct ctx *);
int	invitation_create(struct ctx *);
int	invitation_show(struct ctx *);
int	invitation_accept(struct ctx *);
/* initiative.c */
int	initiative_list(struct ctx *);
int	initiative_list_public(struct ctx *);
int	initiative_show(struct ctx *);
int	initiative_new_form(struct ctx *);
int	initiative_create(struct ctx *);
int	initiative_edit_form(struct ctx *);
int	initiative_edit(struct ctx *);
/* progress.c */
int	update_list(struct ctx *);
int	update_create(struct ctx *);
/* invitation.c: invites to c->location in role (for a form, the role
 * typed; national staff invite a new location's coordinators) */
int	invitation_invite(struct ctx *, const char *role);
/* setup.c: INZ sets up working groups */
int	setup_locations(struct ctx *);
int	setup_location_create(struct ctx *);
int	setup_location_archive(struct ctx *);
int	setup_location_invite(struct ctx *);
int	setup_round_pause(struct ctx *);
/* figures.c: an update's figures confirmed and corrected */
int	update_show(struct ctx *);
int	update_confirm(struct ctx *);
int	update_correct(struct ctx *);
/* indicator.c: the national indicators and a location's own */
int	indicator_list(struct ctx *);
int	indicator_create(struct ctx *);
/* export.c */
int	location_export(struct ctx *);
/* round.c */
int	round_list(struct ctx *);
int	round_show(struct ctx *);
int	round_new_form(struct ctx *);
int	round_create(struct ctx *);
int	round_edit_form(struct ctx *);
int	round_edit(struct ctx *);
/* funding_request.c */
int	request_show(struct ctx *);
int	request_new_form(struct ctx *);
int	request_create(struct ctx *);
int	request_edit_form(struct ctx *);
int	request_edit(struct ctx *);
/* funding_list.c */
int	request_queue(struct ctx *);
int	request_mine(struct ctx *);
/* transition.c */
int	request_transition(struct ctx *);
/* review.c */
int	review_list(struct ctx *);
int	review_mine(struct ctx *);
int	review_put(struct ctx *);
/* national.c */
int	national_home(struct ctx *);
/* overlap.c, stocktake.c */
int	overlap_list(struct ctx *);
int	adoption_create(struct ctx *);
/* Adds to an initiative's view where it was adopted from ("adopted_from",
 * null when it was not), how many locations adopted it ("adoptions"),
 * and for a signed-in person's HTML page the locations they may adopt it
 * for ("adopt_to").  0 or an error status already recorded. */
int	adoption_decorate(struct ctx *, json_t *ini);
int	stocktake_list(struct ctx *);
int	stocktake_create(struct ctx *);
int	stocktake_show(struct ctx *);
int	stocktake_close(struct ctx *);
int	stocktake_snapshot_show(struct ctx *);
int	stocktake_location_list(struct ctx *);
int	stocktake_location_show(struct ctx *);
int	stocktake_complete(struct ctx *);
/* questionnaire.c, questionnaire_answer.c: structured stocktakes */
int	questionnaire_list(struct ctx *);
int	questionnaire_create(struct ctx *);
int	questionnaire_show(struct ctx *);
int	questionnaire_save(struct ctx *);
int	stocktake_answers_save(struct ctx *);
int	stocktake_answers_export(struct ctx *);

/* directory.c, directory_form.c, directory_import.c: the service
 * directory */
int	service_list(struct ctx *);
int	service_csv(struct ctx *);
int	service_show(struct ctx *);
int	service_new_form(struct ctx *);
int	service_create(struct ctx *);
int	service_edit_form(struct ctx *);
int	service_edit(struct ctx *);
int	service_delete(struct ctx *);
int	service_import_form(struct ctx *);
int	service_import(struct ctx *);
/* events.c: the events calendar and its iCalendar feeds */
/* Adds to an event what pages read: "language_names", "cancelled", and
 * its New Zealand day and times apart ("starts_date", "starts_time",
 * "ends_time"). */
void	event_decorate(const struct ctx *, json_t *event);
int	event_list(struct ctx *);
int	event_feed(struct ctx *);
int	event_show(struct ctx *);
int	event_ics(struct ctx *);
int	event_new_form(struct ctx *);
int	event_create(struct ctx *);
int	event_edit_form(struct ctx *);
int	event_edit(struct ctx *);

/* stories.c: a location's stories, their feed, consent withdrawn */
void	story_decorate(const struct ctx *, json_t *story);
int	story_list(struct ctx *);
int	story_feed(struct ctx *);
int	story_show(struct ctx *);
int	story_new_form(struct ctx *);
int	story_create(struct ctx *);
int	story_edit_form(struct ctx *);
int	story_edit(struct ctx *);
int	story_consent_withdraw(struct ctx *);
/* newsletter.c, newsletter_compose.c: each location's newsletter */
/* The interface languages as choices, chosen selected; new array. */
json_t	*newsletter_languages(const struct ctx *, const char *chosen);
/* Is code exactly one of the interface languages' codes? */
int	newsletter_language_ok(const char *code);
/* Adds the latest issues of location slug to c->view as
 * "newsletter_issues" (the location page's archive).  0 or a status. */
int	newsletter_location_archive(struct ctx *, const char *slug);
int	newsletter_page(struct ctx *);
int	newsletter_subscribe(struct ctx *);
int	newsletter_confirm_form(struct ctx *);
int	newsletter_confirm(struct ctx *);
int	newsletter_unsubscribe_form(struct ctx *);
int	newsletter_unsubscribe(struct ctx *);
int	newsletter_issue_list(struct ctx *);
int	newsletter_issue_show(struct ctx *);
int	newsletter_compose_form(struct ctx *);
int	newsletter_send(struct ctx *);
/* partners.c: directory organisations as initiative partners */
/* Adds "partner_organisations" to c->view's "initiative" (and, for its
 * writers, "partner_options" to c->view).  0 or a status. */
int	partner_attach_initiative(struct ctx *);
/* Adds "partner_in" (the initiatives it partners in) to entry s. */
int	partner_attach_service(struct ctx *, json_t *s);
int	partner_set(struct ctx *);

/* national_export.c */
int	national_export(struct ctx *);
int	national_exports_page(struct ctx *);


#endif
