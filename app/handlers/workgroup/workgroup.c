/*
 * workgroup: a location's working-group space, for its members (and, to
 * read, national staff): the home page and the member list with the
 * sectors the group is missing, the coverage of the framework's areas
 * and elements by its initiatives, and the group's open actions (the
 * overdue marked); coordinators change members' roles and remove members
 * there.  A location always keeps a coordinator: the
 * database refuses the change that would leave it without one.
 */
#include <stdio.h>
#include <string.h>

#include "../../db/identity.h"
#include "../../db/initiative.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "action.h"
#include "../initiatives/initiative.h"

/* The location's members, with the nine sectors marked present or not. */
static int
members_view(struct ctx *c, json_t **members, json_t **sectors)
{
	enum db_status	 st;

	if ((st = db_members_list(c->app->db, ctx_location_id(c), members)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	*sectors = vocab_coverage(vocab_sectors, *members, "sector");
	return 0;
}

static json_t *
missing(json_t *sectors)
{
	json_t	*out = json_array(), *s;
	size_t	 i;

	json_array_foreach(sectors, i, s)
		if (!json_is_true(json_object_get(s, "present")))
			json_array_append(out, s);
	return out;
}

/* One cell (or row total) of the coverage matrix. */
static json_t *
cover_cell(json_t *rows, const char *area, const char *element)
{
	json_t		*r;
	json_int_t	 active = 0, planned = 0;
	size_t		 i;

	json_array_foreach(rows, i, r) {
		const char *a = json_string_value(json_object_get(r, "area"));
		const char *e = json_string_value(json_object_get(r,
		    "element"));

		if (strcmp(a, area) == 0 && (element == NULL ? e == NULL :
		    e != NULL && strcmp(e, element) == 0)) {
			active = json_integer_value(json_object_get(r,
			    "active"));
			planned = json_integer_value(json_object_get(r,
			    "planned"));
		}
	}
	return json_pack("{s:s?, s:I, s:I, s:I, s:b}", "element", element,
	    "active", active, "planned", planned, "total", active + planned,
	    "gap", active + planned == 0);
}

/*
 * The seven areas against the five elements: active and planned
 * initiatives in each cell and area, gaps marked.  New object.
 */
static int
coverage(struct ctx *c, json_t **out)
{
	json_t		*rows, *areas, *row, *cells, *elements;
	enum db_status	 st;
	size_t		 i, k;
	int		 gaps = 0;

	if ((st = db_initiative_coverage(c->app->db, ctx_location_id(c),
	    &rows)) != DB_OK)
		return ctx_db_fail(c, st);
	areas = json_array();
	elements = json_array();
	for (k = 0; vocab_elements[k].key != NULL; k++)
		json_array_append_new(elements, json_pack("{s:s, s:s}", "key",
		    vocab_elements[k].key, "name", vocab_elements[k].name));
	for (i = 0; vocab_areas[i].key != NULL; i++) {
		cells = json_array();
		for (k = 0; vocab_elements[k].key != NULL; k++)
			json_array_append_new(cells, cover_cell(rows,
			    vocab_areas[i].key, vocab_elements[k].key));
		row = cover_cell(rows, vocab_areas[i].key, NULL);
		gaps += json_is_true(json_object_get(row, "gap"));
		json_object_del(row, "element");
		json_object_set_new(row, "key", json_string(vocab_areas[i].key));
		json_object_set_new(row, "name",
		    json_string(vocab_areas[i].name));
		json_object_set_new(row, "cells", cells);
		json_array_append_new(areas, row);
	}
	json_decref(rows);
	*out = json_pack("{s:o, s:o, s:i}", "elements", elements, "areas",
	    areas, "gap_areas", gaps);
	return *out != NULL ? 0 : ctx_fail(c, 500, "Out of memory.");
}

int
workgroup_home(struct ctx *c)
{
	json_t	*members, *sectors, *matrix, *actions;
	int	 status;

	if ((status = coverage(c, &matrix)) != 0)
		return status;
	if ((status = action_open(c, &actions)) != 0) {
		json_decref(matrix);
		return status;
	}
	if ((status = members_view(c, &members, &sectors)) != 0) {
		json_decref(matrix);
		json_decref(actions);
		return status;
	}
	c->view = json_pack("{s:o, s:s?, s:s?, s:i, s:o, s:b}", "location",
	    ctx_location_public(c), "role", c->role, "role_name",
	    c->role != NULL ? vocab_name(vocab_roles, c->role) : NULL,
	    "member_count",
	    (int)json_array_size(members), "missing_sectors", missing(sectors),
	    "coordinator", role_can_manage(role_parse(c->role)));
	json_object_set_new(c->view, "coverage", matrix);
	json_object_set_new(c->view, "actions", actions);
	json_object_set_new(c->view, "can_write", json_boolean(
	    initiative_can_write(c)));
	json_decref(members);
	json_decref(sectors);
	return 200;
}

/* For a coordinator's page: each member's role as <select> options. */
static void
add_role_options(json_t *members)
{
	json_t	*m;
	size_t	 i;

	json_array_foreach(members, i, m)
		json_object_set_new(m, "role_options", vocab_options(
		    vocab_roles, json_string_value(json_object_get(m,
		    "role"))));
}

/* The member page's view; keeps errors and form already in c->view. */
static int
members_page(struct ctx *c)
{
	json_t	*members, *sectors, *view;
	int	 status;

	if ((status = members_view(c, &members, &sectors)) != 0)
		return status;
	if (role_can_manage(role_parse(c->role)))
		add_role_options(members);
	view = json_pack("{s:o, s:o, s:n, s:o, s:o, s:b}", "location",
	    ctx_location_public(c), "items", members, "next", "sectors", sectors,
	    "missing_sectors", missing(sectors), "coordinator",
	    role_can_manage(role_parse(c->role)));
	ctx_view_merge(c, view);
	return 0;
}

int
workgroup_members(struct ctx *c)
{
	int status;

	if ((status = members_page(c)) != 0)
		return status;
	return 200;
}

/* Answers a refused membership change: 404 for no such member, 409 when
 * it would leave the location without a coordinator. */
static int
membership_refused(struct ctx *c, enum db_status st)
{
	if (st == DB_ERROR && strcmp(db_constraint(c->app->db),
	    "memberships_keep_coordinator") == 0)
		return ctx_fail(c, 409, "A working group keeps at least one "
		    "coordinator: make someone else coordinator first.");
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	return ctx_fail(c, 404, "There is no such member in this working "
	    "group.");
}

static void
members_url(const struct ctx *c, char *out, size_t outsz)
{
	snprintf(out, outsz, "/l/%s/wg/members", json_string_value(
	    json_object_get(c->location, "slug")));
}

int
member_update(struct ctx *c)
{
	const char	*role = ctx_input(c, "role");
	const char	*sector = ctx_input(c, "sector");
	const char	*org = ctx_input(c, "organisation");
	const char	*msg;
	char		 to[128], *clean_org = NULL;
	long long	 user_id = ctx_param_id(c, "user_id");
	json_t		*row = NULL;
	enum db_status	 st;
	int		 index, status;

	if (user_id == 0)
		return membership_refused(c, DB_OK);
	if (role != NULL && valid_enum(role, vocab_keys(vocab_roles), &index))
		ctx_field(c, "role", "must be coordinator, member or observer");
	if (sector != NULL && valid_enum(sector, vocab_keys(vocab_sectors),
	    &index))
		ctx_field(c, "sector", "must be one of the nine sectors");
	if (org != NULL && (msg = valid_text(org, 0, 200, 0, &clean_org)))
		ctx_field(c, "organisation", msg);
	if (role == NULL && sector == NULL && org == NULL)
		ctx_field(c, "role", "give a role, sector or organisation to "
		    "change");
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, json_object());
		return members_page(c) != 0 ? 500 : status;
	}
	st = db_member_update(c->app->db, &(struct db_member){
	    .location_id = ctx_location_id(c), .user_id = user_id,
	    .role = role, .sector = sector, .organisation = clean_org }, &row);
	free(clean_org);
	if (st != DB_OK || row == NULL)
		return membership_refused(c, st);
	if ((st = ctx_audit(c, "member_changed", json_pack("{s:I, s:O, s:O, "
	    "s:O}", "user_id", (json_int_t)user_id, "role", json_object_get(row,
	    "role"), "sector", json_object_get(row, "sector"), "organisation",
	    json_object_get(row, "organisation")))) != DB_OK) {
		json_decref(row);
		return ctx_db_fail(c, st);
	}
	c->view = row;
	members_url(c, to, sizeof(to));
	return ctx_done(c, 200, to);
}

int
member_remove(struct ctx *c)
{
	char		 to[128];
	long long	 user_id = ctx_param_id(c, "user_id");
	json_t		*row = NULL;
	enum db_status	 st;

	if (user_id == 0)
		return membership_refused(c, DB_OK);
	st = db_member_delete(c->app->db, ctx_location_id(c), user_id, &row);
	if (st != DB_OK || row == NULL)
		return membership_refused(c, st);
	st = ctx_audit(c, "member_removed", json_pack("{s:I, s:O}", "user_id",
	    (json_int_t)user_id, "role", json_object_get(row, "role")));
	json_decref(row);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	members_url(c, to, sizeof(to));
	return ctx_done(c, 204, to);
}
