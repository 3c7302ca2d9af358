/*
 * overlap: learning between locations — the likely overlaps INZ staff see
 * (pairs of similar initiatives in the same area in different locations,
 * found with pg_trgm when an initiative is written, and kept: sql/011),
 * and a working group adopting another location's published initiative as
 * the start of its own, with the link to where it came from shown on both
 * initiatives' pages (adoption_view.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/initiative.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "initiative.h"

/* ------------------------------------------------------------ overlaps */

/*
 * Splits a keyset key "<similarity>~<first id>" (the pair's second id is
 * the keyset's id) into checked parameters; 0, or -1 with the field.
 */
static int
overlap_cursor(struct ctx *c, const struct keyset *k, char sim[16],
    char first[24])
{
	const char	*tilde = strchr(k->key, '~');
	long long	 id;
	size_t		 len, i;

	if (tilde == NULL || (len = (size_t)(tilde - k->key)) == 0 ||
	    len >= 16 || valid_int(tilde + 1, 1, INT64_MAX, &id) != NULL)
		goto bad;
	/* 0, 1 or 0.dddd as the statement gave it out. */
	for (i = 0; i < len; i++)
		if (!(k->key[i] >= '0' && k->key[i] <= '9') &&
		    !(k->key[i] == '.' && i == 1))
			goto bad;
	if (k->key[0] > '1')
		goto bad;
	memcpy(sim, k->key, len);
	sim[len] = '\0';
	ctx_id_text(id, first);
	return 0;
bad:
	ctx_field(c, "cursor", "is not a cursor this list gave out");
	return -1;
}

int
overlap_list(struct ctx *c)
{
	struct keyset	 page;
	const char	*area = kvlist_get(&c->req->query, "area");
	char		 sim[16], first[24];
	json_t		*items, *row;
	enum db_status	 st;
	size_t		 i;
	int		 index, status;

	if (area != NULL && area[0] == '\0')
		area = NULL;
	if (area != NULL && valid_enum(area, vocab_keys(vocab_areas),
	    &index) != NULL)
		ctx_field(c, "area", "is not one of the framework's areas");
	if (ctx_keyset_page(c, &page, NULL) == 0 && page.has_cursor)
		overlap_cursor(c, &page, sim, first);
	if (c->error_fields != NULL)
		return ctx_fail(c, 400, "The list's parameters are not valid.");
	if ((st = page.has_cursor ? db_overlaps_after(c->app->db, area, sim,
	    first, page.id, page.limit + 1, &items) : db_overlaps(c->app->db,
	    area, page.limit + 1, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(items, i, row) {
		json_object_set_new(row, "area_name", json_string(vocab_name(
		    vocab_areas, json_string_value(json_object_get(row,
		    "area")))));
	}
	if ((status = ctx_keyset_view(c, items, page.limit)) != 0)
		return status;
	/* The pair's second initiative stands in the keyset's "id". */
	json_array_foreach(json_object_get(c->view, "items"), i, row)
		json_object_del(row, "id");
	/* The page's filter (left out of JSON: json_omit). */
	json_object_set_new(c->view, "area_options", vocab_options(vocab_areas,
	    area));
	if (area != NULL)
		json_object_set_new(c->view, "area", json_string(area));
	return 200;
}

/* ------------------------------------------------------------ adoption */

/* Answers a refused adoption: the initiative's page again (src,
 * borrowed) with the message by the location field (HTML), or the error
 * (JSON). */
static int
adopt_refused(struct ctx *c, json_t *src, int status, const char *message)
{
	int	 failed;

	if (status != 422)
		return ctx_fail(c, status, message);
	ctx_field(c, "location", message);
	status = ctx_invalid(c, json_pack("{s:s}", "location",
	    ctx_input(c, "location") != NULL ? ctx_input(c, "location") : ""));
	return (failed = initiative_page(c, json_incref(src))) != 0 ? failed :
	    status;
}

/* Whether the asker may adopt src for the location to: 0 with *m their
 * membership there, or the refusal's status. */
static int
may_adopt(struct ctx *c, json_t *src, const char *to, json_t **m)
{
	const char	*vis, *role;

	/* Only a published initiative may be adopted: the rest is its
	 * working group's own, and is not there for anyone else. */
	vis = json_string_value(json_object_get(src, "visibility"));
	if (vis == NULL || strcmp(vis, "public") != 0)
		return ctx_fail(c, 404, "There is no such initiative here.");
	if (to == NULL || to[0] == '\0')
		return adopt_refused(c, src, 422, "is required");
	if (strcmp(to, json_string_value(json_object_get(c->location,
	    "slug"))) == 0)
		return adopt_refused(c, src, 422, N_("must be another location "
		    "than the initiative's own"));
	*m = auth_membership(&c->auth, to);
	role = *m != NULL ? json_string_value(json_object_get(*m, "role")) :
	    NULL;
	if (!role_can_write(role_parse(role)))
		return adopt_refused(c, src, 403, N_("Only members and "
		    "coordinators of a location's working group can adopt an "
		    "initiative for it."));
	return 0;
}

/*
 * Answers the adoption of src as new_id in the location to (m, the asker's
 * membership there).  From here on the request is about the new
 * initiative, in B: its audit entry and its answer are B's.
 */
static int
adopted(struct ctx *c, json_t *m, const char *to, json_t *src,
    long long new_id)
{
	char		 to_url[160];
	json_t		*detail, *ini = NULL;
	enum db_status	 st;
	int		 status;

	detail = json_pack("{s:I, s:O, s:O, s:O}", "initiative_id",
	    (json_int_t)new_id, "adopted_from_id", json_object_get(src, "id"),
	    "adopted_from", json_object_get(c->location, "slug"), "title",
	    json_object_get(src, "title"));
	json_decref(c->location);
	c->location = json_pack("{s:O, s:s, s:O}", "id", json_object_get(m,
	    "location_id"), "slug", to, "name", json_object_get(m,
	    "location_name"));
	c->role = json_string_value(json_object_get(m, "role"));
	st = ctx_audit(c, "initiative_adopted", detail);
	if (st == DB_OK)
		st = db_initiative_get(c->app->db, ctx_location_id(c), new_id, 0,
		    &ini);
	if (st != DB_OK || ini == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	initiative_decorate(ini, 0);
	if ((status = adoption_decorate(c, ini)) != 0) {
		json_decref(ini);
		return status;
	}
	json_decref(c->view);
	c->view = ini;
	snprintf(to_url, sizeof(to_url), "/l/%s/initiatives/%lld", to, new_id);
	return ctx_done(c, 201, to_url);
}

int
adoption_create(struct ctx *c)
{
	const char	*to = ctx_input(c, "location");
	json_t		*src, *m = NULL, *row = NULL;
	enum db_status	 st;
	int		 status;

	if ((status = initiative_load(c, 0, &src)) != 0)
		return status;
	if ((status = may_adopt(c, src, to, &m)) != 0)
		goto out;
	st = db_adoption_create(c->app->db, json_integer_value(json_object_get(
	    m, "location_id")), c->auth.user_id, ctx_location_id(c),
	    json_integer_value(json_object_get(src, "id")), &row);
	if (st != DB_OK || row == NULL)
		status = ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	else
		status = adopted(c, m, to, src, json_integer_value(
		    json_object_get(row, "id")));
out:
	json_decref(src);
	json_decref(row);
	return status;
}
