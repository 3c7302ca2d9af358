/*
 * assist: help to apply (see assist.h) — the contact point a working group
 * keeps for people who need help, requests made on someone's behalf, the
 * claim codes that hand them over, and the page about the framework.
 *
 * A claim code is what a helper reads out or writes down for a person
 * with no email: ten characters of an alphabet without look-alikes
 * (0/O, 1/I/L... are left out) in two groups of five, 50 bits from
 * libsodium.  Only its BLAKE2b hash is kept, a redeemed code is gone, and
 * each account may get ten codes wrong an hour: at that rate guessing
 * one of even a thousand live codes takes longer than anyone lives.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "../../auth/token.h"
#include "../../db/assist.h"
#include "../../db/location.h"
#include "../../domain/spoken.h"
#include "../../http/validate.h"
#include "../../views/i18n.h"
#include "assist.h"
#include "../fields.h"

#define CLAIM_ALPHABET	"23456789ABCDEFGHJKMNPQRSTUVWXYZ"	/* no 0 1 I L O */
#define CLAIM_CHARS	10
#define CLAIM_GROUP	5
#define CLAIM_FAILURES	10	/* wrong codes an account may try an hour */

#define PERSON_NAME_MAX	100
#define PHONE_MAX	40
#define EMAIL_MAX	254
#define HOURS_MAX	200
#define LANGUAGES_MAX	20

static const char phone_chars[] = "0123456789 +()-.";

/* ------------------------------------------------------ reading fields */

/*
 * One text field of a JSON sub-object (on_behalf_of.name) or of the form
 * (form_name): checked for one line of at most max code points (min 1:
 * required), stored clean under key in values, with a message under
 * field when bad.  Absent reads as "".
 */
static void
read_text(struct ctx *c, json_t *values, const char *obj, const char *key,
    const char *form_name, const char *field, size_t min, size_t max)
{
	const char	*v, *msg;
	char		*clean = NULL;
	json_t		*given = NULL;

	if (c->req->json != NULL) {
		given = obj != NULL ? json_object_get(json_object_get(
		    c->req->json, obj), key) : json_object_get(c->req->json,
		    key);
		v = json_string_value(given);
		if (given != NULL && !json_is_null(given) && v == NULL) {
			ctx_field(c, field, N_("must be text"));
			return;
		}
	} else
		v = kvlist_get(&c->req->form, form_name);
	if (v == NULL)
		v = "";
	if (v[strspn(v, " \t")] == '\0') {
		if (min > 0)
			ctx_field(c, field, N_("is required"));
		json_object_set_new(values, form_name, json_string(""));
		return;
	}
	if ((msg = valid_text(v, min, max, 0, &clean)) != NULL) {
		ctx_field(c, field, msg);
		json_object_set_new(values, form_name, json_string(v));
		return;
	}
	json_object_set_new(values, form_name, json_string(clean));
	free(clean);
}

static const char *
value(json_t *values, const char *name)
{
	const char	*v = json_string_value(json_object_get(values, name));

	return v != NULL ? v : "";
}

static void
check_phone(struct ctx *c, json_t *values, const char *name,
    const char *field)
{
	const char	*v = value(values, name);

	if (v[strspn(v, phone_chars)] != '\0')
		ctx_field(c, field, N_("may have only digits, spaces and "
		    "+ ( ) - ."));
}

static void
check_email(struct ctx *c, json_t *values, const char *name,
    const char *field)
{
	const char	*v = value(values, name);

	if (v[0] != '\0' && valid_email(v) != NULL)
		ctx_field(c, field, N_("must be an email address such as "
		    "name@example.org"));
}

static void
check_language(struct ctx *c, json_t *values, const char *name,
    const char *field)
{
	const char	*v = value(values, name);

	if (v[0] != '\0' && spoken_find(v) == NULL)
		ctx_field(c, field, N_("must be one of the language codes the "
		    "portal knows, such as ar, fa-AF, my or so"));
}

/* ---------------------------------------------------- assisted requests */

int
assist_wanted(const struct ctx *c)
{
	const struct request *r = c->req;

	if (r->json != NULL)
		return json_object_get(r->json, "on_behalf_of") != NULL ||
		    json_object_get(r->json, "consent") != NULL;
	return r->nsegments > 0 &&
	    strcmp(r->segments[r->nsegments - 1], "assist") == 0;
}

int
assist_allowed(struct ctx *c)
{
	if ((c->role != NULL && (strcmp(c->role, "member") == 0 ||
	    strcmp(c->role, "coordinator") == 0)) ||
	    (c->role == NULL && auth_national_role(&c->auth) != NULL))
		return 0;
	return ctx_fail(c, 403, N_("Only the working group's members and "
	    "coordinators, or INZ staff, can apply on someone's behalf."));
}

static const char *const consent_methods[] = { "in_person", "phone",
	"interpreter", NULL };

/* The JSON body's objects must be objects (the form has no such
 * shape); their fields are read, and found missing, either way. */
static void
objects_ok(struct ctx *c)
{
	json_t	*obo, *consent;

	if (c->req->json == NULL)
		return;
	obo = json_object_get(c->req->json, "on_behalf_of");
	consent = json_object_get(c->req->json, "consent");
	if (!json_is_object(obo))
		ctx_field(c, "on_behalf_of", N_("is required: an object with "
		    "the person's name, language, and phone or email if they "
		    "have them"));
	if (!json_is_object(consent))
		ctx_field(c, "consent", N_("is required: an object saying who "
		    "gave consent (given_by) and how (method: in_person, "
		    "phone or interpreter)"));
}

static void
read_consent(struct ctx *c, json_t *v)
{
	const char	*method;
	int		 index;

	read_text(c, v, "consent", "given_by", "consent_given_by",
	    "consent.given_by", 1, PERSON_NAME_MAX);
	read_text(c, v, "consent", "method", "consent_method",
	    "consent.method", 1, 20);
	read_text(c, v, "consent", "interpreter_language",
	    "interpreter_language", "consent.interpreter_language", 0, 16);
	method = value(v, "consent_method");
	if (method[0] != '\0' && valid_enum(method, consent_methods, &index))
		ctx_field(c, "consent.method", N_("must be in_person, phone or "
		    "interpreter"));
	if (strcmp(method, "interpreter") == 0 &&
	    value(v, "interpreter_language")[0] == '\0')
		ctx_field(c, "consent.interpreter_language", N_("is required "
		    "when consent was given through an interpreter"));
	else if (strcmp(method, "interpreter") != 0)
		json_object_set_new(v, "interpreter_language", json_string(""));
	check_language(c, v, "interpreter_language",
	    "consent.interpreter_language");
	/* The form asks the helper to confirm; an API call is that. */
	if (c->req->json == NULL && kvlist_get(&c->req->form,
	    "consent_confirmed") == NULL)
		ctx_field(c, "consent.confirmed", N_("confirm that the person "
		    "agreed to this"));
}

void
assist_read(struct ctx *c, struct assist *a, json_t *form)
{
	static const char *const copied[][2] = { { "obo_name", "contact_name" },
	    { "obo_email", "contact_email" }, { "obo_phone", "contact_phone" } };
	json_t		*v = json_object();
	const char	*key;
	json_t		*x;
	size_t		 i;

	memset(a, 0, sizeof(*a));
	a->values = v;
	objects_ok(c);
	read_text(c, v, "on_behalf_of", "name", "obo_name",
	    "on_behalf_of.name", 1, PERSON_NAME_MAX);
	read_text(c, v, "on_behalf_of", "phone", "obo_phone",
	    "on_behalf_of.phone", 0, PHONE_MAX);
	read_text(c, v, "on_behalf_of", "email", "obo_email",
	    "on_behalf_of.email", 0, EMAIL_MAX);
	read_text(c, v, "on_behalf_of", "language", "obo_language",
	    "on_behalf_of.language", 1, 16);
	check_phone(c, v, "obo_phone", "on_behalf_of.phone");
	check_email(c, v, "obo_email", "on_behalf_of.email");
	check_language(c, v, "obo_language", "on_behalf_of.language");
	read_consent(c, v);
	json_object_foreach(v, key, x)
		json_object_set(form, key, x);
	/* Whoever the working group is to reach: the person, unless the
	 * helper gave other contact details. */
	for (i = 0; i < 3; i++)
		if (value(form, copied[i][1])[0] == '\0')
			json_object_set_new(form, copied[i][1],
			    json_string(value(v, copied[i][0])));
}

void
assist_free(struct assist *a)
{
	json_decref(a->values);
	a->values = NULL;
	sodium_memzero(a->code, sizeof(a->code));
}

static void
claim_code_new(char out[CLAIM_CODE_TEXT])
{
	size_t	 i, j = 0;

	for (i = 0; i < CLAIM_CHARS; i++) {
		if (i == CLAIM_GROUP)
			out[j++] = '-';
		out[j++] = CLAIM_ALPHABET[randombytes_uniform(
		    sizeof(CLAIM_ALPHABET) - 1)];
	}
	out[j] = '\0';
}

/*
 * The code as kept: upper case, without the spaces and hyphens people
 * write it with.  Returns 0, or -1 when it cannot be a code.
 */
static int
claim_code_norm(const char *in, char out[CLAIM_CHARS + 1])
{
	size_t	 n = 0;
	int	 ch;

	for (; *in != '\0'; in++) {
		if (*in == ' ' || *in == '-')
			continue;
		ch = toupper((unsigned char)*in);
		if (n == CLAIM_CHARS || ch == '\0' ||
		    strchr(CLAIM_ALPHABET, ch) == NULL)
			return -1;
		out[n++] = (char)ch;
	}
	out[n] = '\0';
	return n == CLAIM_CHARS ? 0 : -1;
}

enum db_status
assist_save(struct ctx *c, long long id, struct assist *a)
{
	char		 norm[CLAIM_CHARS + 1], hash[TOKEN_HASH_HEX];
	const char	*interp = value(a->values, "interpreter_language");
	json_t		*row = NULL;
	enum db_status	 st;
	struct db_assist_new kept = {
		.location_id = ctx_location_id(c), .request_id = id,
		.helper_id = c->auth.user_id,
		.name = value(a->values, "obo_name"),
		.phone = value(a->values, "obo_phone"),
		.email = value(a->values, "obo_email"),
		.language = value(a->values, "obo_language"),
		.given_by = value(a->values, "consent_given_by"),
		.method = value(a->values, "consent_method"),
		.interpreter_language = interp[0] != '\0' ? interp : NULL,
		.claim_hash = hash,
	};

	claim_code_new(a->code);
	(void)claim_code_norm(a->code, norm);
	token_hash_hex(norm, hash);
	sodium_memzero(norm, sizeof(norm));
	st = db_assist_add(c->app->db, &kept, &row);
	json_decref(row);
	return st;
}

int
assist_saved(struct ctx *c, long long id, const struct assist *a)
{
	char	 url[160];
	json_t	*req;
	int	 status;

	if ((status = request_saved_view(c, id)) != 0)
		return status;
	/* Shown once: the page with the code is the answer, not a redirect
	 * a reload could not show again.  The API answers the request with
	 * its code (routes.c json_member). */
	request_url(c, id, url, sizeof(url));
	req = json_incref(json_object_get(c->view, "request"));
	json_object_set_new(req, "claim_code", json_string(a->code));
	json_decref(c->view);
	c->view = json_pack("{s:o, s:o, s:s, s:s, s:s, s:I}", "request", req,
	    "location", ctx_location_public(c), "claim_code", a->code,
	    "person", value(a->values, "obo_name"), "request_url", url,
	    "request_id", (json_int_t)id);
	return 201;
}

/* The assisted form's fields: { element id, where its messages go }. */
static const char *const assist_fields[][2] = {
	{ "obo_name", "on_behalf_of.name" },
	{ "obo_phone", "on_behalf_of.phone" },
	{ "obo_email", "on_behalf_of.email" },
	{ "obo_language", "on_behalf_of.language" },
	{ "consent_given_by", "consent.given_by" },
	{ "consent_method", "consent.method" },
	{ "interpreter_language", "consent.interpreter_language" },
	{ "consent_confirmed", "consent.confirmed" },
	{ NULL, NULL } };

void
assist_form(struct ctx *c, json_t *form)
{
	static const char *const texts[] = { "obo_name", "obo_phone",
	    "obo_email", "obo_language", "consent_given_by", "consent_method",
	    "interpreter_language", NULL };
	json_t	*methods;
	size_t	 i;

	if (!assist_wanted(c))
		return;
	for (i = 0; texts[i] != NULL; i++)
		if (json_object_get(form, texts[i]) == NULL)
			json_object_set_new(form, texts[i], json_string(""));
	json_object_set_new(form, "obo_language_options", spoken_options(
	    json_object_get(form, "obo_language"), c->lang));
	json_object_set_new(form, "interpreter_language_options",
	    spoken_options(json_object_get(form, "interpreter_language"),
	    c->lang));
	methods = json_object();
	for (i = 0; consent_methods[i] != NULL; i++)
		json_object_set_new(methods, consent_methods[i], json_boolean(
		    strcmp(value(form, "consent_method"),
		    consent_methods[i]) == 0));
	json_object_set_new(form, "method_is", methods);
	json_object_set_new(form, "assist_field", field_states(c,
	    assist_fields));
	json_object_set_new(form, "assisted", json_true());
}

int
assist_acting(struct ctx *c)
{
	int	 acting;

	return db_assist_acting(c->app->db, ctx_location_id(c),
	    ctx_param_id(c, "id"), c->auth.user_id, &acting) == DB_OK &&
	    acting;
}

static enum db_status
assist_get(struct ctx *c, json_t *req, json_t **row)
{
	return db_assist_get(c->app->db, ctx_location_id(c),
	    json_integer_value(json_object_get(req, "id")), row);
}

int
assist_known(struct ctx *c, json_t *req)
{
	json_t	*row = NULL;
	int	 known = assist_get(c, req, &row) == DB_OK && row != NULL;

	json_decref(row);
	return known;
}

enum db_status
assist_view(struct ctx *c, json_t *req, const struct standing *s)
{
	json_t		*row = NULL, *obo, *consent, *codes;
	const char	*method;
	enum db_status	 st;

	/* Row-level security gives reviewers no row; the check below is the
	 * application's own lock on the person's contact details. */
	if ((st = assist_get(c, req, &row)) != DB_OK || row == NULL)
		return st;
	obo = json_object_get(row, "on_behalf_of");
	if (!s->applicant && !s->coordinator && !s->national) {
		json_object_del(obo, "phone");
		json_object_del(obo, "email");
	}
	codes = json_pack("[O]", json_object_get(obo, "language"));
	json_object_set_new(obo, "language_names", spoken_named(codes,
	    c->lang));
	json_decref(codes);
	json_object_set(req, "on_behalf_of", obo);
	consent = json_object_get(row, "consent");
	method = value(consent, "method");
	/* For the page's radio buttons (left out of JSON: json_omit). */
	json_object_set_new(consent, "method_is", json_pack("{s:b}", method,
	    1));
	json_object_set(req, "consent", consent);
	json_object_set(req, "helper_name", json_object_get(row,
	    "helper_name"));
	json_object_set(req, "claimed", json_object_get(row, "claimed"));
	json_object_set(req, "claimed_at", json_object_get(row, "claimed_at"));
	json_decref(row);
	return DB_OK;
}

void
assist_events(json_t *events)
{
	json_t	*e;
	size_t	 i;

	json_array_foreach(events, i, e)
		if (strcmp(value(e, "action"), "claimed") == 0)
			json_object_set_new(e, "claimed", json_true());
}

/* ------------------------------------------------------ contact points */

/* Location slug's contact point with its languages named, in *row
 * (NULL when it has none). */
static enum db_status
contact_get(struct ctx *c, const char *slug, json_t **row)
{
	enum db_status	 st;

	*row = NULL;
	if ((st = db_contact_get(c->app->db, slug, row)) != DB_OK ||
	    *row == NULL)
		return st;
	json_object_set_new(*row, "language_names", spoken_named(
	    json_object_get(*row, "languages"), c->lang));
	return DB_OK;
}

int
contact_attach(struct ctx *c, const char *slug)
{
	json_t		*row;
	enum db_status	 st;

	if ((st = contact_get(c, slug, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "contact", row != NULL ? row :
	    json_null());
	return 0;
}

static const char *const contact_fields[][2] = { { "name", NULL },
	{ "phone", NULL }, { "email", NULL }, { "languages", NULL },
	{ "hours", NULL }, { NULL, NULL } };

/* The contact form's page with values (stolen). */
static int
contact_page(struct ctx *c, json_t *values, int status)
{
	json_object_set_new(values, "language_options", spoken_options(
	    json_object_get(values, "languages"), c->lang));
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o, s:b}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    contact_fields), "can_manage", c->role != NULL &&
	    strcmp(c->role, "coordinator") == 0));
	return status;
}

int
contact_form(struct ctx *c)
{
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_contact_get(c->app->db, request_param(c->req, "slug"),
	    &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		row = json_pack("{s:s, s:s, s:s, s:[], s:s}", "name", "",
		    "phone", "", "email", "", "languages", "hours", "");
	contact_page(c, row, 200);
	json_object_set_new(c->view, "saved", json_boolean(kvlist_get(
	    &c->req->query, "saved") != NULL));
	return 200;
}

static void
read_languages(struct ctx *c, json_t *values)
{
	json_t	*given, *code;
	size_t	 i;
	int	 bad = 0;

	given = ctx_input_list(c, "languages", 0, &bad);
	if (given == NULL || json_array_size(given) == 0) {
		if (!bad)
			ctx_field(c, "languages", N_("is required: the "
			    "languages the contact speaks"));
	} else if (json_array_size(given) > LANGUAGES_MAX)
		ctx_field(c, "languages", N_("can have at most 20 languages"));
	json_array_foreach(given, i, code)
		if (spoken_find(json_string_value(code)) == NULL)
			bad = 1;
	if (bad)
		ctx_field(c, "languages", N_("must be a list of language codes "
		    "the portal knows, such as [\"en\", \"ar\", \"fa-AF\"]"));
	json_object_set_new(values, "languages", given != NULL ? given :
	    json_array());
}

int
contact_put(struct ctx *c)
{
	char		 to[160], *languages;
	json_t		*v = json_object(), *row = NULL;
	enum db_status	 st;

	read_text(c, v, NULL, "name", "name", "name", 1, PERSON_NAME_MAX);
	read_text(c, v, NULL, "phone", "phone", "phone", 0, PHONE_MAX);
	read_text(c, v, NULL, "email", "email", "email", 0, EMAIL_MAX);
	read_text(c, v, NULL, "hours", "hours", "hours", 0, HOURS_MAX);
	read_languages(c, v);
	check_phone(c, v, "phone", "phone");
	check_email(c, v, "email", "email");
	if (value(v, "phone")[0] == '\0' && value(v, "email")[0] == '\0')
		ctx_field(c, "phone", N_("give a phone number or an email "
		    "address, or both"));
	if (c->error_fields != NULL)
		return contact_page(c, v, ctx_invalid(c, NULL));
	if ((languages = json_dumps(json_object_get(v, "languages"),
	    JSON_COMPACT)) == NULL) {
		json_decref(v);
		return ctx_fail(c, 500, N_("Out of memory."));
	}
	st = db_contact_put(c->app->db, &(struct db_contact){
	    .location_id = ctx_location_id(c), .updated_by = c->auth.user_id,
	    .name = value(v, "name"), .phone = value(v, "phone"),
	    .email = value(v, "email"), .languages = languages,
	    .hours = value(v, "hours") }, &row);
	free(languages);
	json_decref(row);
	if (st == DB_OK)
		st = ctx_audit(c, "location_contact_set", json_pack("{s:O}",
		    "languages", json_object_get(v, "languages")));
	if (st != DB_OK) {
		json_decref(v);
		return ctx_db_fail(c, st);
	}
	json_decref(v);
	/* The API answers the contact as saved. */
	if ((st = contact_get(c, request_param(c->req, "slug"),
	    &c->view)) != DB_OK || c->view == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	snprintf(to, sizeof(to), "/l/%s/wg/contact?saved=1", json_string_value(
	    json_object_get(c->location, "slug")));
	return ctx_done(c, 200, to);
}

/* --------------------------------------------------------------- claims */

int
claim_form(struct ctx *c)
{
	c->view = json_pack("{s:{s:s}}", "form", "code", "");
	return 200;
}

static enum db_status
claim_attempt(struct ctx *c, int succeeded)
{
	return db_claim_attempt_add(c->app->db, c->auth.user_id, succeeded);
}

/* A code that is wrong, used, or the asker's own: one answer for all,
 * so the answer tells nothing of which codes exist. */
static int
claim_refused(struct ctx *c, const char *given)
{
	enum db_status	 st;

	if ((st = claim_attempt(c, 0)) != DB_OK)
		return ctx_db_fail(c, st);
	c->keep_writes = 1;	/* the attempt counts though nothing else */
	ctx_field(c, "code", N_("is not a claim code we can take: check it "
	    "and try again, or ask the person who gave it to you"));
	return ctx_invalid(c, json_pack("{s:s}", "code", given != NULL ?
	    given : ""));
}

int
claim_redeem(struct ctx *c)
{
	char		 norm[CLAIM_CHARS + 1], hash[TOKEN_HASH_HEX];
	const char	*given = ctx_input(c, "code");
	json_t		*row = NULL;
	enum db_status	 st;
	long long	 id, failures;

	if ((st = db_claim_failures(c->app->db, c->auth.user_id, &failures))
	    != DB_OK)
		return ctx_db_fail(c, st);
	if (failures >= CLAIM_FAILURES)
		return ctx_fail(c, 429, N_("Too many codes were wrong: wait an "
		    "hour, then try again."));
	if (given == NULL || claim_code_norm(given, norm) == -1)
		return claim_refused(c, given);
	token_hash_hex(norm, hash);
	if ((st = db_claim(c->app->db, hash, &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return claim_refused(c, given);
	id = json_integer_value(json_object_get(row, "request_id"));
	st = db_location_ref(c->app->db, json_string_value(json_object_get(row,
	    "location")), &c->location);
	json_decref(row);
	if (st == DB_OK && c->location == NULL)
		st = DB_ERROR;
	if (st == DB_OK)
		st = claim_attempt(c, 1);
	if (st == DB_OK)
		st = ctx_audit(c, "funding_request_claimed", json_pack("{s:I}",
		    "request_id", (json_int_t)id));
	return st != DB_OK ? ctx_db_fail(c, st) : request_saved(c, id, 200);
}

/* ------------------------------------------------------------ framework */

/* The page is all template: the guidance is text to translate. */
int
framework_show(struct ctx *c)
{
	c->view = json_object();
	return 200;
}
