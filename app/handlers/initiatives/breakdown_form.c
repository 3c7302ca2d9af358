/*
 * breakdown_form: the progress-update form's breakdowns, for browsers
 * without JavaScript.  Each figure has a <details> of number inputs, one
 * per community, gender and age band, and LANGUAGE_ROWS rows of a
 * language and its count; the inputs are named
 * "b.<indicator>.<dimension>.<value>" (languages
 * "b.<indicator>.language.code.<row>" and ".count.<row>").  The posted
 * inputs become the same {indicator: {dimension: {value: count}}} object
 * a JSON body carries, so breakdown.c checks both alike.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../domain/spoken.h"
#include "../../http/parse.h"
#include "../../domain/suppress.h"
#include "target.h"

#define LANGUAGE_ROWS	3
#define PREFIX		"b."

/* The labels of the fixed values, in the order of domain/suppress.c. */
static const char *const gender_labels[] = { N_("Female"), N_("Male"),
	N_("Another gender"), N_("Not stated"), NULL };
static const char *const age_labels[] = { N_("0 to 14"), N_("15 to 24"),
	N_("25 to 44"), N_("45 to 64"), N_("65 and over"), N_("Not stated"),
	NULL };

/* The dimensions in the form's order; values NULL for the lists that
 * are not fixed (communities from the database, languages as rows). */
static const struct {
	const char		*key;
	const char		*legend;
	const char *const	*values;
	const char *const	*labels;
} dims[] = {
	{ "community",	N_("By community"),	NULL, NULL },
	{ "language",	N_("By language"),	NULL, NULL },
	{ "gender",	N_("By gender"),	breakdown_genders, gender_labels },
	{ "age_band",	N_("By age band"),	breakdown_age_bands, age_labels },
};

/* The count as typed: a whole number when it is one, else the text, which
 * breakdown.c refuses by the field. */
static json_t *
typed_count(const char *v)
{
	char		*end;
	long long	 n;

	if (strspn(v, "0123456789") == strlen(v) && strlen(v) < 12) {
		n = strtoll(v, &end, 10);
		return json_integer(n);
	}
	return json_string(v);
}

/* Adds count v to cells[value] (a language named twice adds up); an
 * invalid count given earlier stays, so that the 422 names it. */
static void
add_cell(json_t *cells, const char *value, const char *v)
{
	json_t	*n, *had = json_object_get(cells, value);

	if (json_is_string(had))
		return;
	n = typed_count(v);
	if (json_is_integer(had) && json_is_integer(n))
		json_integer_set(n, json_integer_value(n) +
		    json_integer_value(had));
	json_object_set_new(cells, value, n);
}

/* The cells object of b's indicator key and dimension dim, made on
 * first use. */
static json_t *
cells_of(json_t *b, const char *key, const char *dim)
{
	json_t	*of, *cells;

	if ((of = json_object_get(b, key)) == NULL)
		json_object_set_new(b, key, of = json_object());
	if ((cells = json_object_get(of, dim)) == NULL)
		json_object_set_new(of, dim, cells = json_object());
	return cells;
}

/* One posted input "b.<key>.<dim>.<rest>" = v into b. */
static void
read_input(const struct ctx *c, json_t *b, const char *name, const char *v)
{
	char		 buf[PARSE_MAX_KEY + 1], other[2 * PARSE_MAX_KEY + 32];
	char		*key = buf, *dim, *rest;
	const char	*value;

	snprintf(buf, sizeof(buf), "%s", name + strlen(PREFIX));
	if ((dim = strchr(key, '.')) == NULL)
		return;
	*dim++ = '\0';
	if ((rest = strchr(dim, '.')) == NULL)
		return;
	*rest++ = '\0';
	value = rest;
	if (strcmp(dim, "language") == 0) {
		/* A row's count names its language in the row's select. */
		if (strncmp(rest, "count.", 6) != 0)
			return;
		snprintf(other, sizeof(other), PREFIX "%s.language.code.%s", key,
		    rest + 6);
		if ((value = kvlist_get(&c->req->form, other)) == NULL)
			value = "";
	}
	add_cell(cells_of(b, key, dim), value, v);
}

json_t *
breakdown_from_form(const struct ctx *c, json_t *form)
{
	const struct kv	*kv;
	json_t		*b = json_object();
	size_t		 i;

	for (i = 0; i < c->req->form.n; i++) {
		kv = &c->req->form.items[i];
		if (strncmp(kv->key, PREFIX, strlen(PREFIX)) != 0)
			continue;
		json_object_set_new(form, kv->key, json_string(kv->val));
		if (kv->val[strspn(kv->val, " ")] != '\0' &&
		    strstr(kv->key, ".language.code.") == NULL)
			read_input(c, b, kv->key, kv->val);
	}
	return b;
}

/* ------------------------------------------------------------ the form */

/* An input of the form: {id, name, label, value}. */
static json_t *
input(const char *name, const char *label, json_t *form)
{
	return json_pack("{s:s, s:s, s:s, s:O?}", "id", name, "name", name,
	    "label", label, "value", json_object_get(form, name));
}

/* The number inputs of a dimension with fixed values (labels beside). */
static json_t *
fixed_cells(const struct ctx *c, const char *key, const char *dim,
    const char *const *values, const char *const *labels, json_t *form)
{
	char	 name[PARSE_MAX_KEY + 1];
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; values[i] != NULL; i++) {
		snprintf(name, sizeof(name), PREFIX "%s.%s.%s", key, dim,
		    values[i]);
		json_array_append_new(out, input(name, i18n_text(c->lang,
		    labels[i]), form));
	}
	return out;
}

/* The community inputs: one per active community of the list. */
static json_t *
community_cells(const char *key, json_t *communities, json_t *form)
{
	char	 name[PARSE_MAX_KEY + 1];
	json_t	*out = json_array(), *r;
	size_t	 i;

	json_array_foreach(communities, i, r) {
		if (!json_is_true(json_object_get(r, "active")))
			continue;
		snprintf(name, sizeof(name), PREFIX "%s.community.%s", key,
		    json_string_value(json_object_get(r, "key")));
		json_array_append_new(out, input(name, json_string_value(
		    json_object_get(r, "name")), form));
	}
	return out;
}

/* The language rows: [{row, code_id, count_id, count, options}]. */
static json_t *
language_rows(const struct ctx *c, const char *key, json_t *form)
{
	char	 code[PARSE_MAX_KEY + 1], count[PARSE_MAX_KEY + 1];
	json_t	*out = json_array();
	int	 i;

	for (i = 1; i <= LANGUAGE_ROWS; i++) {
		snprintf(code, sizeof(code), PREFIX "%s.language.code.%d", key,
		    i);
		snprintf(count, sizeof(count), PREFIX "%s.language.count.%d",
		    key, i);
		json_array_append_new(out, json_pack("{s:i, s:s, s:s, s:O?, "
		    "s:o}", "row", i, "code_id", code, "count_id", count,
		    "count", json_object_get(form, count), "options",
		    spoken_options(json_object_get(form, code), c->lang)));
	}
	return out;
}

/* Whether the person typed any count into key's breakdown. */
static int
typed_any(const char *key, json_t *form)
{
	char		 prefix[PARSE_MAX_KEY + 1];
	const char	*name;
	json_t		*v;

	snprintf(prefix, sizeof(prefix), PREFIX "%s.", key);
	json_object_foreach(form, name, v)
		if (strncmp(name, prefix, strlen(prefix)) == 0 &&
		    strstr(name, ".code.") == NULL &&
		    json_string_value(v)[0] != '\0')
			return 1;
	return 0;
}

void
breakdown_fields(const struct ctx *c, json_t *field, json_t *communities,
    json_t *form, json_t *errors)
{
	char		 name[PARSE_MAX_KEY + 1];
	const char	*key = json_string_value(json_object_get(field, "key"));
	json_t		*list = json_array(), *d, *e;
	int		 open = typed_any(key, form);
	size_t		 i;

	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++) {
		snprintf(name, sizeof(name), "breakdowns.%s.%s", key,
		    dims[i].key);
		e = json_object_get(errors, name);
		open |= e != NULL;
		d = json_pack("{s:s, s:s, s:s, s:O?}", "dimension", dims[i].key,
		    "id", name, "legend", i18n_text(c->lang, dims[i].legend),
		    "error", e);
		if (dims[i].values != NULL)
			json_object_set_new(d, "cells", fixed_cells(c, key,
			    dims[i].key, dims[i].values, dims[i].labels, form));
		else if (strcmp(dims[i].key, "language") == 0)
			json_object_set_new(d, "rows", language_rows(c, key, form));
		else
			json_object_set_new(d, "cells", community_cells(key,
			    communities, form));
		json_array_append_new(list, d);
	}
	json_object_set_new(field, "breakdown", list);
	json_object_set_new(field, "breakdown_open", json_boolean(open));
}
