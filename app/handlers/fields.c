/*
 * fields: the form field readers (see fields.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/validate.h"
#include "../views/i18n.h"
#include "fields.h"

void
field_text(struct ctx *c, json_t *values, const char *name, size_t min,
    size_t max, int multiline)
{
	const char	*v = ctx_input(c, name), *msg;
	char		*clean = NULL;

	if (v == NULL)
		return;
	if ((msg = valid_text(v, min, max, multiline, &clean)) != NULL) {
		ctx_field(c, name, min > 0 && v[strspn(v, " \t\r\n")] == '\0' ?
		    "is required" : msg);
		json_object_set_new(values, name, json_string(v));
	} else
		json_object_set_new(values, name, json_string(clean));
	free(clean);
}

void
field_enum(struct ctx *c, json_t *values, const char *name,
    const struct vocab *list, const char *message)
{
	const char	*v = ctx_input(c, name);
	int		 index;

	if (v == NULL)
		return;
	if (v[0] == '\0')
		ctx_field(c, name, "is required");
	else if (valid_enum(v, vocab_keys(list), &index) != NULL)
		ctx_field(c, name, message);
	json_object_set_new(values, name, json_string(v));
}

void
field_keys(struct ctx *c, json_t *values, const char *name,
    const struct vocab *list, size_t min, const char *message)
{
	json_t	*given, *keys, *k;
	size_t	 i, j;
	int	 bad, index;

	if ((given = ctx_input_list(c, name, 0, &bad)) == NULL)
		return;
	keys = json_array();
	json_array_foreach(given, i, k) {
		if (valid_enum(json_string_value(k), vocab_keys(list), &index))
			bad = 1;
		for (j = 0; j < json_array_size(keys) && !json_equal(k,
		    json_array_get(keys, j)); j++)
			;
		if (j == json_array_size(keys))
			json_array_append(keys, k);
	}
	json_decref(given);
	if (bad)
		ctx_field(c, name, message);
	else if (json_array_size(keys) < min)
		ctx_field(c, name, "choose at least one");
	json_object_set_new(values, name, keys);
}

void
field_date(struct ctx *c, json_t *values, const char *name)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, name, buf), *msg;
	int		 y, m, d;

	if (v == NULL)
		return;
	if (v[0] == '\0') {
		json_object_set_new(values, name, json_null());
		return;
	}
	if ((msg = valid_date(v, &y, &m, &d)) != NULL)
		ctx_field(c, name, msg);
	json_object_set_new(values, name, json_string(v));
}

void
field_int(struct ctx *c, json_t *values, const char *name, long long min,
    long long max)
{
	char		 buf[24];
	const char	*v = ctx_input_scalar(c, name, buf), *msg;
	long long	 n;

	if (v == NULL)
		return;
	if (v[0] == '\0') {
		json_object_set_new(values, name, json_null());
		return;
	}
	if ((msg = valid_int(v, min, max, &n)) != NULL) {
		ctx_field(c, name, msg);
		json_object_set_new(values, name, json_string(v));
	} else
		json_object_set_new(values, name, json_integer(n));
}

void
field_cents(struct ctx *c, json_t *values, const char *name,
    const char *form_name, long long min, long long max)
{
	char		 buf[24];
	const char	*v, *msg;
	long long	 n;

	if (c->req->json != NULL) {
		field_int(c, values, name, min, max);
		return;
	}
	if ((v = ctx_input_scalar(c, form_name, buf)) == NULL)
		return;
	if (v[0] == '\0') {
		json_object_set_new(values, name, json_null());
		return;
	}
	if ((msg = valid_cents(v, min, max, &n)) != NULL) {
		ctx_field(c, name, msg);
		json_object_set_new(values, name, json_string(v));
	} else
		json_object_set_new(values, name, json_integer(n));
}

void
field_bool(struct ctx *c, json_t *values, const char *name,
    int present_in_form)
{
	static const char *const yes[] = { "on", "yes", "true", "1", NULL };
	const char	*v;
	json_t		*j;
	int		 index;

	if (c->req->json != NULL) {
		if ((j = json_object_get(c->req->json, name)) == NULL)
			return;
		if (!json_is_boolean(j))
			ctx_field(c, name, "must be true or false");
		else
			json_object_set(values, name, j);
		return;
	}
	if ((v = ctx_input(c, name)) == NULL) {
		if (present_in_form)
			json_object_set_new(values, name, json_false());
		return;
	}
	json_object_set_new(values, name, json_boolean(valid_enum(v, yes,
	    &index) == NULL));
}

long long
field_version(struct ctx *c)
{
	char		 buf[24];
	const char	*given = ctx_input_scalar(c, "version", buf), *msg;
	long long	 version;

	if (given == NULL || given[0] == '\0') {
		ctx_field(c, "version", "is required: say which version you "
		    "changed");
		return 0;
	}
	if ((msg = valid_int(given, 1, INT32_MAX, &version)) != NULL) {
		ctx_field(c, "version", msg);
		return 0;
	}
	return version;
}

json_t *
field_checks(const struct vocab *list, json_t *chosen)
{
	json_t	*out = json_array(), *k;
	size_t	 i, j;
	int	 on;

	for (i = 0; list[i].key != NULL; i++) {
		on = 0;
		json_array_foreach(chosen, j, k)
			if (json_is_string(k) &&
			    strcmp(json_string_value(k), list[i].key) == 0)
				on = 1;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key",
		    list[i].key, "name", list[i].name, "checked", on));
	}
	return out;
}

json_t *
field_dollars(json_t *cents)
{
	long long	 n;

	if (json_is_string(cents))
		return json_incref(cents);
	if (!json_is_integer(cents))
		return json_string("");
	n = json_integer_value(cents);
	return n % 100 == 0 ? json_sprintf("%lld", n / 100) :
	    json_sprintf("%lld.%02lld", n / 100, n % 100);
}

json_t *
field_states(const struct ctx *c, const char *const names[][2])
{
	json_t		*out = json_object(), *error;
	const char	*key;
	size_t		 i;

	for (i = 0; names[i][0] != NULL; i++) {
		key = names[i][1] != NULL ? names[i][1] : names[i][0];
		error = c->error_fields != NULL ?
		    json_object_get(c->error_fields, key) : NULL;
		json_object_set_new(out, names[i][0], json_pack("{s:s, s:O?}",
		    "id", names[i][0], "error", error));
	}
	return out;
}

/* ------------------------------------------- fields of an input object */

void
field_in_text(struct ctx *c, json_t *in, json_t *values, const char *name,
    size_t min, size_t max, int multiline)
{
	json_t		*given = json_object_get(in, name);
	const char	*v = json_string_value(given), *msg;
	char		*clean = NULL;

	if (given != NULL && !json_is_null(given) && v == NULL) {
		ctx_field(c, name, N_("must be text"));
		v = "";
	}
	if (v == NULL || v[strspn(v, " \t\r\n")] == '\0') {
		if (min > 0)
			ctx_field(c, name, N_("is required"));
		json_object_set_new(values, name, json_string(""));
		return;
	}
	if ((msg = valid_text(v, min, max, multiline, &clean)) != NULL) {
		ctx_field(c, name, msg);
		json_object_set_new(values, name, json_string(v));
		return;
	}
	json_object_set_new(values, name, json_string(clean));
	free(clean);
}

/* Appends the items of text split at ";" and ",", trimmed. */
static void
split_items(json_t *out, const char *text)
{
	size_t	 n;

	while (*text != '\0') {
		text += strspn(text, " \t;,");
		n = strcspn(text, ";,");
		while (n > 0 && strchr(" \t\r\n", text[n - 1]) != NULL)
			n--;
		if (n > 0)
			json_array_append_new(out, json_stringn(text, n));
		text += strcspn(text, ";,");
	}
}

json_t *
field_in_list(json_t *in, const char *name, int *bad)
{
	json_t	*given = json_object_get(in, name), *out = json_array(), *v;
	size_t	 i;

	*bad = 0;
	if (json_is_string(given))
		split_items(out, json_string_value(given));
	else if (json_is_array(given)) {
		json_array_foreach(given, i, v)
			if (json_is_string(v))
				split_items(out, json_string_value(v));
			else
				*bad = 1;
	} else if (given != NULL && !json_is_null(given))
		*bad = 1;
	return out;
}

void
field_in_bool(struct ctx *c, json_t *in, json_t *values, const char *name)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "0", "", NULL };
	json_t		*given = json_object_get(in, name);
	const char	*v = json_string_value(given);
	int		 index;

	if (given == NULL || json_is_null(given) || json_is_boolean(given))
		json_object_set_new(values, name, json_boolean(
		    json_is_true(given)));
	else if (v != NULL && valid_enum(v, yes, &index) == NULL)
		json_object_set_new(values, name, json_true());
	else if (v != NULL && valid_enum(v, no, &index) == NULL)
		json_object_set_new(values, name, json_false());
	else
		ctx_field(c, name, N_("must be yes or no"));
}

json_t *
field_in_request(const struct ctx *c, const char *const *lists,
    const char *const *boxes)
{
	json_t	*in, *list;
	size_t	 i;
	int	 bad;

	if (c->req->json != NULL)
		return json_copy(c->req->json);
	in = json_object();
	for (i = 0; i < c->req->form.n; i++)
		json_object_set_new(in, c->req->form.items[i].key,
		    json_string(c->req->form.items[i].val));
	for (i = 0; lists != NULL && lists[i] != NULL; i++)
		if ((list = ctx_input_list(c, lists[i], 0, &bad)) != NULL)
			json_object_set_new(in, lists[i], list);
	for (i = 0; boxes != NULL && boxes[i] != NULL; i++)
		if (json_object_get(in, boxes[i]) == NULL)
			json_object_set_new(in, boxes[i], json_false());
	return in;
}

long long
field_in_id(struct ctx *c, json_t *in, const char *name, const char *message)
{
	json_t		*v = json_object_get(in, name);
	long long	 id = 0;

	if (json_is_integer(v))
		id = json_integer_value(v);
	else if (json_is_string(v) && json_string_value(v)[0] != '\0' &&
	    valid_int(json_string_value(v), 1, INT32_MAX, &id) != NULL)
		id = -1;
	else if (v != NULL && !json_is_null(v) && !json_is_string(v))
		id = -1;
	if (id < 0)
		ctx_field(c, name, message);
	return id;
}
