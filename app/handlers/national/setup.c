/*
 * setup: Immigration New Zealand sets up working groups (sql/026), from
 * /national/locations and /api/v1/national/locations: every location
 * with its group's size, creating one (slug, name, region), inviting its
 * first coordinators, archiving one; and pausing or resuming a round.
 * National staff only (the routes check); the database's policies say
 * the same.  A round's quorum against the group is checked in round.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/location.h"
#include "../../db/setup.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../handler.h"

#define PLACE_MAX	120	/* a location's name and region */

/* The locations, merged into c->view (a failed form stays). */
int
setup_locations(struct ctx *c)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_setup_locations(c->app->db, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	ctx_view_merge(c, json_pack("{s:o, s:n, s:o}", "items", items, "next",
	    "sectors", vocab_options(vocab_sectors, NULL)));
	return 200;
}

/* One place name field into *out (the caller frees), or a field. */
static void
read_place(struct ctx *c, const char *name, json_t *form, char **out)
{
	const char	*v = ctx_input(c, name), *msg;

	json_object_set_new(form, name, json_string(v != NULL ? v : ""));
	if (v == NULL || v[strspn(v, " \t")] == '\0')
		ctx_field(c, name, "is required");
	else if ((msg = valid_text(v, 1, PLACE_MAX, 0, out)) != NULL)
		ctx_field(c, name, msg);
}

/* Answers the form again with its messages (or the API's 422). */
static int
form_again(struct ctx *c, json_t *form)
{
	int	 status = ctx_invalid(c, form), page;

	/* The page again (the route shows it to browsers; JSON gets the
	 * error). */
	if ((page = setup_locations(c)) != 200)
		return page;
	return status;
}

int
setup_location_create(struct ctx *c)
{
	const char	*slug = ctx_input(c, "slug"), *msg;
	char		*name = NULL, *region = NULL;
	json_t		*form = json_object(), *row = NULL;
	enum db_status	 st;
	int		 status;

	json_object_set_new(form, "slug", json_string(slug ? slug : ""));
	if (slug == NULL || slug[0] == '\0')
		ctx_field(c, "slug", "is required");
	else if ((msg = valid_slug(slug)) != NULL)
		ctx_field(c, "slug", msg);
	read_place(c, "name", form, &name);
	read_place(c, "region", form, &region);
	if (c->error_fields != NULL) {
		status = form_again(c, form);
		goto out;
	}
	json_decref(form);
	st = db_setup_location_add(c->app->db, slug, name, region, &row);
	if (st != DB_OK && strcmp(db_sqlstate(c->app->db), "23505") == 0) {
		status = ctx_fail(c, 409, "A location already has that slug.");
		goto out;
	}
	if (st != DB_OK || row == NULL) {
		status = ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
		goto out;
	}
	/* Recorded in the new location's audit trail. */
	c->location = json_incref(row);
	if ((st = ctx_audit(c, "location_created", json_pack("{s:s, s:O, s:O}",
	    "slug", slug, "name", json_object_get(row, "name"), "region",
	    json_object_get(row, "region")))) != DB_OK) {
		status = ctx_db_fail(c, st);
		goto out;
	}
	json_object_del(row, "id");
	c->view = row;
	row = NULL;
	status = ctx_done(c, 201, "/national/locations?created=1");
out:
	free(name);
	free(region);
	json_decref(row);
	return status;
}

int
setup_location_archive(struct ctx *c)
{
	json_t		*row = NULL;
	enum db_status	 st;

	if ((st = db_setup_location_archive(c->app->db, request_param(c->req,
	    "slug"), &row)) != DB_OK)
		return ctx_db_fail(c, st);
	if (row == NULL)
		return ctx_fail(c, 404, "There is no active location at this "
		    "address.");
	c->location = json_incref(row);
	if ((st = ctx_audit(c, "location_archived", json_pack("{s:O}",
	    "slug", json_object_get(row, "slug")))) != DB_OK) {
		json_decref(row);
		return ctx_db_fail(c, st);
	}
	json_object_del(row, "id");
	c->view = row;
	return ctx_done(c, 200, "/national/locations");
}

/* The route's active location as c->location: 0 or a status (404). */
static int
setup_location_load(struct ctx *c)
{
	enum db_status	 st;

	if ((st = db_location_ref(c->app->db, request_param(c->req, "slug"),
	    &c->location)) != DB_OK)
		return ctx_db_fail(c, st);
	return c->location != NULL ? 0 : ctx_fail(c, 404, "There is no "
	    "active location at this address.");
}

/* {email, sector, organisation?}: invites a coordinator of the location
 * (as a coordinator would, invitation.c). */
int
setup_location_invite(struct ctx *c)
{
	int	 status;

	if ((status = setup_location_load(c)) != 0)
		return status;
	return invitation_invite(c, "coordinator");
}

/* {"paused": true|false}: pauses or resumes round {id}; 409 when it
 * already is so. */
int
setup_round_pause(struct ctx *c)
{
	json_t		*v;
	long long	 id = ctx_param_id(c, "id");
	enum db_status	 st;
	int		 status, changed, paused;

	if ((status = setup_location_load(c)) != 0)
		return status;
	v = c->req->json != NULL ? json_object_get(c->req->json, "paused") :
	    NULL;
	if (!json_is_boolean(v)) {
		ctx_field(c, "paused", "must be true or false");
		return ctx_invalid(c, NULL);
	}
	paused = json_is_true(v);
	if ((st = db_setup_round_pause(c->app->db, ctx_location_id(c), id,
	    paused, c->auth.user_id, &changed)) != DB_OK)
		return ctx_db_fail(c, st);
	if (!changed)
		return ctx_fail(c, 409, paused ? "The round is paused already, "
		    "or there is no such round." : "The round is not paused, "
		    "or there is no such round.");
	if ((st = ctx_audit(c, paused ? "funding_round_paused" :
	    "funding_round_resumed", json_pack("{s:I}", "round_id",
	    (json_int_t)id))) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:I, s:b}", "id", (json_int_t)id, "paused",
	    paused);
	return 200;
}
