/*
 * partners: the service directory's organisations named as partners of
 * an initiative (sql/030 initiative_partners).  The initiative's page and
 * JSON show them ("partner_organisations"), a directory entry's page and
 * JSON show the initiatives it partners in ("partner_in"), and the
 * initiative's members and coordinators choose them (POST /l/{slug}/
 * initiatives/{id}/partner-organisations, PUT /api/v1/locations/{slug}/
 * initiatives/{id}/partner-organisations {"items": [service ids]}) from
 * the entries listed in the location.
 */
#include <stdint.h>
#include <stdio.h>

#include "../../db/newsletter.h"
#include "../../http/validate.h"
#include "initiative.h"

int
partner_attach_initiative(struct ctx *c)
{
	json_t		*ini = json_object_get(c->view, "initiative");
	json_t		*rows = NULL, *options = NULL, *o, *p;
	enum db_status	 st;
	size_t		 i, j;

	if ((st = db_partners_of_initiative(c->app->db, ctx_location_id(c),
	    json_integer_value(json_object_get(ini, "id")), &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(ini, "partner_organisations", rows);
	if (!initiative_can_write(c))
		return 0;
	if ((st = db_partner_options(c->app->db, ctx_location_id(c),
	    &options)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(options, i, o)
		json_array_foreach(rows, j, p)
			if (json_equal(json_object_get(o, "id"),
			    json_object_get(p, "id")))
				json_object_set_new(o, "selected", json_true());
	json_object_set_new(c->view, "partner_options", options);
	return 0;
}

int
partner_attach_service(struct ctx *c, json_t *s)
{
	json_t		*rows = NULL;
	enum db_status	 st;

	if ((st = db_partner_initiatives(c->app->db, json_integer_value(
	    json_object_get(s, "id")), &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(s, "partner_in", rows);
	return 0;
}

/* The chosen entries' ids: a JSON body's "items" (integers) or the
 * form's ticked "items"; a new array, or NULL with a field recorded. */
static json_t *
chosen_ids(struct ctx *c)
{
	json_t		*given = c->req->json != NULL ? json_object_get(
			    c->req->json, "items") : NULL;
	json_t		*list, *out = json_array(), *v;
	long long	 id;
	size_t		 i;
	int		 bad = 0;

	list = given != NULL ? json_incref(given) : ctx_input_list(c, "items",
	    0, &bad);
	if (list == NULL && c->req->json == NULL)
		list = json_array();	/* none ticked */
	if (!json_is_array(list) || json_array_size(list) > 200)
		bad = 1;
	json_array_foreach(list, i, v) {
		id = 0;
		if (json_is_integer(v) && json_integer_value(v) > 0)
			id = json_integer_value(v);
		else if (json_string_value(v) == NULL || valid_int(
		    json_string_value(v), 1, INT64_MAX, &id) != NULL)
			bad = 1;
		json_array_append_new(out, json_integer(id));
	}
	json_decref(list);
	if (!bad)
		return out;
	json_decref(out);
	ctx_field(c, "items", N_("must be a list of at most 200 directory "
	    "entries listed in this location"));
	return NULL;
}

/* A refused choice: the initiative's page again (ini stolen), 422. */
static int
partner_refused(struct ctx *c, json_t *ini)
{
	int	 status = ctx_invalid(c, NULL), failed;

	if ((failed = initiative_page(c, ini)) != 0 ||
	    (failed = partner_attach_initiative(c)) != 0)
		return failed;
	return status;
}

/* Is every id in ids one of the location's directory entries (all of
 * them, not only the form's page of options)?  1, 0, or -1 when the
 * database failed. */
static int
all_listed(struct ctx *c, const json_t *ids)
{
	int	 listed = 0;

	if (db_partners_listed(c->app->db, ctx_location_id(c), ids,
	    &listed) != DB_OK)
		return -1;
	return listed;
}

int
partner_set(struct ctx *c)
{
	json_t		*ini, *ids;
	long long	 id;
	char		 to[200];
	enum db_status	 st = DB_ERROR;
	int		 status, listed;

	if ((status = initiative_load(c, 1, &ini)) != 0)
		return status;
	id = json_integer_value(json_object_get(ini, "id"));
	if ((ids = chosen_ids(c)) == NULL)
		return partner_refused(c, ini);
	/* Checked before writing: a refused write would end the request's
	 * transaction, and the page shown again needs it. */
	if ((listed = all_listed(c, ids)) == 0) {
		json_decref(ids);
		ctx_field(c, "items", N_("must be a list of at most 200 "
		    "directory entries listed in this location"));
		return partner_refused(c, ini);
	}
	json_decref(ini);
	if (listed == 1 && (st = db_partners_set(c->app->db,
	    ctx_location_id(c), id, ids)) == DB_OK)	/* the entry keeps ids */
		st = ctx_audit(c, "initiative_partners_set", json_pack(
		    "{s:I, s:o}", "initiative_id", (json_int_t)id, "items",
		    ids));
	else
		json_decref(ids);
	if (st != DB_OK || (st = db_partners_of_initiative(c->app->db,
	    ctx_location_id(c), id, &ini)) != DB_OK)
		return ctx_db_fail(c, st);
	c->view = json_pack("{s:o}", "items", ini);
	snprintf(to, sizeof(to), "/l/%s/initiatives/%lld", json_string_value(
	    json_object_get(c->location, "slug")), id);
	return ctx_done(c, 200, to);
}
