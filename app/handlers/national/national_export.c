/*
 * national_export: every location's exports for Immigration New Zealand's
 * evaluation, at /api/v1/national/exports/{name} (export.c does the
 * work), and the page /national/exports that offers them with their
 * filters.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/location.h"
#include "../../db/national.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "export.h"

#define LOCATIONS_MAX		100	/* slugs in one ?location= filter */
#define LOCATIONS_OFFERED	1000	/* in the page's location list */

/* Adds the slugs of one ?location= value ("hamilton,nelson") to list. */
static void
add_slugs(struct ctx *c, json_t *list, const char *v)
{
	const char	*p = v, *end;
	char		 slug[64];
	size_t		 n;

	for (; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		end = strchr(p, ',');
		if (end == NULL)
			end = p + strlen(p);
		if ((n = (size_t)(end - p)) == 0)
			continue;
		if (n >= sizeof(slug)) {
			ctx_field(c, "location", "must be location slugs "
			    "(such as hamilton), separated by commas");
			continue;
		}
		memcpy(slug, p, n);
		slug[n] = '\0';
		if (valid_slug(slug) != NULL)
			ctx_field(c, "location", "must be location slugs "
			    "(such as hamilton), separated by commas");
		else
			json_array_append_new(list, json_string(slug));
	}
}

/*
 * The locations of ?location=, which may repeat and may hold several
 * slugs separated by commas: a new array, NULL for every location, with a
 * field recorded for a slug that is malformed or no location's.  Returns
 * 0, or a status when the database fails.
 */
static int
read_locations(struct ctx *c, json_t **out)
{
	const struct kvlist *q = &c->req->query;
	json_t		*list = json_array(), *unknown = NULL, *row;
	char		*text = NULL, message[128];
	enum db_status	 st;
	size_t		 i;

	*out = NULL;
	for (i = 0; i < q->n; i++)
		if (strcmp(q->items[i].key, "location") == 0)
			add_slugs(c, list, q->items[i].val);
	if (json_array_size(list) == 0) {
		json_decref(list);
		return 0;
	}
	if (json_array_size(list) > LOCATIONS_MAX) {
		ctx_field(c, "location", "at most 100 locations at once");
		json_decref(list);
		return 0;
	}
	if ((text = json_dumps(list, JSON_COMPACT)) == NULL) {
		json_decref(list);
		return ctx_fail(c, 500, "Out of memory.");
	}
	st = db_export_unknown_locations(c->app->db, text, &unknown);
	free(text);
	if (st != DB_OK) {
		json_decref(list);
		return ctx_db_fail(c, st);
	}
	if ((row = json_array_get(unknown, 0)) != NULL) {
		/* A checked slug: letters, digits and hyphens only. */
		snprintf(message, sizeof(message), _("there is no location %s"),
		    json_string_value(json_object_get(row, "slug")));
		ctx_field(c, "location", message);
	}
	json_decref(unknown);
	*out = list;
	return 0;
}

/*
 * What a partner agency (sql/033) may take: the initiatives, without the
 * name of the member who leads each.  The other exports name applicants
 * or members, or hold figures nobody has confirmed yet; the database
 * would give a partner none of their rows anyway.
 */
static const char *const partner_exports[] = { "initiatives", NULL };
static const char *const partner_hidden[] = { "lead_name", "lead_user_id",
	NULL };

static int
partner_may(const char *name)
{
	size_t	 i;

	for (i = 0; partner_exports[i] != NULL; i++)
		if (strcmp(partner_exports[i], name) == 0)
			return 1;
	return 0;
}

/* Takes the columns partners never see out of an export's view. */
static void
partner_strip(json_t *view)
{
	json_t	*columns = json_object_get(view, "columns"), *item;
	size_t	 i, k;

	json_array_foreach(json_object_get(view, "items"), i, item)
		for (k = 0; partner_hidden[k] != NULL; k++)
			json_object_del(item, partner_hidden[k]);
	for (i = json_array_size(columns); i > 0; i--)
		for (k = 0; partner_hidden[k] != NULL; k++)
			if (strcmp(json_string_value(json_array_get(columns,
			    i - 1)), partner_hidden[k]) == 0)
				json_array_remove(columns, i - 1);
}

int
national_export(struct ctx *c)
{
	json_t	*locations;
	int	 status, partner = auth_partner(&c->auth);

	if (partner && !partner_may(request_param(c->req, "name")))
		return ctx_fail(c, 403, "Partner agencies take the initiatives "
		    "export: the others name people or hold figures not yet "
		    "confirmed.");
	if ((status = read_locations(c, &locations)) != 0)
		return status;
	status = export_answer(c, "national", locations, 1);
	if (status == 200 && partner)
		partner_strip(c->view);
	return status;
}

/* [{"key", "name"}] of the financial years offered: "2025/26". */
static int
financial_years(struct ctx *c, json_t **out)
{
	json_t		*years, *row;
	enum db_status	 st;
	json_int_t	 fy;
	char		 name[64];
	size_t		 i;

	if ((st = db_export_financial_years(c->app->db, &years)) != DB_OK)
		return ctx_db_fail(c, st);
	*out = json_array();
	json_array_foreach(years, i, row) {
		fy = json_integer_value(json_object_get(row, "fy"));
		snprintf(name, sizeof(name), "%" JSON_INTEGER_FORMAT "/%02d "
		    "(1 July %" JSON_INTEGER_FORMAT " to 30 June %"
		    JSON_INTEGER_FORMAT ")", fy, (int)((fy + 1) % 100), fy,
		    fy + 1);
		json_array_append_new(*out, json_pack("{s:I, s:s}", "key", fy,
		    "name", name));
	}
	json_decref(years);
	return 0;
}

/* The exports the asker may take: all for national staff. */
static json_t *
exports_offered(const struct ctx *c)
{
	json_t	*list = export_list(), *e;
	size_t	 i;

	if (!auth_partner(&c->auth))
		return list;
	for (i = json_array_size(list); i > 0; i--) {
		e = json_array_get(list, i - 1);
		if (!partner_may(json_string_value(json_object_get(e, "name"))))
			json_array_remove(list, i - 1);
	}
	return list;
}

int
national_exports_page(struct ctx *c)
{
	json_t		*locations, *years = NULL;
	enum db_status	 st;
	int		 status, more;

	if ((st = db_location_list(c->app->db, "", LOCATIONS_OFFERED + 1,
	    &locations)) != DB_OK)
		return ctx_db_fail(c, st);
	/* One more than offered says there are more: the page says so. */
	more = json_array_size(locations) > LOCATIONS_OFFERED;
	if (more)
		json_array_remove(locations, LOCATIONS_OFFERED);
	if ((status = financial_years(c, &years)) != 0) {
		json_decref(locations);
		return status;
	}
	c->view = json_pack("{s:o, s:o, s:b, s:i, s:o, s:o, s:o, s:o}",
	    "exports", exports_offered(c), "locations", locations,
	    "more_locations",
	    more, "locations_offered", LOCATIONS_OFFERED, "area_options",
	    vocab_options(vocab_areas, NULL), "element_options",
	    vocab_options(vocab_elements, NULL), "outcome_options",
	    vocab_options(vocab_outcomes, NULL), "fy_options", years);
	return c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
}
