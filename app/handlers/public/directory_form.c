/*
 * directory_form: the working group's changes to its service directory —
 * adding a service (form and API), editing one its location keeps (with
 * the version it started from: 409 and the current values on a stale
 * one), removing one, and where each is listed.  The checks are
 * directory_check()'s (directory.c); every change is in the audit trail.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/directory.h"
#include "../../domain/spoken.h"
#include "../../domain/vocab.h"
#include "directory.h"
#include "../fields.h"

static const char *const service_field_ids[][2] = { { "name", NULL },
	{ "organisation", NULL }, { "description", NULL },
	{ "categories", NULL }, { "languages", NULL },
	{ "eligibility", NULL }, { "free", NULL }, { "cost", NULL },
	{ "hours", NULL }, { "address", NULL }, { "phone", NULL },
	{ "email", NULL }, { "website", NULL }, { "accessibility", NULL },
	{ "checked_on", NULL }, { "language", NULL }, { "locations", NULL },
	{ "version", NULL }, { NULL, NULL } };

/* The form's lists and its one checkbox. */
static const char *const service_lists[] = { "categories", "languages",
	NULL };
static const char *const service_boxes[] = { "free", NULL };

/* The form's page around values (stolen): its choices and messages. */
static int
service_page(struct ctx *c, json_t *values, int status)
{
	const char *here = json_string_value(json_object_get(c->location,
		    "slug"));
	struct buf text = BUF_INIT;
	json_t	*v;
	size_t	 i;

	/* The other locations, as the field asks for them. */
	json_array_foreach(json_object_get(values, "locations"), i, v)
		if (strcmp(json_string_value(v), here) != 0)
			buf_printf(&text, "%s%s", text.len > 0 ? ", " : "",
			    json_string_value(v));
	json_object_set_new(values, "locations_text", json_stringn(
	    text.len > 0 ? buf_str(&text) : "", text.len));
	buf_free(&text);
	json_object_set_new(values, "outcome_checks", field_checks(
	    vocab_outcomes, json_object_get(values, "categories")));
	json_object_set_new(values, "area_checks", field_checks(vocab_areas,
	    json_object_get(values, "categories")));
	json_object_set_new(values, "language_options", spoken_options(
	    json_object_get(values, "languages"), c->lang));
	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:o, s:o}", "location",
	    ctx_location_public(c), "form", values, "field", field_states(c,
	    service_field_ids)));
	return status;
}

int
service_new_form(struct ctx *c)
{
	return service_page(c, json_pack("{s:[], s:[], s:s, s:b, s:[]}",
	    "categories", "languages", "language", "en", "free", 0,
	    "locations"), 200);
}

/* Checks the input into values, the listed locations included: 0, or a
 * status (the form again, or the database's). */
static int
service_read(struct ctx *c, json_t *in, json_t *values)
{
	enum db_status	 st;

	directory_check(c, in, values);
	if (c->error_fields == NULL && (st = directory_locations_known(c,
	    values)) != DB_OK)
		return ctx_db_fail(c, st);
	if (c->error_fields != NULL)
		return service_page(c, json_incref(values), ctx_invalid(c,
		    NULL));
	return 0;
}

/* Answers a change to service id: the service as it is now, or a
 * browser sent to its page. */
static int
service_saved(struct ctx *c, long long id, const char *action, int status)
{
	char		 to[200];
	json_t		*s = NULL;
	enum db_status	 st;

	if ((st = db_service_get(c->app->db, ctx_location_id(c), id, &s)) !=
	    DB_OK || s == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	if ((st = ctx_audit(c, action, json_pack("{s:I, s:O}", "service_id",
	    (json_int_t)id, "name", json_object_get(s, "name")))) != DB_OK) {
		json_decref(s);
		return ctx_db_fail(c, st);
	}
	json_decref(c->view);
	c->view = s;
	snprintf(to, sizeof(to), "/l/%s/services/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
	return ctx_done(c, status, to);
}

int
service_create(struct ctx *c)
{
	json_t		*in = field_in_request(c, service_lists,
			    service_boxes), *values = json_object();
	long long	 id;
	enum db_status	 st;
	int		 status;

	status = service_read(c, in, values);
	json_decref(in);
	if (status == 0 && (st = directory_create(c, values, &id)) != DB_OK)
		status = ctx_db_fail(c, st);
	json_decref(values);
	return status != 0 ? status : service_saved(c, id, "service_created",
	    201);
}

/* The service {id} to change: listed here and kept here, into *s (new);
 * or a status recorded. */
static int
service_kept(struct ctx *c, json_t **s)
{
	enum db_status	 st;
	long long	 id = ctx_param_id(c, "id");

	*s = NULL;
	if (id != 0 && (st = db_service_get(c->app->db, ctx_location_id(c),
	    id, s)) != DB_OK)
		return ctx_db_fail(c, st);
	if (*s == NULL)
		return ctx_fail(c, 404, N_("There is no such service here."));
	if (strcmp(json_string_value(json_object_get(*s, "kept_by")),
	    json_string_value(json_object_get(c->location, "slug"))) != 0) {
		json_decref(*s);
		*s = NULL;
		return ctx_fail(c, 403, N_("Another location's working group "
		    "keeps this service: ask them to change it."));
	}
	return 0;
}

int
service_edit_form(struct ctx *c)
{
	json_t	*s;
	int	 status;

	if ((status = service_kept(c, &s)) != 0)
		return status;
	json_object_set_new(s, "editing", json_true());
	return service_page(c, s, 200);
}

int
service_edit(struct ctx *c)
{
	json_t		*cur, *in, *values = json_object(), *row = NULL;
	long long	 version, id = ctx_param_id(c, "id");
	enum db_status	 st;
	int		 status;

	if ((status = service_kept(c, &cur)) != 0) {
		json_decref(values);
		return status;
	}
	/* A PATCH changes what it names; a form sends every field. */
	in = field_in_request(c, service_lists, service_boxes);
	json_object_update_missing(in, c->req->json != NULL ? cur : NULL);
	version = field_version(c);
	json_object_set_new(values, "editing", json_true());
	json_object_set_new(values, "id", json_integer(id));
	json_object_set_new(values, "version", json_integer(version));
	status = service_read(c, in, values);
	json_decref(in);
	if (status == 0 && (st = db_service_save(c->app->db,
	    ctx_location_id(c), id, version, values, &row)) != DB_OK)
		status = ctx_db_fail(c, st);
	if (status == 0 && row == NULL)
		status = service_page(c, json_incref(values), ctx_conflict(c,
		    N_("Someone changed this service while you were editing "
		    "it: compare, then save again."), json_incref(cur)));
	if (status == 0 && (st = db_service_list_at(c->app->db,
	    ctx_location_id(c), id, json_object_get(values, "locations"))) !=
	    DB_OK)
		status = ctx_db_fail(c, st);
	json_decref(values);
	json_decref(row);
	json_decref(cur);
	return status != 0 ? status : service_saved(c, id, "service_changed",
	    200);
}

int
service_delete(struct ctx *c)
{
	char		 to[200];
	json_t		*s;
	long		 count = 0;
	enum db_status	 st;
	int		 status;

	if ((status = service_kept(c, &s)) != 0)
		return status;
	st = db_service_delete(c->app->db, ctx_location_id(c),
	    ctx_param_id(c, "id"), &count);
	if (st == DB_OK)
		st = ctx_audit(c, "service_removed", json_pack("{s:O, s:O}",
		    "service_id", json_object_get(s, "id"), "name",
		    json_object_get(s, "name")));
	json_decref(s);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	snprintf(to, sizeof(to), "/l/%s/services?removed=1", json_string_value(
	    json_object_get(c->location, "slug")));
	return ctx_done(c, 204, to);
}
