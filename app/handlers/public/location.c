/*
 * location: the settlement locations, publicly listed (/ and
 * /api/v1/locations) and each location's home (/l/{slug}/ and
 * /api/v1/locations/{slug}) with its latest published initiatives.
 */
#include <stdio.h>

#include "../../db/funding.h"
#include "../../db/initiative.h"
#include "../../db/location.h"
#include "../../http/validate.h"
#include "../funding/assist.h"
#include "../handler.h"

int
location_list(struct ctx *c)
{
	json_t		*items;
	long long	 limit;
	const char	*cursor;
	enum db_status	 st;

	if (ctx_page(c, &limit, &cursor, valid_slug) == -1)
		return ctx_fail(c, 400, "The list cannot be paged that way.");
	if ((st = db_location_list(c->app->db, cursor != NULL ? cursor : "",
	    (int)limit + 1, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	return ctx_page_view(c, items, limit, "slug");
}

#define PUBLISHED_SHOWN	10

/* The location's latest published initiatives, each with its latest
 * update, and whether there are more than shown. */
static int
published(struct ctx *c, const char *slug)
{
	json_t		*items;
	enum db_status	 st;
	int		 more;

	if ((st = db_initiatives_published(c->app->db, slug,
	    PUBLISHED_SHOWN + 1, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((more = json_array_size(items) > PUBLISHED_SHOWN))
		json_array_remove(items, PUBLISHED_SHOWN);
	json_object_set_new(c->view, "initiatives", items);
	json_object_set_new(c->view, "more_initiatives", json_boolean(more));
	return 200;
}

int
location_show(struct ctx *c)
{
	const char	*slug = request_param(c->req, "slug");
	json_t		*rounds;
	enum db_status	 st;
	int		 status;

	if (valid_slug(slug) != NULL)
		return ctx_fail(c, 404, "There is no settlement location at "
		    "this address.");
	if ((st = db_location_get(c->app->db, slug, &c->view)) != DB_OK)
		return ctx_db_fail(c, st);
	if (c->view == NULL)
		return ctx_fail(c, 404, "There is no settlement location at "
		    "this address.");
	if ((st = db_rounds_open(c->app->db, slug, &rounds)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "open_rounds", rounds);
	if ((status = contact_attach(c, slug)) != 0 ||
	    (status = location_newcomer(c, slug)) != 0 ||
	    (status = newsletter_location_archive(c, slug)) != 0)
		return status;
	return published(c, slug);
}
