/*
 * questionnaire_answer: a location's answers to the questionnaire a
 * stocktake asks (sql/032).  Each answer has a field name: a question
 * asked once per location is "location.<key>", one asked of each
 * initiative "initiative.<id>.<key>".  The form sends those fields; a
 * JSON body sends {"answers": {"<field>": value}}, which changes only the
 * answers it names (null clears one).  Each value is checked by its
 * question's type (a table: checks[]); completing the return also needs
 * every required question answered.  The answers are the location's
 * draft until the return is completed, which keeps them (stocktake.c).
 *
 * Also here: the comparison of a completed return's answers with the
 * location's answers to the same questions (by key) in the previous
 * stocktake of the questionnaire.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/national.h"
#include "../../db/questionnaire.h"
#include "../../http/validate.h"
#include "../../util/buf.h"
#include "../fields.h"
#include "questionnaire.h"

#define ANSWER_MAX_CHARS	5000
#define FIELD_MAX		96

/* ------------------------------------------------------ checks by type */

/* Each checks value v (as sent; never JSON null) for question q: NULL
 * with *clean new, or NULL when unanswered, else a message. */
typedef const char *(*answer_check)(const json_t *q, json_t *v,
    json_t **clean);

static const char *
check_text(const json_t *q, json_t *v, json_t **clean)
{
	char	*s = NULL;

	(void)q;
	if (!json_is_string(v) || valid_text(json_string_value(v), 0,
	    ANSWER_MAX_CHARS, 1, &s) != NULL)
		return "must be text of at most 5000 characters";
	*clean = s[0] != '\0' ? json_string(s) : NULL;
	free(s);
	return NULL;
}

/* v is one of q's choices. */
static int
is_choice(const json_t *q, json_t *v)
{
	json_t	*choice;
	size_t	 i;

	json_array_foreach(json_object_get(q, "choices"), i, choice)
		if (json_equal(choice, v))
			return 1;
	return 0;
}

static const char *
check_single(const json_t *q, json_t *v, json_t **clean)
{
	if (json_is_string(v) && json_string_length(v) == 0)
		return NULL;
	if (!is_choice(q, v))
		return "must be one of the choices";
	*clean = json_incref(v);
	return NULL;
}

/* v holds item. */
static int
holds(json_t *v, json_t *item)
{
	json_t	*given;
	size_t	 i;

	json_array_foreach(v, i, given)
		if (json_equal(given, item))
			return 1;
	return 0;
}

/* An array of some of the choices (or one as text), kept in the
 * choices' order, each once. */
static const char *
check_multiple(const json_t *q, json_t *v, json_t **clean)
{
	json_t	*list, *item;
	size_t	 i;

	list = json_is_string(v) ? json_pack("[O]", v) : json_incref(v);
	if (json_is_string(v) && json_string_length(v) == 0)
		json_array_clear(list);
	if (!json_is_array(list)) {
		json_decref(list);
		return "must be some of the choices";
	}
	json_array_foreach(list, i, item)
		if (!is_choice(q, item)) {
			json_decref(list);
			return "must be some of the choices";
		}
	*clean = json_array();
	json_array_foreach(json_object_get(q, "choices"), i, item)
		if (holds(list, item))
			json_array_append(*clean, item);
	json_decref(list);
	if (json_array_size(*clean) == 0) {
		json_decref(*clean);
		*clean = NULL;
	}
	return NULL;
}

static const char *
check_number(const json_t *q, json_t *v, json_t **clean)
{
	const char	*s = json_string_value(v);
	char		*end;
	double		 d;

	(void)q;
	if (json_is_number(v)) {
		*clean = json_incref(v);
		return NULL;
	}
	if (s == NULL)
		return "must be a number";
	s += strspn(s, " \t");
	if (*s == '\0')
		return NULL;
	d = strtod(s, &end);
	end += strspn(end, " \t");
	if (end == s || *end != '\0' || !isfinite(d))
		return "must be a number";
	*clean = d == floor(d) && fabs(d) < 1e15 ?
	    json_integer((json_int_t)d) : json_real(d);
	return NULL;
}

static const char *
check_yes_no(const json_t *q, json_t *v, json_t **clean)
{
	const char	*s = json_string_value(v);

	(void)q;
	if (json_is_boolean(v))
		*clean = json_incref(v);
	else if (s != NULL && s[0] == '\0')
		return NULL;
	else if (s != NULL && (strcmp(s, "yes") == 0 || strcmp(s, "no") == 0))
		*clean = json_boolean(s[0] == 'y');
	else
		return "must be yes or no";
	return NULL;
}

static const char *
check_date(const json_t *q, json_t *v, json_t **clean)
{
	const char	*s = json_string_value(v);
	int		 y, m, d;

	(void)q;
	if (s != NULL && s[0] == '\0')
		return NULL;
	if (s == NULL || valid_date(s, &y, &m, &d) != NULL)
		return "must be a date (YYYY-MM-DD)";
	*clean = json_incref(v);
	return NULL;
}

/* By questionnaire_types[] order. */
static const answer_check checks[] = { check_text, check_single,
    check_multiple, check_number, check_yes_no, check_date };

static const char *
check_answer(const json_t *q, json_t *v, json_t **clean)
{
	int	 type;

	*clean = NULL;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_string_value(json_object_get(q, "type")) == NULL ||
	    valid_enum(json_string_value(json_object_get(q, "type")),
	    questionnaire_types, &type) != NULL)
		return "cannot be answered";
	return checks[type](q, v, clean);
}

/* ---------------------------------------------------- what is asked */

/* An initiative's id in a list of them ({id} now, {initiative_id} in a
 * snapshot). */
static long long
initiative_id(const json_t *ini)
{
	json_t	*id = json_object_get(ini, "id");

	return json_integer_value(id != NULL ? id : json_object_get(ini,
	    "initiative_id"));
}

/* Appends to list a slot of question q (borrowed) for ini (NULL: the
 * location). */
static void
add_slot(json_t *list, json_t *q, const json_t *ini)
{
	char	 field[FIELD_MAX];
	const char *key = json_string_value(json_object_get(q, "key"));

	if (ini == NULL)
		snprintf(field, sizeof(field), "location.%s", key);
	else
		snprintf(field, sizeof(field), "initiative.%lld.%s",
		    initiative_id(ini), key);
	json_array_append_new(list, json_pack("{s:s, s:O, s:I, s:s?}",
	    "field", field, "q", q, "initiative_id", (json_int_t)(ini != NULL ?
	    initiative_id(ini) : 0), "initiative_title", ini != NULL ?
	    json_string_value(json_object_get(ini, "title")) : NULL));
}

json_t *
questionnaire_slots(json_t *questions, json_t *initiatives)
{
	json_t	*list = json_array(), *q, *ini;
	size_t	 i, k;

	json_array_foreach(questions, i, q)
		if (strcmp(json_string_value(json_object_get(q, "scope")),
		    "location") == 0)
			add_slot(list, q, NULL);
	json_array_foreach(initiatives, k, ini)
		json_array_foreach(questions, i, q)
			if (strcmp(json_string_value(json_object_get(q,
			    "scope")), "initiative") == 0)
				add_slot(list, q, ini);
	return list;
}

const char *
questionnaire_slot_field(const json_t *slot)
{
	return json_string_value(json_object_get(slot, "field"));
}

static int
slot_is(const json_t *slot, const char *member, const char *value)
{
	return strcmp(json_string_value(json_object_get(json_object_get(slot,
	    "q"), member)), value) == 0;
}

/* What a location is asked in stocktake sid: *q the questionnaire (NULL
 * when none), *saved its saved answers or NULL, *list its slots (NULL
 * when none).  0 or a status. */
static int
asked(struct ctx *c, long long sid, json_t **q, json_t **saved,
    json_t **list)
{
	json_t		*inis = NULL;
	enum db_status	 st;

	*saved = *list = NULL;
	if ((st = db_stocktake_questions(c->app->db, sid, q)) != DB_OK)
		return ctx_db_fail(c, st);
	if (*q == NULL)
		return 0;
	if ((st = db_stocktake_answers(c->app->db, sid, ctx_location_id(c),
	    saved)) != DB_OK || (st = db_stocktake_review_list(c->app->db,
	    ctx_location_id(c), &inis)) != DB_OK) {
		json_decref(*q);
		*q = NULL;
		return ctx_db_fail(c, st);
	}
	*list = questionnaire_slots(json_object_get(*q, "questions"), inis);
	json_decref(inis);
	return 0;
}

/* ------------------------------------------------------------- answers */

/* The multiple-choice fields of list, the form's lists: a new
 * NULL-terminated array of borrowed names. */
static const char **
list_fields(json_t *list)
{
	const char	**names = calloc(json_array_size(list) + 1,
			    sizeof(*names));
	json_t		*slot;
	size_t		 i, n = 0;

	if (names != NULL)
		json_array_foreach(list, i, slot)
			if (slot_is(slot, "type", "multiple_choice"))
				names[n++] = questionnaire_slot_field(slot);
	return names;
}

/* The request's answers, as sent: the JSON body's "answers" over the
 * saved ones (fields it does not name keep theirs), or the form's
 * fields.  Unknown fields recorded.  New object. */
static json_t *
answers_sent(struct ctx *c, json_t *list, json_t *saved)
{
	static const char *const none[] = { NULL };
	const char	**names = list_fields(list), *field;
	json_t		*in, *given, *sent = json_object(), *slot, *v;
	size_t		 i;

	in = field_in_request(c, names != NULL ? names : none, none);
	free(names);
	given = json_object_get(in, "answers");
	if (given != NULL && !json_is_object(given))
		ctx_field(c, "answers", "must be an object of answers by field");
	/* A JSON body without answers changes none: the saved ones stand. */
	if (!json_is_object(given) && c->req->json != NULL) {
		json_object_set_new(in, "answers", json_object());
		given = json_object_get(in, "answers");
	}
	json_array_foreach(list, i, slot) {
		field = questionnaire_slot_field(slot);
		if (!json_is_object(given))
			v = json_object_get(in, field);
		else if ((v = json_object_get(given, field)) == NULL)
			v = json_object_get(saved, field);
		if (v != NULL)
			json_object_set(sent, field, v);
	}
	json_object_foreach(json_is_object(given) ? given : NULL, field, v)
		if (json_object_get(sent, field) == NULL &&
		    json_object_get(saved, field) == NULL && !json_is_null(v))
			ctx_field(c, field, "is not a question of this "
			    "stocktake");
	json_decref(in);
	return sent;
}

/* The answers of sent, checked by list's questions: a new object of the
 * clean ones; fields recorded. */
static json_t *
answers_checked(struct ctx *c, json_t *list, json_t *sent, int complete)
{
	json_t		*answers = json_object(), *slot, *clean;
	const char	*msg, *field;
	size_t		 i;

	json_array_foreach(list, i, slot) {
		field = questionnaire_slot_field(slot);
		msg = check_answer(json_object_get(slot, "q"), json_object_get(
		    sent, field), &clean);
		if (msg != NULL)
			ctx_field(c, field, msg);
		else if (clean == NULL && complete && json_is_true(
		    json_object_get(json_object_get(slot, "q"), "required")))
			ctx_field(c, field, "is required");
		if (clean != NULL)
			json_object_set_new(answers, field, clean);
	}
	return answers;
}

int
questionnaire_answers_take(struct ctx *c, json_t *stocktake, int complete,
    json_t **shown)
{
	json_t		*q, *saved, *list, *answers = NULL;
	char		*text = NULL;
	long long	 sid = json_integer_value(json_object_get(stocktake,
			    "id"));
	enum db_status	 st;
	int		 status, kept = 0;

	*shown = NULL;
	if ((status = asked(c, sid, &q, &saved, &list)) != 0)
		return status;
	/* Completing a return asks nothing more; saving answers to no
	 * questionnaire would save and audit nothing. */
	if (q == NULL)
		return complete ? 0 : ctx_fail(c, 404, "This stocktake asks no "
		    "questionnaire.");
	*shown = answers_sent(c, list, json_object_get(saved, "answers"));
	answers = answers_checked(c, list, *shown, complete);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, NULL);
		goto out;
	}
	json_decref(*shown);
	*shown = NULL;
	text = json_dumps(answers, JSON_COMPACT);
	st = text == NULL ? DB_ERROR : db_stocktake_answers_save(c->app->db,
	    sid, ctx_location_id(c), text, c->auth.user_id, &kept);
	if (st != DB_OK)
		status = ctx_db_fail(c, st);
	else if (!kept)
		status = ctx_fail(c, 409, "This stocktake is closed or the "
		    "location's return is complete: its answers no longer "
		    "change.");
out:
	free(text);
	json_decref(answers);
	json_decref(list);
	json_decref(saved);
	json_decref(q);
	return status;
}

int
stocktake_answers_save(struct ctx *c)
{
	char		 to[160];
	json_t		*stocktake = NULL, *shown = NULL;
	enum db_status	 st;
	int		 status;

	if ((st = db_stocktake_get(c->app->db, ctx_param_id(c, "id"),
	    &stocktake)) != DB_OK)
		return ctx_db_fail(c, st);
	if (stocktake == NULL)
		return ctx_fail(c, 404, "There is no such stocktake.");
	status = questionnaire_answers_take(c, stocktake, 0, &shown);
	if (status == 0 && (st = ctx_audit(c, "stocktake_answers_saved",
	    json_pack("{s:O}", "stocktake_id", json_object_get(stocktake,
	    "id")))) != DB_OK)
		status = ctx_db_fail(c, st);
	if (status == 0 || status == 422)
		status = stocktake_answers_page(c, stocktake, shown, status);
	else
		json_decref(stocktake);
	json_decref(shown);
	if (status != 200)
		return status;
	snprintf(to, sizeof(to), "/l/%s/wg/stocktakes/%s#answers",
	    json_string_value(json_object_get(c->location, "slug")),
	    request_param(c->req, "id"));
	return ctx_done(c, 200, to);
}

/* ---------------------------------------------------------- the form */

/* v as a form's input shows it: text, or "" (new string). */
static json_t *
input_text(json_t *v)
{
	if (json_is_string(v))
		return json_incref(v);
	if (json_is_integer(v))
		return json_sprintf("%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
	if (json_is_real(v))
		return json_sprintf("%.15g", json_real_value(v));
	return json_string("");
}

/* The choices of q, each checked when v is or holds it; new array. */
static json_t *
choice_boxes(const json_t *q, json_t *v)
{
	json_t	*list = json_array(), *choice;
	size_t	 i;

	json_array_foreach(json_object_get(q, "choices"), i, choice)
		json_array_append_new(list, json_pack("{s:O, s:b}", "value",
		    choice, "checked", json_equal(v, choice) ||
		    (json_is_array(v) && holds(v, choice))));
	return list;
}

/* One question of the form for slot, answered v (as typed); new. */
static json_t *
form_item(const struct ctx *c, const json_t *slot, json_t *v)
{
	json_t		*q = json_object_get(slot, "q"), *item;
	const char	*s = json_string_value(v);
	char		 is[40];

	item = json_pack("{s:s, s:O, s:b, s:o, s:b, s:b, s:o, s:O?}",
	    "field", questionnaire_slot_field(slot), "text", json_object_get(q, "text"),
	    "required", json_is_true(json_object_get(q, "required")),
	    "value", input_text(v), "yes", json_is_true(v) || (s != NULL &&
	    strcmp(s, "yes") == 0), "no", json_is_false(v) || (s != NULL &&
	    strcmp(s, "no") == 0), "choices", choice_boxes(q, v), "error",
	    json_object_get(c->error_fields, questionnaire_slot_field(slot)));
	snprintf(is, sizeof(is), "is_%s", json_string_value(json_object_get(q,
	    "type")));
	json_object_set_new(item, is, json_true());
	return item;
}

/* The form's questions of list with answers: the location's, and each
 * initiative's under it ({id, title, questions}), into view. */
static void
form_view(const struct ctx *c, json_t *list, json_t *answers, json_t *view)
{
	json_t		*own = json_array(), *inis = json_array(), *slot, *group;
	long long	 id;
	size_t		 i;

	json_array_foreach(list, i, slot) {
		id = json_integer_value(json_object_get(slot, "initiative_id"));
		group = json_array_get(inis, json_array_size(inis) - 1);
		if (id != 0 && (group == NULL || json_integer_value(
		    json_object_get(group, "id")) != id)) {
			group = json_pack("{s:I, s:O, s:[]}", "id",
			    (json_int_t)id, "title", json_object_get(slot,
			    "initiative_title"), "questions");
			json_array_append_new(inis, group);
		}
		json_array_append_new(id != 0 ? json_object_get(group,
		    "questions") : own, form_item(c, slot, json_object_get(
		    answers, questionnaire_slot_field(slot))));
	}
	json_object_set_new(view, "form_questions", own);
	json_object_set_new(view, "form_initiatives", inis);
}

int
questionnaire_answers_view(struct ctx *c, long long sid, json_t *shown,
    json_t *view)
{
	json_t	*q, *saved, *list, *answers, *v;
	int	 status;

	if ((status = asked(c, sid, &q, &saved, &list)) != 0 || q == NULL)
		return status;
	answers = json_object_get(saved, "answers");
	json_object_set_new(view, "questionnaire", q);
	json_object_set_new(view, "answers", answers != NULL ?
	    json_incref(answers) : json_object());
	v = json_object_get(saved, "updated_at");
	json_object_set(view, "answers_updated_at", v != NULL ? v : json_null());
	form_view(c, list, shown != NULL ? shown : answers, view);
	json_decref(list);
	json_decref(saved);
	return 0;
}

/* ---------------------------------------------------------- comparison */

/* An answer as people read it, in the request's language; new. */
static json_t *
answer_text(json_t *v)
{
	struct buf	 joined = BUF_INIT;
	json_t		*item;
	size_t		 i;

	if (json_is_boolean(v))
		return json_string(json_is_true(v) ? _("Yes") : _("No"));
	if (!json_is_array(v))
		return input_text(v);
	json_array_foreach(v, i, item)
		buf_printf(&joined, "%s%s", i > 0 ? "; " : "",
		    json_string_value(item));
	item = json_string(buf_str(&joined));
	buf_free(&joined);
	return item;
}

int
questionnaire_compare(struct ctx *c, long long sid, long long loc_id,
    json_t *answers, json_t *items, json_t *view)
{
	json_t		*q = NULL, *prev = NULL, *list, *rows, *slot, *was, *now;
	enum db_status	 st;
	size_t		 i;

	if ((st = db_stocktake_questions(c->app->db, sid, &q)) != DB_OK ||
	    (q != NULL && (st = db_stocktake_answers_previous(c->app->db, sid,
	    loc_id, &prev)) != DB_OK)) {
		json_decref(q);
		return ctx_db_fail(c, st);
	}
	if (q == NULL)
		return 0;
	list = questionnaire_slots(json_object_get(q, "questions"), items);
	rows = json_array();
	json_array_foreach(list, i, slot) {
		now = json_object_get(answers, questionnaire_slot_field(slot));
		was = json_object_get(json_object_get(prev, "answers"),
		    questionnaire_slot_field(slot));
		json_array_append_new(rows, json_pack("{s:s, s:O, s:O, s:O?, "
		    "s:O?, s:O?, s:o, s:o}", "field", questionnaire_slot_field(slot), "key",
		    json_object_get(json_object_get(slot, "q"), "key"), "text",
		    json_object_get(json_object_get(slot, "q"), "text"),
		    "initiative_title", json_object_get(slot,
		    "initiative_title"), "answer", now, "previous", was,
		    "answer_text", answer_text(now), "previous_text",
		    answer_text(was)));
	}
	if (prev != NULL)
		json_object_del(prev, "answers");
	json_object_set_new(view, "questionnaire", q);
	json_object_set_new(view, "comparison", rows);
	json_object_set_new(view, "previous", prev != NULL ? prev :
	    json_null());
	json_decref(list);
	return 0;
}
