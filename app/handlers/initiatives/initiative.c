/*
 * initiative: a working group's initiatives — the lists (public and the
 * working group's, filtered, searched, paged by keyset) and one
 * initiative's page with its timeline.  Progress updates are in
 * progress.c, exports in export.c.
 *
 * Members and coordinators write; observers and national staff read;
 * everyone else sees published initiatives only, and an unpublished one
 * is answered 404, as if it did not exist.  Creating and editing are in
 * initiative_form.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/initiative.h"
#include "../../db/indicator.h"
#include "../../db/target.h"
#include "../../domain/funding.h"
#include "../../domain/role.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../../views/escape.h"
#include "initiative.h"
#include "target.h"

#define QUERY_MAX	200

int
initiative_sees_all(const struct ctx *c)
{
	return c->role != NULL || auth_national_role(&c->auth) != NULL;
}

int
initiative_can_write(const struct ctx *c)
{
	return role_can_write(role_parse(c->role));
}

static int
published(json_t *ini)
{
	const char *v = json_string_value(json_object_get(ini, "visibility"));

	return v != NULL && strcmp(v, "public") == 0;
}


void
initiative_decorate(json_t *ini, int public_only)
{
	json_object_set_new(ini, "area_name", json_string(vocab_name(
	    vocab_areas, json_string_value(json_object_get(ini, "area")))));
	json_object_set_new(ini, "status_name", json_string(vocab_name(
	    vocab_statuses, json_string_value(json_object_get(ini,
	    "status")))));
	json_object_set_new(ini, "element_names", vocab_named(vocab_elements,
	    json_object_get(ini, "elements")));
	json_object_set_new(ini, "outcome_names", vocab_named(vocab_outcomes,
	    json_object_get(ini, "outcome_areas")));
	json_object_set_new(ini, "published", json_boolean(published(ini)));
	reach_decorate(ini);
	json_object_del(ini, "sort_key");
	/* Who leads it is the working group's business. */
	if (public_only) {
		json_object_del(ini, "lead_user_id");
		json_object_del(ini, "lead_name");
	}
}

/* ------------------------------------------------------------ reading */

/* The initiative {id} of the route's location as the asker may see it:
 * 0 with *ini set, or an error status (404 for what they may not see). */
int
initiative_load(struct ctx *c, int lock, json_t **ini)
{
	long long	 n = ctx_param_id(c, "id");
	enum db_status	 st;

	*ini = NULL;
	if (n == 0)
		goto none;
	/* A change is the lead location's: a participating one reads. */
	if (lock && (st = db_initiative_get(c->app->db, ctx_location_id(c), n,
	    0, ini)) == DB_OK && *ini != NULL && !initiative_owned(c, *ini)) {
		json_decref(*ini);
		*ini = NULL;
		return ctx_fail(c, 403, "Only the lead location's working group "
		    "changes this initiative.");
	}
	json_decref(*ini);
	*ini = NULL;
	if ((st = db_initiative_get(c->app->db, ctx_location_id(c), n, lock,
	    ini)) != DB_OK)
		return ctx_db_fail(c, st);
	if (*ini != NULL && (initiative_sees_all(c) || published(*ini)))
		return 0;
	json_decref(*ini);
	*ini = NULL;
none:
	return ctx_fail(c, 404, "There is no such initiative here.");
}

/* --------------------------------------------------------------- lists */

/* Each sort, with its order and the check of its cursor's key (the
 * title sort's key is any text: the lowered title). */
static const struct {
	const char	*key;
	const char	*name;
	enum db_initiative_sort order;
	const char	*(*valid_key)(const char *);
} sorts[] = {
	{ "recent", N_("Recently changed"), DB_INITIATIVES_RECENT,
	    valid_micros },
	{ "title", "Title, A to Z", DB_INITIATIVES_TITLE, NULL },
	{ "created", N_("Newest first"), DB_INITIATIVES_CREATED, valid_id },
};
#define NSORTS	(sizeof(sorts) / sizeof(sorts[0]))

/* The list's filters as given in the query string, checked. */
struct list_query {
	const char	*area, *element, *status, *outcome, *q;
	size_t		 sort;
	struct keyset	 page;
};

static int
read_list_query(struct ctx *c, struct list_query *lq)
{
	const char	*sort, *q;
	size_t		 i;

	memset(lq, 0, sizeof(*lq));
	lq->area = ctx_query_enum(c, "area",
	    vocab_keys(vocab_areas));
	lq->element = ctx_query_enum(c, "element",
	    vocab_keys(vocab_elements));
	lq->status = ctx_query_enum(c, "status",
	    vocab_keys(vocab_statuses));
	lq->outcome = ctx_query_enum(c, "outcome_area",
	    vocab_keys(vocab_outcomes));
	if ((q = kvlist_get(&c->req->query, "q")) != NULL && q[0] != '\0') {
		if (strlen(q) > QUERY_MAX)
			ctx_field(c, "q", "must be at most 200 characters");
		lq->q = q;
	}
	if ((sort = kvlist_get(&c->req->query, "sort")) != NULL &&
	    sort[0] != '\0') {
		for (i = 0; i < NSORTS && strcmp(sort, sorts[i].key) != 0; i++)
			;
		if (i == NSORTS)
			ctx_field(c, "sort", "must be recent, title or created");
		else
			lq->sort = i;
	}
	/* After the sort: it decides what a cursor's key is. */
	ctx_keyset_page(c, &lq->page, sorts[lq->sort].valid_key);
	return c->error_fields != NULL ? -1 : 0;
}

/* The query string of this list with another cursor, for "next" links. */
static void
list_url(struct buf *out, const struct ctx *c, const struct list_query *lq,
    const char *cursor)
{
	const char *const names[] = { "area", "element", "status",
	    "outcome_area", "q" };
	const char *const values[] = { lq->area, lq->element, lq->status,
	    lq->outcome, lq->q };
	size_t	 i;

	buf_puts(out, c->req->path);
	buf_puts(out, "?sort=");
	buf_puts(out, sorts[lq->sort].key);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (values[i] == NULL)
			continue;
		buf_printf(out, "&%s=", names[i]);
		esc_url(out, values[i], strlen(values[i]));
	}
	buf_printf(out, "&limit=%lld", lq->page.limit);
	buf_puts(out, "&cursor=");
	esc_url(out, cursor, strlen(cursor));
}

/* Answers a page of rows (limit + 1 asked for), with the address of the
 * page after for HTML "next" links. */
static int
page_view(struct ctx *c, json_t *items, const struct list_query *lq,
    int public_only)
{
	struct buf	 url = BUF_INIT;
	json_t		*ini, *next;
	size_t		 i;
	int		 status;

	if ((status = ctx_keyset_view(c, items, lq->page.limit)) != 0)
		return status;
	json_array_foreach(json_object_get(c->view, "items"), i, ini)
		initiative_decorate(ini, public_only);
	if (json_is_string(next = json_object_get(c->view, "next"))) {
		list_url(&url, c, lq, json_string_value(next));
		if (!buf_failed(&url))
			json_object_set_new(c->view, "next_url",
			    json_string(buf_str(&url)));
	}
	buf_free(&url);
	return 0;
}

/* The filter form of an HTML list: each control with what was chosen. */
static json_t *
filter_form(const struct list_query *lq)
{
	json_t	*sort_options = json_array();
	size_t	 i;

	for (i = 0; i < NSORTS; i++)
		json_array_append_new(sort_options, json_pack("{s:s, s:s, s:b}",
		    "key", sorts[i].key, "name", sorts[i].name, "selected",
		    i == lq->sort));
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:s}", "area_options",
	    vocab_options(vocab_areas, lq->area), "element_options",
	    vocab_options(vocab_elements, lq->element), "status_options",
	    vocab_options(vocab_statuses, lq->status), "outcome_options",
	    vocab_options(vocab_outcomes, lq->outcome), "sort_options",
	    sort_options, "q", lq->q != NULL ? lq->q : "");
}

static int
list(struct ctx *c, int public_only)
{
	struct list_query lq;
	json_t		*items;
	enum db_status	 st;
	int		 status;

	if (read_list_query(c, &lq) == -1)
		return ctx_fail(c, 400, "The list cannot be filtered or paged "
		    "that way: see fields.");
	if ((st = db_initiatives_list(c->app->db, sorts[lq.sort].order,
	    &(struct db_initiative_filter){ .location_id = ctx_location_id(c),
	    .public_only = public_only, .area = lq.area,
	    .element = lq.element, .status = lq.status,
	    .outcome = lq.outcome, .q = lq.q,
	    .after_key = lq.page.has_cursor ? lq.page.key : NULL,
	    .after_id = lq.page.has_cursor ? lq.page.id : NULL,
	    .size = lq.page.limit + 1 }, &items)) != DB_OK)
		return ctx_db_fail(c, st);
	if ((status = page_view(c, items, &lq, public_only)) != 0 ||
	    (status = target_decorate_list(c, json_object_get(c->view,
	    "items"))) != 0)
		return status;
	json_object_set_new(c->view, "location", ctx_location_public(c));
	json_object_set_new(c->view, "public_only", json_boolean(public_only));
	json_object_set_new(c->view, "can_write", json_boolean(
	    initiative_can_write(c)));
	/* The page's filter form (left out of JSON: json_omit). */
	json_object_set_new(c->view, "filters", filter_form(&lq));
	return 200;
}

/* /api/v1/locations/{slug}/initiatives and the working group's list:
 * everything for the location's roles and national staff. */
int
initiative_list(struct ctx *c)
{
	return list(c, !initiative_sees_all(c));
}

/* /l/{slug}/initiatives: the public page, published ones only. */
int
initiative_list_public(struct ctx *c)
{
	return list(c, 1);
}

/* ---------------------------------------------------------------- page */

/*
 * The update form's statuses and figure inputs, one per indicator the
 * location uses, each with what was typed and its message after a failed
 * post (in c->view): view's "status_options" and "figure_fields".  0 or
 * a status.
 */
static int
update_form(struct ctx *c, json_t *view)
{
	json_t		*list, *d, *form, *errors, *communities;
	enum db_status	 st;
	size_t		 i;

	json_object_set_new(view, "status_options", vocab_options(
	    vocab_statuses, NULL));
	if ((st = db_indicator_list(c->app->db, ctx_location_id(c), &list)) !=
	    DB_OK)
		return ctx_db_fail(c, st);
	if ((st = db_communities_list(c->app->db, &communities)) != DB_OK) {
		json_decref(list);
		return ctx_db_fail(c, st);
	}
	form = json_object_get(c->view, "form");
	errors = json_object_get(c->view, "errors");
	json_array_foreach(list, i, d) {
		const char *key = json_string_value(json_object_get(d, "key"));

		json_object_set(d, "value", json_object_get(form, key));
		json_object_set(d, "error", json_object_get(errors, key));
		breakdown_fields(c, d, communities, form, errors);
	}
	json_decref(communities);
	json_object_set_new(view, "figure_fields", list);
	return 0;
}

int
initiative_page(struct ctx *c, json_t *ini)
{
	json_t		*updates, *u, *view, *funding = NULL, *totals = NULL;
	long long	 id = json_integer_value(json_object_get(ini, "id"));
	enum db_status	 st;
	int		 public_only = !initiative_sees_all(c), funded, failed;
	int		 writes = initiative_can_write(c) &&
			    initiative_owned(c, ini);
	size_t		 i;

	if ((st = db_updates_list(c->app->db, id, NULL, NULL, PAGE_MAX,
	    &updates)) != DB_OK) {
		json_decref(ini);
		return ctx_db_fail(c, st);
	}
	json_array_foreach(updates, i, u) {
		json_object_del(u, "sort_key");
		update_decorate(u, public_only, writes ? c->auth.user_id : 0);
		breakdown_view(u, breakdown_owner(c, ini));
	}
	json_object_set_new(ini, "updates", updates);
	/* The working group sees the funding requests behind it; everyone
	 * the money its grants brought, never who asked. */
	if ((!public_only && (st = db_initiative_funding(c->app->db, id,
	    &funding)) != DB_OK) || (st = db_initiative_funding_totals(
	    c->app->db, id, &totals)) != DB_OK || totals == NULL) {
		failed = ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
		goto fail;
	}
	json_array_foreach(funding, i, u)
		json_object_set_new(u, "state_name", json_string(vocab_name(
		    vocab_funding_states, json_string_value(json_object_get(u,
		    "state")))));
	if (funding != NULL)
		json_object_set(ini, "funding", funding);
	funded = json_integer_value(json_object_get(totals, "grants")) > 0;
	json_object_set(ini, "funding_totals", totals);
	initiative_decorate(ini, public_only);
	if ((failed = adoption_decorate(c, ini)) != 0 ||
	    (failed = target_decorate(c, ini)) != 0)
		goto fail;
	json_decref(funding);
	json_decref(totals);
	view = json_pack("{s:o, s:o, s:b}", "location", ctx_location_public(c),
	    "initiative", ini, "can_write", writes);
	/* For the page (the API answers "initiative": json_member). */
	if (writes && (failed = update_form(c, view)) != 0) {
		json_decref(view);
		return failed;
	}
	json_object_set_new(view, "funded", json_boolean(funded));
	ctx_view_merge(c, view);
	return 0;
fail:
	json_decref(funding);
	json_decref(totals);
	json_decref(ini);
	return failed;
}

int
initiative_show(struct ctx *c)
{
	json_t	*ini;
	int	 status;

	if ((status = initiative_load(c, 0, &ini)) != 0 ||
	    (status = initiative_page(c, ini)) != 0 ||
	    (status = partner_attach_initiative(c)) != 0)
		return status;
	/* The API answers the initiative itself, updates and partner
	 * organisations included (routes.c json_member). */
	return 200;
}

