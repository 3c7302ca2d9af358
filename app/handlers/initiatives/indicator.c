/*
 * indicator: what the portal's figures mean (sql/025).  The national
 * indicators (/api/v1/indicators, /national/indicators) and a location's
 * own beside them (/api/v1/locations/{slug}/indicators,
 * /l/{slug}/wg/indicators): each a key, a name, a definition, a unit and
 * its aggregation.  An admin adds national ones; a coordinator adds the
 * location's own.  Every figure on a progress update is for one of them
 * (progress.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/indicator.h"
#include "../../domain/role.h"
#include "../../http/validate.h"
#include "../handler.h"

#define NAME_MAX	120
#define DEFINITION_MAX	2000
#define UNIT_MAX	40

/* Who may add here: national indicators are an admin's, a location's
 * own its coordinators' (the route checks those). */
static int
may_add(const struct ctx *c)
{
	const char	*role = auth_national_role(&c->auth);

	return c->location != NULL || (role != NULL &&
	    strcmp(role, "admin") == 0);
}

/* The list, whether the asker may add one, and the location (null for
 * the national list), merged into c->view (a failed form stays). */
int
indicator_list(struct ctx *c)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_indicator_list(c->app->db, ctx_location_id(c),
	    &items)) != DB_OK)
		return ctx_db_fail(c, st);
	ctx_view_merge(c, json_pack("{s:o, s:n, s:b, s:o}", "items", items,
	    "next",
	    "can_add", may_add(c) && (c->location == NULL ||
	    role_can_manage(role_parse(c->role))), "location", c->location != NULL ?
	    ctx_location_public(c) : json_null()));
	return 200;
}

/* Reads one text field into *out (the caller frees), or records it. */
static void
read_text(struct ctx *c, const char *name, size_t max, int multiline,
    json_t *form, char **out)
{
	const char	*v = ctx_input(c, name), *msg;

	json_object_set_new(form, name, json_string(v != NULL ? v : ""));
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0')
		ctx_field(c, name, "is required");
	else if ((msg = valid_text(v, 1, max, multiline, out)) != NULL)
		ctx_field(c, name, msg);
}

/* The key as typed into form, or a field. */
static void
read_key(struct ctx *c, const char *key, json_t *form)
{
	const char	*msg;

	json_object_set_new(form, "key", json_string(key != NULL ? key : ""));
	if (key == NULL || key[0] == '\0')
		ctx_field(c, "key", "is required");
	else if ((msg = valid_name_key(key)) != NULL)
		ctx_field(c, "key", msg);
}

/* Answers the indicator just added (row, stolen): on its page, the
 * location's or the national list. */
static int
indicator_added(struct ctx *c, json_t *row)
{
	char	 url[160] = "/national/indicators";

	c->view = row;
	if (c->location != NULL)
		snprintf(url, sizeof(url), "/l/%s/wg/indicators",
		    json_string_value(json_object_get(c->location, "slug")));
	return ctx_done(c, 201, url);
}

int
indicator_create(struct ctx *c)
{
	struct db_indicator_new d = { 0 };
	const char	*key = ctx_input(c, "key");
	char		*name = NULL, *definition = NULL, *unit = NULL;
	json_t		*form = json_object(), *row = NULL;
	enum db_status	 st;
	int		 status, page;

	if (!may_add(c)) {
		json_decref(form);
		return ctx_fail(c, 403, "Only an administrator adds national "
		    "indicators.");
	}
	read_key(c, key, form);
	read_text(c, "name", NAME_MAX, 0, form, &name);
	read_text(c, "definition", DEFINITION_MAX, 1, form, &definition);
	read_text(c, "unit", UNIT_MAX, 0, form, &unit);
	if (c->error_fields != NULL)
		goto invalid;
	d.location_id = ctx_location_id(c);
	d.created_by = c->auth.user_id;
	d.key = key;
	d.name = name;
	d.definition = definition;
	d.unit = unit;
	if ((st = db_indicator_add(c->app->db, &d, &row)) != DB_OK &&
	    strcmp(db_sqlstate(c->app->db), "23505") == 0) {
		/* The statement failed: nothing more can be read now. */
		json_decref(form);
		form = NULL;
		status = ctx_fail(c, 409, "Another indicator has that key.");
		goto out;
	}
	if (st != DB_OK || row == NULL ||
	    (st = ctx_audit(c, "indicator_added", json_incref(row))) != DB_OK) {
		status = ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
		goto out;
	}
	status = indicator_added(c, row);
	row = NULL;
	goto out;
invalid:
	status = ctx_invalid(c, form);
	form = NULL;
	/* The page again (the route shows it to browsers; JSON gets the
	 * error). */
	if ((page = indicator_list(c)) != 200)
		status = page;
out:
	free(name);
	free(definition);
	free(unit);
	json_decref(form);
	json_decref(row);
	return status;
}
