/*
 * questionnaire: the questionnaires Immigration New Zealand writes for
 * structured stocktakes (sql/032), at /national/questionnaires and
 * /api/v1/national/questionnaires.  A questionnaire is a name and a list
 * of typed questions (text, single or multiple choice, number, yes/no,
 * date), each asked once per location or once per initiative, optional or
 * required, with a key that stays the same across versions.  An edit of
 * a version an open (or closed) stocktake uses makes the next version:
 * the stocktake keeps the questions it was opened with.
 *
 * The form shows one row of inputs per question (q0.key, q0.text, ...)
 * and a few empty rows to add more; a JSON body sends "questions" as an
 * array.  Messages go under "questions.<n>.<field>" either way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../db/questionnaire.h"
#include "../../http/validate.h"
#include "../fields.h"
#include "questionnaire.h"

#define NAME_MAX_CHARS		200
#define TEXT_MAX_CHARS		1000
#define CHOICE_MAX_CHARS	200
#define KEY_MAX_CHARS		40
#define QUESTIONS_MAX		100
#define CHOICES_MAX		50
#define EMPTY_ROWS		3	/* rows the form offers to add more */
#define LIST_MAX		100

const char *const questionnaire_types[] = { "text", "single_choice",
    "multiple_choice", "number", "yes_no", "date", NULL };
const char *const questionnaire_scopes[] = { "location", "initiative",
    NULL };
/* Their names for people, in the same order. */
static const char *const type_names[] = { N_("Text"), N_("Single choice"),
    N_("Multiple choice"), N_("Number"), N_("Yes or no"), N_("Date") };
static const char *const scope_names[] = { N_("Once per location"),
    N_("Once per initiative") };

/* A question's field, as messages name it: questions.3.key. */
static void
question_field(struct ctx *c, size_t i, const char *name, const char *msg)
{
	char	 field[64];

	snprintf(field, sizeof(field), "questions.%zu.%s", i, name);
	ctx_field(c, field, msg);
}

/* A key: a lower-case letter, then up to 39 lower-case letters, digits
 * or underscores; it names the answers' columns in exports. */
static int
key_ok(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 1 && n <= KEY_MAX_CHARS && s[0] >= 'a' && s[0] <= 'z' &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The answers export's own columns (questionnaire_export.c), which a
 * question's answers would otherwise overwrite. */
static const char *const reserved_keys[] = { "location", "initiative_id",
	"initiative_title", NULL };

static int
key_reserved(const char *s)
{
	const char *const	*k;

	for (k = reserved_keys; *k != NULL; k++)
		if (strcmp(*k, s) == 0)
			return 1;
	return 0;
}

/* Member name of q as text, or dflt when absent. */
static const char *
text_of(const json_t *q, const char *name, const char *dflt)
{
	const char	*v = json_string_value(json_object_get(q, name));

	return v != NULL ? v : dflt;
}

/* The text member name of in, checked and trimmed into q; "" when bad. */
static void
take_text(struct ctx *c, size_t i, json_t *in, json_t *q, const char *name,
    size_t max)
{
	const char	*v = json_string_value(json_object_get(in, name));
	const char	*msg;
	char		*clean = NULL;

	if ((msg = valid_text(v != NULL ? v : "", 1, max, 0, &clean)) != NULL)
		question_field(c, i, name, v == NULL || v[0] == '\0' ?
		    "is required" : msg);
	json_object_set_new(q, name, json_string(clean != NULL ? clean :
	    (v != NULL ? v : "")));
	free(clean);
}

/* The choices of in (an array, or text one a line) checked into q. */
static void
take_choices(struct ctx *c, size_t i, json_t *in, json_t *q, int wanted)
{
	json_t		*v = json_object_get(in, "choices"), *list, *item;
	const char	*s, *end;
	char		*clean;
	size_t		 k, n;

	list = json_is_array(v) ? json_incref(v) : json_array();
	if (json_is_string(v))
		for (s = json_string_value(v); *s != '\0'; s = *end != '\0' ?
		    end + 1 : end) {
			n = strcspn(s, "\r\n");
			end = s + n;
			json_array_append_new(list, json_stringn(s, n));
		}
	json_object_set_new(q, "choices", json_array());
	json_array_foreach(list, k, item) {
		clean = NULL;
		s = json_string_value(item);
		if (s == NULL || valid_text(s, 0, CHOICE_MAX_CHARS, 0, &clean) !=
		    NULL)
			question_field(c, i, "choices", "must be lines of at "
			    "most 200 characters");
		else if (clean[0] != '\0')
			json_array_append_new(json_object_get(q, "choices"),
			    json_string(clean));
		free(clean);
	}
	json_decref(list);
	n = json_array_size(json_object_get(q, "choices"));
	if (wanted && (n < 2 || n > CHOICES_MAX))
		question_field(c, i, "choices", "a choice question needs 2 to "
		    "50 choices, one a line");
	else if (!wanted && n > 0)
		question_field(c, i, "choices", "only choice questions have "
		    "choices");
}

/* "yes", "true", "on", "1" or JSON true. */
static int
truthy(const json_t *v)
{
	const char	*s = json_string_value(v);

	return json_is_true(v) || (s != NULL && (strcmp(s, "yes") == 0 ||
	    strcmp(s, "true") == 0 || strcmp(s, "on") == 0 ||
	    strcmp(s, "1") == 0));
}

/* Question i of the input, checked: a new object {key, text, type,
 * scope, required, choices}, as typed where bad (fields recorded). */
static json_t *
take_question(struct ctx *c, size_t i, json_t *in)
{
	const char	*key = json_string_value(json_object_get(in, "key"));
	json_t		*q = json_object();
	int		 type = -1, scope = -1;

	json_object_set_new(q, "key", json_string(key != NULL ? key : ""));
	if (key == NULL || !key_ok(key))
		question_field(c, i, "key", "must be 1 to 40 lower-case "
		    "letters, digits or underscores, starting with a letter");
	else if (key_reserved(key))
		question_field(c, i, "key", "is a column the answers export "
		    "has already: location, initiative_id, initiative_title");
	take_text(c, i, in, q, "text", TEXT_MAX_CHARS);
	json_object_set_new(q, "type", json_string(text_of(in, "type", "")));
	if (valid_enum(text_of(in, "type", ""), questionnaire_types, &type) !=
	    NULL)
		question_field(c, i, "type", "must be one of text, "
		    "single_choice, multiple_choice, number, yes_no, date");
	json_object_set_new(q, "scope", json_string(text_of(in, "scope", "")));
	if (valid_enum(text_of(in, "scope", ""), questionnaire_scopes, &scope) !=
	    NULL)
		question_field(c, i, "scope", "must be location or initiative");
	json_object_set_new(q, "required", json_boolean(truthy(
	    json_object_get(in, "required"))));
	take_choices(c, i, in, q, type == 1 || type == 2);
	return q;
}

/* The form's row n as a question's input, or NULL when it has no such
 * row; new object. */
static json_t *
form_row(json_t *in, size_t n)
{
	static const char *const names[] = { "key", "text", "type", "scope",
	    "required", "choices", NULL };
	char		 name[48];
	json_t		*row = NULL, *v;
	size_t		 k;

	for (k = 0; names[k] != NULL; k++) {
		snprintf(name, sizeof(name), "q%zu.%s", n, names[k]);
		if ((v = json_object_get(in, name)) == NULL)
			continue;
		if (row == NULL)
			row = json_object();
		json_object_set(row, names[k], v);
	}
	return row;
}

/* The input's questions: "questions" as sent, or the form's rows less
 * the empty ones; new array. */
static json_t *
input_questions(json_t *in)
{
	json_t		*list = json_object_get(in, "questions"), *row;
	const char	*key, *text;
	size_t		 n;

	if (json_is_array(list))
		return json_incref(list);
	list = json_array();
	for (n = 0; n < QUESTIONS_MAX + EMPTY_ROWS &&
	    (row = form_row(in, n)) != NULL; n++) {
		key = json_string_value(json_object_get(row, "key"));
		text = json_string_value(json_object_get(row, "text"));
		if ((key == NULL || key[0] == '\0') &&
		    (text == NULL || text[0] == '\0'))
			json_decref(row);
		else
			json_array_append_new(list, row);
	}
	return list;
}

/* The request's name and questions, checked: *values new {name,
 * questions}; fields recorded for what is wrong. */
static void
read_questionnaire(struct ctx *c, json_t **values)
{
	static const char *const none[] = { NULL };
	json_t		*in = field_in_request(c, none, none), *list, *q;
	json_t		*keys = json_object(), *questions = json_array();
	const char	*key;
	size_t		 i;

	*values = json_object();
	json_object_set_new(*values, "name", json_string(""));
	field_in_text(c, in, *values, "name", 1, NAME_MAX_CHARS, 0);
	list = input_questions(in);
	if (!json_is_array(json_object_get(in, "questions")) &&
	    json_object_get(in, "questions") != NULL)
		ctx_field(c, "questions", "must be a list of questions");
	if (json_array_size(list) == 0 || json_array_size(list) >
	    QUESTIONS_MAX)
		ctx_field(c, "questions", "a questionnaire asks 1 to 100 "
		    "questions");
	json_array_foreach(list, i, q) {
		if (i >= QUESTIONS_MAX)
			break;
		json_array_append_new(questions, take_question(c, i,
		    json_is_object(q) ? q : NULL));
		key = json_string_value(json_object_get(json_array_get(
		    questions, i), "key"));
		if (key[0] != '\0' && json_object_get(keys, key) != NULL)
			question_field(c, i, "key", "is the key of another "
			    "question");
		json_object_set_new(keys, key, json_true());
	}
	json_object_set_new(*values, "questions", questions);
	json_decref(list);
	json_decref(keys);
	json_decref(in);
}

/* --------------------------------------------------------------- views */

/* keys (names beside them) as a select's options, chosen selected. */
static json_t *
options(const char *const *keys, const char *const *names, const char *chosen)
{
	json_t	*list = json_array();
	size_t	 k;

	for (k = 0; keys[k] != NULL; k++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "key",
		    keys[k], "name", names[k], "selected", chosen != NULL &&
		    strcmp(chosen, keys[k]) == 0));
	return list;
}

/* The form's rows: each question (an array, borrowed) with its messages,
 * then EMPTY_ROWS empty ones; new array. */
static json_t *
form_rows(const struct ctx *c, json_t *questions)
{
	static const char *const names[] = { "key", "text", "type", "scope",
	    "choices", NULL };
	json_t		*rows = json_array(), *q, *row, *errors, *choice;
	char		 field[64];
	size_t		 i, k, n = json_array_size(questions);

	for (i = 0; i < n + EMPTY_ROWS; i++) {
		q = json_array_get(questions, i);
		row = json_pack("{s:I, s:s, s:s, s:b, s:s, s:o, s:o}", "n",
		    (json_int_t)i, "key", text_of(q, "key", ""), "text",
		    text_of(q, "text", ""), "required", json_is_true(
		    json_object_get(q, "required")), "choices", "",
		    "type_options", options(questionnaire_types, type_names,
		    text_of(q, "type", NULL)), "scope_options", options(
		    questionnaire_scopes, scope_names, text_of(q, "scope",
		    "location")));
		json_array_foreach(json_object_get(q, "choices"), k, choice)
			json_object_set_new(row, "choices", json_sprintf("%s%s%s",
			    json_string_value(json_object_get(row, "choices")),
			    k > 0 ? "\n" : "", json_string_value(choice)));
		errors = json_object();
		for (k = 0; names[k] != NULL; k++) {
			snprintf(field, sizeof(field), "questions.%zu.%s", i,
			    names[k]);
			json_object_set(errors, names[k], json_object_get(
			    c->error_fields, field));
		}
		json_object_set_new(row, "errors", errors);
		json_array_append_new(rows, row);
	}
	return rows;
}

/* Adds the form (values, stolen: {name, questions}) to c->view. */
static void
add_form(struct ctx *c, json_t *values)
{
	json_object_set_new(values, "rows", form_rows(c, json_object_get(
	    values, "questions")));
	json_object_set_new(c->view, "form", values);
	if (c->error_fields != NULL)
		json_object_set(c->view, "errors", c->error_fields);
}

/* The list page with the form (values, stolen), answering status. */
static int
list_page(struct ctx *c, json_t *values, int status)
{
	json_t		*items;
	enum db_status	 st;

	if ((st = db_questionnaire_list(c->app->db, LIST_MAX, &items)) !=
	    DB_OK) {
		json_decref(values);
		return ctx_db_fail(c, st);
	}
	ctx_view_merge(c, json_pack("{s:o, s:n}", "items", items, "next"));
	add_form(c, values);
	return status;
}

int
questionnaire_list(struct ctx *c)
{
	return list_page(c, json_pack("{s:s, s:[]}", "name", "", "questions"),
	    200);
}

/* Questionnaire {id} in ?version= (else its latest) as c->view, with
 * the form (values, stolen; NULL: its own questions).  0 or a status. */
static int
show_page(struct ctx *c, json_t *values)
{
	const char	*v = kvlist_get(&c->req->query, "version");
	long long	 version = 0;
	json_t		*q;
	enum db_status	 st;

	if (v != NULL && valid_int(v, 1, 1000000, &version) != NULL) {
		json_decref(values);
		ctx_field(c, "version", "must be a version's number");
		return ctx_fail(c, 400, "The page's parameters are not valid.");
	}
	if ((st = db_questionnaire_get(c->app->db, ctx_param_id(c, "id"),
	    version, &q)) != DB_OK || q == NULL) {
		json_decref(values);
		return st != DB_OK ? ctx_db_fail(c, st) : ctx_fail(c, 404,
		    "There is no such questionnaire.");
	}
	if (values == NULL)
		values = json_pack("{s:O, s:O}", "name", json_object_get(q,
		    "name"), "questions", json_object_get(q, "questions"));
	ctx_view_merge(c, json_pack("{s:o}", "questionnaire", q));
	add_form(c, values);
	return 0;
}

int
questionnaire_show(struct ctx *c)
{
	int	 status;

	return (status = show_page(c, NULL)) != 0 ? status : 200;
}

/* Records the change in the audit trail and answers with questionnaire
 * id's page (201 for a new one). */
static int
saved(struct ctx *c, const char *action, long long id, long long version,
    int status)
{
	char		 to[64];
	enum db_status	 st;
	json_t		*q = NULL;

	if ((st = ctx_audit(c, action, json_pack("{s:I, s:I}",
	    "questionnaire_id", (json_int_t)id, "version",
	    (json_int_t)version))) != DB_OK ||
	    (st = db_questionnaire_get(c->app->db, id, 0, &q)) != DB_OK ||
	    q == NULL)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	json_decref(c->view);
	c->view = json_pack("{s:o}", "questionnaire", q);
	snprintf(to, sizeof(to), "/national/questionnaires/%lld", id);
	return ctx_done(c, status, to);
}

int
questionnaire_create(struct ctx *c)
{
	json_t		*values;
	char		*text;
	long long	 id = 0;
	enum db_status	 st;

	read_questionnaire(c, &values);
	if (c->error_fields != NULL)
		return list_page(c, values, ctx_invalid(c, NULL));
	text = json_dumps(json_object_get(values, "questions"), JSON_COMPACT);
	st = text == NULL ? DB_ERROR : db_questionnaire_create(c->app->db,
	    json_string_value(json_object_get(values, "name")), text,
	    c->auth.user_id, &id);
	free(text);
	json_decref(values);
	if (st != DB_OK || id == 0)
		return ctx_db_fail(c, st != DB_OK ? st : DB_ERROR);
	return saved(c, "questionnaire_created", id, 1, 201);
}

int
questionnaire_save(struct ctx *c)
{
	json_t		*values;
	char		*text;
	long long	 version = 0, id = ctx_param_id(c, "id");
	enum db_status	 st;
	int		 status, failed;

	read_questionnaire(c, &values);
	if (c->error_fields != NULL) {
		status = ctx_invalid(c, NULL);
		failed = show_page(c, values);
		return failed != 0 ? failed : status;
	}
	text = json_dumps(json_object_get(values, "questions"), JSON_COMPACT);
	st = text == NULL ? DB_ERROR : db_questionnaire_save(c->app->db, id,
	    json_string_value(json_object_get(values, "name")), text,
	    c->auth.user_id, &version);
	free(text);
	json_decref(values);
	if (st != DB_OK)
		return ctx_db_fail(c, st);
	if (version == 0)
		return ctx_fail(c, 404, "There is no such questionnaire.");
	return saved(c, "questionnaire_saved", id, version, 200);
}
