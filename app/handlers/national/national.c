/*
 * national: Immigration New Zealand's dashboard across every location
 * (/national/ and /api/v1/national/overview, one view): a page of
 * locations by name, each against the framework's seven areas and five
 * elements (active and planned initiatives, gaps marked), its funding by
 * round, its working group's sectors (missing ones flagged) and whether
 * it has completed each open stocktake and its totals of the national
 * indicators from confirmed figures (sql/025); then the open stocktakes with how
 * many locations completed them, the requests waiting longest for a
 * decision and the overdue reports, for the whole country.  The counts come from the summary tables of
 * sql/007_national.sql, so a page costs the same however many
 * initiatives there are.  The view also describes two charts (views/svg.h)
 * that the page draws beside its tables.
 */
#include <stdio.h>

#include "../../db/indicator.h"
#include "../../db/national.h"
#include "../../domain/funding.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../handler.h"
#include "../initiatives/target.h"

#define NATIONAL_LIST	20	/* waiting requests, overdue reports */

/* [{"key", "name"}] of a vocabulary; new array. */
static json_t *
vocab_list(const struct vocab *v)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; v[i].key != NULL; i++)
		json_array_append_new(out, json_pack("{s:s, s:s}", "key",
		    v[i].key, "name", v[i].name));
	return out;
}

/*
 * Every entry of v with its active and planned count from counts
 * ({"key": {"active", "planned"}}), a gap where both are zero; *gaps
 * counts those.  New array.
 */
static json_t *
coverage_row(const struct vocab *v, json_t *counts, int *gaps)
{
	json_t		*out = json_array(), *c;
	json_int_t	 active, planned;
	size_t		 i;

	*gaps = 0;
	for (i = 0; v[i].key != NULL; i++) {
		c = json_object_get(counts, v[i].key);
		active = json_integer_value(json_object_get(c, "active"));
		planned = json_integer_value(json_object_get(c, "planned"));
		*gaps += active + planned == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:I, "
		    "s:I, s:b}", "key", v[i].key, "name", v[i].name, "active",
		    active, "planned", planned, "total", active + planned,
		    "gap", active + planned == 0));
	}
	return out;
}

/* The nine sectors with their member counts ({"ngo": 2}); *missing
 * counts those with nobody.  New array. */
static json_t *
sector_row(json_t *counts, int *missing)
{
	json_t		*out = json_array();
	json_int_t	 n;
	size_t		 i;

	*missing = 0;
	for (i = 0; vocab_sectors[i].key != NULL; i++) {
		n = json_integer_value(json_object_get(counts,
		    vocab_sectors[i].key));
		*missing += n == 0;
		json_array_append_new(out, json_pack("{s:s, s:s, s:I, s:b}",
		    "key", vocab_sectors[i].key, "name", vocab_sectors[i].name,
		    "count", n, "present", n > 0));
	}
	return out;
}

/* The location's money over all its rounds; new object. */
static json_t *
funding_total(json_t *rounds)
{
	static const char *const keys[] = { "pool_cents", "requested_cents",
	    "approved_cents", "paid_cents", "remaining_cents" };
	json_t		*out = json_object(), *r;
	json_int_t	 sum;
	size_t		 i, k;

	for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		sum = 0;
		json_array_foreach(rounds, i, r)
			sum += json_integer_value(json_object_get(r, keys[k]));
		json_object_set_new(out, keys[k], json_integer(sum));
	}
	return out;
}

/* Whether the location completed each open stocktake, in their order:
 * [{"id", "completed"}]; new array. */
static json_t *
stocktake_row(json_t *open, json_t *returned)
{
	json_t		*out = json_array(), *st, *id;
	json_int_t	 want;
	size_t		 i, k;
	int		 done;

	json_array_foreach(open, i, st) {
		want = json_integer_value(json_object_get(st, "id"));
		done = 0;
		json_array_foreach(returned, k, id)
			done |= json_integer_value(id) == want;
		json_array_append_new(out, json_pack("{s:I, s:b}", "id", want,
		    "completed", done));
	}
	return out;
}

/* The location's totals ({key: n}) in the order of the national
 * indicators: [{key, total}], 0 where it has none; new array. */
static json_t *
figure_row(json_t *indicators, json_t *totals)
{
	json_t	*out = json_array(), *d, *n;
	size_t	 i;

	json_array_foreach(indicators, i, d) {
		n = json_object_get(totals, json_string_value(json_object_get(d,
		    "key")));
		json_array_append_new(out, json_pack("{s:O, s:I}", "key",
		    json_object_get(d, "key"), "total", n != NULL ?
		    json_integer_value(n) : (json_int_t)0));
	}
	return out;
}

/* One location's row as the query gave it, arranged for the view;
 * open is the open stocktakes, indicators the national ones. */
static void
location_arrange(json_t *loc, json_t *open, json_t *indicators)
{
	int	 gaps;

	json_object_set_new(loc, "figure_cells", figure_row(indicators,
	    json_object_get(loc, "figures")));
	json_object_set_new(loc, "areas", coverage_row(vocab_areas,
	    json_object_get(loc, "area_counts"), &gaps));
	json_object_set_new(loc, "gap_areas", json_integer(gaps));
	json_object_set_new(loc, "elements", coverage_row(vocab_elements,
	    json_object_get(loc, "element_counts"), &gaps));
	json_object_set_new(loc, "gap_elements", json_integer(gaps));
	json_object_set_new(loc, "outcomes", coverage_row(vocab_outcomes,
	    json_object_get(loc, "outcome_counts"), &gaps));
	json_object_set_new(loc, "gap_outcomes", json_integer(gaps));
	json_object_set_new(loc, "sectors", sector_row(json_object_get(loc,
	    "sector_counts"), &gaps));
	json_object_set_new(loc, "missing_sectors", json_integer(gaps));
	json_object_set_new(loc, "funding", funding_total(json_object_get(loc,
	    "rounds")));
	json_object_set_new(loc, "stocktakes", stocktake_row(open,
	    json_object_get(loc, "returned")));
	json_object_del(loc, "returned");
	json_object_del(loc, "area_counts");
	json_object_del(loc, "element_counts");
	json_object_del(loc, "outcome_counts");
	json_object_del(loc, "sector_counts");
}

/* The charts of the page's locations (views/svg.h); new object. */
static json_t *
charts(json_t *items)
{
	json_t	*areas = json_array(), *money = json_array(), *cols;
	json_t	*loc, *a, *values, *f;
	size_t	 i, k;

	json_array_foreach(items, i, loc) {
		values = json_array();
		json_array_foreach(json_object_get(loc, "areas"), k, a)
			json_array_append(values, json_object_get(a, "total"));
		json_array_append_new(areas, json_pack("{s:O, s:o}", "label",
		    json_object_get(loc, "name"), "values", values));
		/* Bars only where there is money to draw. */
		if (json_array_size(json_object_get(loc, "rounds")) == 0)
			continue;
		f = json_object_get(loc, "funding");
		json_array_append_new(money, json_pack("{s:O, s:[O, O, O, O]}",
		    "label", json_object_get(loc, "name"), "values",
		    json_object_get(f, "pool_cents"),
		    json_object_get(f, "requested_cents"),
		    json_object_get(f, "approved_cents"),
		    json_object_get(f, "paid_cents")));
	}
	cols = json_array();
	for (k = 0; vocab_areas[k].key != NULL; k++)
		json_array_append_new(cols, json_string(_(vocab_areas[k].name)));
	return json_pack("{s:{s:s, s:s, s:s, s:s, s:o, s:o},"
	    " s:{s:s, s:s, s:s, s:s, s:[s, s, s, s], s:b, s:o}}",
	    "areas", "kind", "heatmap", "id", "areas-chart", "title",
	    _("Active and planned initiatives by location and area"), "desc",
	    _("A grid of the locations listed against the framework's seven "
	    "areas; darker cells hold more initiatives and a cell marked gap "
	    "holds none. The table below gives the same numbers."),
	    "columns", cols, "rows", areas,
	    "funding", "kind", "bars", "id", "funding-chart", "title",
	    _("Funding by location"), "desc",
	    _("For each location listed that has a funding round, bars for its "
	    "funding pool and the amounts requested, approved and paid over "
	    "all its rounds, each with its value in dollars. The table below "
	    "gives the same numbers, round by round."),
	    "series", _("Pool"), _("Requested"), _("Approved"), _("Paid"), "money", 1,
	    "rows", money);
}

/*
 * {"items", "total"} of list which (the waiting requests or overdue
 * reports), each item's location as {"slug", "name"}.  0 or a status.
 */
static int
national_list(struct ctx *c, enum db_national_list which, json_t **out)
{
	json_t		*rows, *r;
	json_int_t	 total = 0;
	enum db_status	 st;
	size_t		 i;

	if ((st = db_national_list(c->app->db, which, NATIONAL_LIST, &rows)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(rows, i, r) {
		const char *state = json_string_value(json_object_get(r,
		    "state"));

		total = json_integer_value(json_object_get(r, "total"));
		json_object_set_new(r, "location", json_pack("{s:O, s:O}",
		    "slug", json_object_get(r, "location_slug"), "name",
		    json_object_get(r, "location_name")));
		if (state != NULL)
			json_object_set_new(r, "state_name", json_string(
			    vocab_name(vocab_funding_states, state)));
		json_object_del(r, "location_slug");
		json_object_del(r, "location_name");
		json_object_del(r, "total");
	}
	*out = json_pack("{s:o, s:I}", "items", rows, "total", total);
	return *out != NULL ? 0 : ctx_fail(c, 500, "Out of memory.");
}

/*
 * What needs attention first, from the rest of the view: the locations
 * listed with a settlement outcome area no active or planned initiative
 * serves (and which), the oldest waiting request, the overdue reports,
 * each open stocktake's progress and the figures waiting for
 * confirmation (left out for partners, who never see those).  New object.
 */
static json_t *
attention(json_t *view, int partner)
{
	json_t		*gaps = json_array(), *loc, *o, *missing, *waiting, *out;
	json_int_t	 unconfirmed = 0;
	size_t		 i, k;

	json_array_foreach(json_object_get(view, "items"), i, loc) {
		unconfirmed += json_integer_value(json_object_get(loc,
		    "unconfirmed_figures"));
		if (json_integer_value(json_object_get(loc, "gap_outcomes")) ==
		    0)
			continue;
		missing = json_array();
		json_array_foreach(json_object_get(loc, "outcomes"), k, o)
			if (json_is_true(json_object_get(o, "gap")))
				json_array_append(missing, o);
		json_array_append_new(gaps, json_pack("{s:O, s:O, s:o}", "slug",
		    json_object_get(loc, "slug"), "name", json_object_get(loc,
		    "name"), "missing", missing));
	}
	waiting = json_object_get(view, "waiting");
	out = json_pack("{s:o, s:I, s:O?, s:O, s:O, s:O}", "outcome_gaps",
	    gaps, "outcome_gap_count", (json_int_t)json_array_size(gaps),
	    "oldest_waiting", json_array_get(json_object_get(waiting, "items"),
	    0), "waiting_total", json_object_get(waiting, "total"),
	    "overdue_total", json_object_get(json_object_get(view, "overdue"),
	    "total"), "stocktakes", json_object_get(view, "stocktakes"));
	if (out != NULL && !partner)
		json_object_set_new(out, "unconfirmed_figures",
		    json_integer(unconfirmed));
	return out;
}

/* The settlement outcome areas, what needs attention, and what partners
 * never see (how many figures wait for confirmation) taken out.  200. */
static int
national_finish(struct ctx *c)
{
	json_t	*loc;
	size_t	 i;
	int	 partner = auth_partner(&c->auth);

	json_object_set_new(c->view, "outcome_areas",
	    vocab_list(vocab_outcomes));
	json_object_set_new(c->view, "attention", attention(c->view, partner));
	json_object_set_new(c->view, "partner", json_boolean(partner));
	if (partner)
		json_array_foreach(json_object_get(c->view, "items"), i, loc)
			json_object_del(loc, "unconfirmed_figures");
	return 200;
}

int
national_home(struct ctx *c)
{
	const char	*cursor;
	long long	 limit;
	json_t		*items, *loc, *open, *waiting = NULL, *overdue = NULL;
	json_t		*indicators;
	enum db_status	 st;
	size_t		 i;
	int		 status;

	if (ctx_page(c, &limit, &cursor, valid_slug) == -1)
		return ctx_fail(c, 400, "The page asked for is not valid.");
	if ((st = db_national_overview(c->app->db, cursor, limit + 1,
	    &items)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((status = ctx_page_view(c, items, limit, "slug")) != 200)
		return status;
	if ((st = db_national_stocktakes(c->app->db, &open)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "stocktakes", open);
	if ((st = db_figures_national(c->app->db, &indicators)) != DB_OK)
		return ctx_db_fail(c, st);
	json_object_set_new(c->view, "indicators", indicators);
	items = json_object_get(c->view, "items");
	json_array_foreach(items, i, loc)
		location_arrange(loc, open, indicators);
	if ((status = national_figures(c, items)) != 0)
		return status;
	if ((status = national_list(c, DB_NATIONAL_WAITING, &waiting)) !=
	    0 || (status = national_list(c, DB_NATIONAL_OVERDUE,
	    &overdue)) != 0) {
		json_decref(waiting);
		return status;
	}
	json_object_set_new(c->view, "areas", vocab_list(vocab_areas));
	json_object_set_new(c->view, "elements", vocab_list(vocab_elements));
	json_object_set_new(c->view, "sectors", vocab_list(vocab_sectors));
	json_object_set_new(c->view, "waiting", waiting);
	json_object_set_new(c->view, "overdue", overdue);
	json_object_set_new(c->view, "charts", charts(items));
	json_object_set_new(c->view, "paged", json_boolean(cursor != NULL));
	return national_finish(c);
}
