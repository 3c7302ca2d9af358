/*
 * initiative_reach: how far an initiative reaches beyond its location
 * (sql/033) — its scope (local, across several locations, national), the
 * participating locations, whether it is a mainstream programme with
 * significant refugee participation, its lead agency and who funds it —
 * read from the initiative form and the API, shown on its form, and saved
 * beside the initiative's other fields.  Participating locations read the
 * initiative; only its lead location changes it (initiative_owned()).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/initiative.h"
#include "../../db/national.h"
#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "initiative.h"

#define AGENCY_MAX	200
#define PERIOD_MAX	50
#define SOURCES_MAX	20	/* funding sources of one initiative */
#define SOURCE_ROWS	5	/* the form's rows */
#define PLACES_MAX	100	/* participating locations */
#define CENTS_MAX	100000000000LL

static const struct vocab reach_scopes[] = {
	{ "local", N_("This location only") },
	{ "multi", N_("Across several locations") },
	{ "national", N_("National") },
	{ NULL, NULL },
};

static const struct vocab reach_sources[] = {
	{ "levy", N_("Levy funding") },
	{ "council", N_("Council") },
	{ "philanthropy", N_("Philanthropy") },
	{ "portal_round", N_("A funding round of this portal") },
	{ "other", N_("Other") },
	{ NULL, NULL },
};

int
initiative_owned(const struct ctx *c, const json_t *ini)
{
	const char *lead = json_string_value(json_object_get(ini,
	    "lead_location"));

	return lead != NULL && strcmp(lead, json_string_value(
	    json_object_get(c->location, "slug"))) == 0;
}

/* ------------------------------------------------------ funding sources */

/* One source as given (typed: the form's dollars, else amount the API's
 * cents): appended to out; 0 when good, else a message. */
static const char *
source_line(const char *source, json_t *amount, const char *typed,
    const char *period, json_t *out)
{
	const char	*msg = NULL;
	char		*clean = NULL;
	long long	 cents = 0;
	json_t		*line;

	if (source == NULL || vocab_name(reach_sources, source) == NULL)
		msg = N_("each source must be levy, council, philanthropy, "
		    "portal_round or other");
	else if (typed != NULL ? valid_cents(typed, 0, CENTS_MAX, &cents) !=
	    NULL : !json_is_integer(amount) || json_integer_value(amount) < 0 ||
	    json_integer_value(amount) > CENTS_MAX)
		msg = N_("each source needs an amount: a whole number of cents "
		    "from 0 (in the form, dollars such as 5000)");
	/* A source without "period" (or a form without its row's input)
	 * has none: valid_text() takes a string. */
	else if (period == NULL || valid_text(period, 1, PERIOD_MAX, 0,
	    &clean) != NULL)
		msg = N_("each source needs its period, such as 2026/27, of at "
		    "most 50 characters");
	if (msg == NULL && typed == NULL)
		cents = json_integer_value(amount);
	line = json_pack("{s:s, s:I, s:s}", "source", source != NULL ? source :
	    "", "amount_cents", (json_int_t)cents, "period", clean != NULL ?
	    clean : period != NULL ? period : "");
	if (typed != NULL)
		json_object_set_new(line, "amount", json_string(typed));
	json_array_append_new(out, line);
	free(clean);
	return msg;
}

/* The API's [{"source", "amount_cents", "period"}]; the first message. */
static const char *
sources_json(json_t *given, json_t *out)
{
	const char	*msg = NULL, *m;
	json_t		*s;
	size_t		 i;

	if (!json_is_array(given))
		return N_("must be a list of {\"source\", \"amount_cents\", "
		    "\"period\"}");
	json_array_foreach(given, i, s)
		if ((m = source_line(json_string_value(json_object_get(s,
		    "source")), json_object_get(s, "amount_cents"), NULL,
		    json_string_value(json_object_get(s, "period")), out)) !=
		    NULL && msg == NULL)
			msg = m;
	return msg;
}

/* The form's numbered rows (funding_source_N, funding_amount_N,
 * funding_period_N), blank ones skipped; the first message. */
static const char *
sources_form(struct ctx *c, json_t *out)
{
	const char	*msg = NULL, *m, *v[3];
	char		 name[32];
	size_t		 i;

	for (i = 1; i <= SOURCE_ROWS; i++) {
		snprintf(name, sizeof(name), "funding_source_%zu", i);
		v[0] = ctx_input(c, name);
		snprintf(name, sizeof(name), "funding_amount_%zu", i);
		v[1] = ctx_input(c, name);
		snprintf(name, sizeof(name), "funding_period_%zu", i);
		v[2] = ctx_input(c, name);
		if ((v[0] == NULL || v[0][0] == '\0') && (v[1] == NULL ||
		    v[1][strspn(v[1], " ")] == '\0'))
			continue;
		if ((m = source_line(v[0], NULL, v[1] != NULL ? v[1] : "",
		    v[2], out)) != NULL && msg == NULL)
			msg = m;
	}
	return msg;
}

static void
read_sources(struct ctx *c, json_t *values)
{
	json_t		*given, *out;
	const char	*msg;

	if (c->req->json != NULL) {
		if ((given = json_object_get(c->req->json, "funding_sources")) ==
		    NULL)
			return;
		out = json_array();
		msg = sources_json(given, out);
	} else {
		if (ctx_input(c, "funding_source_1") == NULL)
			return;
		out = json_array();
		msg = sources_form(c, out);
	}
	if (msg == NULL && json_array_size(out) > SOURCES_MAX)
		msg = N_("can have at most 20 sources");
	if (msg != NULL)
		ctx_field(c, "funding_sources", msg);
	json_object_set_new(values, "funding_sources", out);
}

/* --------------------------------------------------------- the places */

/* Participating locations: slugs (one a line in the form) that name a
 * location other than this one. */
static enum db_status
read_locations(struct ctx *c, json_t *values)
{
	json_t		*given, *v, *unknown = NULL;
	const char	*self = json_string_value(json_object_get(c->location,
			    "slug"));
	char		*text;
	enum db_status	 st;
	size_t		 i;
	int		 bad;

	if ((given = ctx_input_list(c, "locations", 1, &bad)) == NULL)
		return DB_OK;
	json_object_set_new(values, "locations", given);
	if (!bad && json_array_size(given) > PLACES_MAX)
		bad = 1;
	json_array_foreach(given, i, v)
		if (valid_slug(json_string_value(v)) != NULL ||
		    strcmp(json_string_value(v), self) == 0)
			bad = 1;
	if (bad) {
		ctx_field(c, "locations", "must be the slugs of other "
		    "locations (such as nelson), at most 100");
		return DB_OK;
	}
	if ((text = json_dumps(given, JSON_COMPACT)) == NULL)
		return DB_ERROR;
	st = db_export_unknown_locations(c->app->db, text, &unknown);
	free(text);
	if (st == DB_OK && json_array_size(unknown) > 0)
		ctx_field(c, "locations", "names a location the portal does "
		    "not have");
	json_decref(unknown);
	return st;
}

enum db_status
reach_read(struct ctx *c, json_t *values)
{
	const char	*scope;

	field_enum(c, values, "scope", reach_scopes, "must be local, multi "
	    "or national");
	field_bool(c, values, "mainstream", c->req->json == NULL);
	field_text(c, values, "lead_agency", 0, AGENCY_MAX, 0);
	read_sources(c, values);
	scope = json_string_value(json_object_get(values, "scope"));
	if (scope != NULL && vocab_name(reach_scopes, scope) == NULL)
		ctx_field(c, "scope", "must be local, multi or national");
	return read_locations(c, values);
}

/* After the checks of every field: a local initiative has no
 * participating locations, one across several locations has some. */
void
reach_check(struct ctx *c, json_t *values)
{
	const char	*scope = json_string_value(json_object_get(values,
			    "scope"));
	size_t		 n = json_array_size(json_object_get(values,
			    "locations"));

	if (scope == NULL)
		return;
	if (strcmp(scope, "local") == 0 && n > 0)
		ctx_field(c, "locations", "a local initiative has no "
		    "participating locations: choose multi or national");
	else if (strcmp(scope, "multi") == 0 && n == 0)
		ctx_field(c, "locations", "name the locations taking part");
}

/* ----------------------------------------------------------- the form */

void
reach_form(json_t *values, json_t *form)
{
	json_t		*rows = json_array(), *s, *src;
	size_t		 i;

	src = json_object_get(values, "funding_sources");
	for (i = 0; i < SOURCE_ROWS || i < json_array_size(src); i++) {
		s = json_array_get(src, i);
		json_array_append_new(rows, json_pack("{s:I, s:o, s:o, s:O?}",
		    "n", (json_int_t)i + 1, "options", vocab_options(
		    reach_sources, json_string_value(json_object_get(s,
		    "source"))), "amount", json_object_get(s, "amount") != NULL ?
		    json_incref(json_object_get(s, "amount")) : field_dollars(
		    json_object_get(s, "amount_cents")), "period",
		    json_object_get(s, "period")));
	}
	json_object_set_new(form, "funding_rows", rows);
	json_object_set_new(form, "scope_options", vocab_options(reach_scopes,
	    json_string_value(json_object_get(values, "scope"))));
}

void
reach_decorate(json_t *ini)
{
	json_t	*s;
	size_t	 i;

	json_object_set_new(ini, "scope_name", json_string(vocab_name(
	    reach_scopes, json_string_value(json_object_get(ini, "scope")))));
	json_array_foreach(json_object_get(ini, "funding_sources"), i, s)
		json_object_set_new(s, "source_name", json_string(vocab_name(
		    reach_sources, json_string_value(json_object_get(s,
		    "source")))));
}

enum db_status
reach_save(struct ctx *c, long long id, json_t *values)
{
	json_t		*row = NULL;
	enum db_status	 st;

	st = db_initiative_reach_save(c->app->db, ctx_location_id(c), id,
	    values, &row);
	json_decref(row);
	return st;
}
