/*
 * funding_fields: a funding request's fields as the application form and
 * the API give them (title, texts, budget lines, contact), each checked
 * with a message by the field, and the checks submitting makes of a whole
 * request.  The form and its handlers are in funding_request.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../domain/vocab.h"
#include "../../http/validate.h"
#include "../../util/money.h"
#include "assist.h"
#include "../fields.h"
#include "funding_request.h"

#define TITLE_MAX	200
#define TEXT_MAX	20000
#define NOTE_MAX	5000
#define MONEY_MAX	100000000000LL

/*
 * The API's contact object, as the form's three fields: one reader then
 * serves both.  The JSON body is the request's, rewritten in place.
 */
static void
flatten_contact(struct ctx *c)
{
	static const char *const parts[] = { "name", "email", "phone" };
	json_t	*contact, *v;
	char	 name[16];
	size_t	 i;

	if (c->req->json == NULL ||
	    (contact = json_object_get(c->req->json, "contact")) == NULL)
		return;
	if (!json_is_object(contact)) {
		ctx_field(c, "contact", "must be an object with name, email "
		    "and phone");
		return;
	}
	for (i = 0; i < 3; i++) {
		if ((v = json_object_get(contact, parts[i])) == NULL)
			continue;
		snprintf(name, sizeof(name), "contact_%s", parts[i]);
		json_object_set_new(c->req->json, name, json_is_null(v) ?
		    json_string("") : json_incref(v));
	}
}

/* One budget line as given: 0 when good, else a message. */
static const char *
budget_line(const char *item, json_t *amount, const char *typed,
    json_t *lines)
{
	char		*clean = NULL;
	const char	*msg = NULL;
	long long	 cents = 0;
	json_t		*line;

	if (item == NULL || item[strspn(item, " \t")] == '\0')
		msg = N_("say what each amount is for");
	else if (valid_text(item, 1, TITLE_MAX, 0, &clean) != NULL)
		msg = N_("each line's item must be one line of at most 200 "
		    "characters");
	if (typed != NULL) {
		if (valid_cents(typed, 1, MONEY_MAX, &cents) != NULL)
			msg = msg != NULL ? msg : N_("each line needs an amount in "
			    "dollars, such as 120 or 85.50");
	} else if (!json_is_integer(amount) || json_integer_value(amount) < 1 ||
	    json_integer_value(amount) > MONEY_MAX)
		msg = msg != NULL ? msg : N_("each line needs amount_cents, a whole "
		    "number of cents from 1");
	else
		cents = json_integer_value(amount);
	line = json_pack("{s:s}", "item", clean != NULL ? clean : item != NULL ?
	    item : "");
	if (msg == NULL)
		json_object_set_new(line, "amount_cents", json_integer(cents));
	else if (typed != NULL)
		json_object_set_new(line, "amount", json_string(typed));
	json_array_append_new(lines, line);
	free(clean);
	return msg;
}

/* Budget lines: the API's [{"item", "amount_cents"}], or the form's
 * numbered rows (budget_item_N, budget_amount_N), blank rows skipped. */
static void
read_budget(struct ctx *c, json_t *values)
{
	json_t		*given, *lines, *line;
	const char	*msg = NULL, *m, *item, *amount;
	char		 name[32];
	size_t		 i;

	lines = json_array();
	if (c->req->json != NULL) {
		if ((given = json_object_get(c->req->json, "budget")) == NULL) {
			json_decref(lines);
			return;
		}
		if (!json_is_array(given))
			msg = N_("must be a list of lines, each {\"item\", "
			    "\"amount_cents\"}");
		json_array_foreach(given, i, line)
			if ((m = budget_line(json_string_value(json_object_get(
			    line, "item")), json_object_get(line,
			    "amount_cents"), NULL, lines)) != NULL && msg == NULL)
				msg = m;
	} else {
		if (ctx_input(c, "budget_item_1") == NULL) {
			json_decref(lines);
			return;
		}
		for (i = 1; i <= REQUEST_BUDGET_LINES; i++) {
			snprintf(name, sizeof(name), "budget_item_%zu", i);
			item = ctx_input(c, name);
			snprintf(name, sizeof(name), "budget_amount_%zu", i);
			amount = ctx_input(c, name);
			if ((item == NULL || item[strspn(item, " \t")] == '\0') &&
			    (amount == NULL || amount[strspn(amount, " ")] ==
			    '\0'))
				continue;
			if ((m = budget_line(item, NULL, amount != NULL ?
			    amount : "", lines)) != NULL && msg == NULL)
				msg = m;
		}
	}
	if (msg == NULL && json_array_size(lines) > REQUEST_BUDGET_LINES)
		msg = N_("can have at most 30 lines");
	if (msg != NULL)
		ctx_field(c, "budget", msg);
	json_object_set_new(values, "budget", lines);
}

static void
read_contact(struct ctx *c, json_t *values)
{
	const char	*email, *phone;

	flatten_contact(c);
	field_text(c, values, "contact_name", 0, 100, 0);
	field_text(c, values, "contact_email", 0, 254, 0);
	field_text(c, values, "contact_phone", 0, 40, 0);
	email = json_string_value(json_object_get(values, "contact_email"));
	if (email != NULL && email[0] != '\0' && valid_email(email) != NULL &&
	    (c->error_fields == NULL ||
	    json_object_get(c->error_fields, "contact_email") == NULL))
		ctx_field(c, "contact_email", "must be an email address such "
		    "as name@example.org");
	phone = json_string_value(json_object_get(values, "contact_phone"));
	if (phone != NULL && phone[strspn(phone, "0123456789 +()-.")] != '\0')
		ctx_field(c, "contact_phone", "may have only digits, spaces "
		    "and + ( ) - .");
}

/* The fields a draft may hold, each checked but none required: submitting
 * checks that everything is there (request_check_complete). */
void
request_read_fields(struct ctx *c, json_t *values)
{
	const char	*area = ctx_input(c, "area");

	field_text(c, values, "title", 0, TITLE_MAX, 0);
	field_text(c, values, "description", 0, TEXT_MAX, 1);
	if (area != NULL && area[0] == '\0')
		json_object_set_new(values, "area", json_null());
	else
		field_enum(c, values, "area", vocab_areas, N_("must be one of the "
		    "framework's seven areas"));
	field_keys(c, values, "elements", vocab_elements, 0, N_("must be among "
	    "belonging, inclusion, participation, recognition and legitimacy"));
	field_cents(c, values, "amount_cents", "amount", 100, MONEY_MAX);
	read_budget(c, values);
	field_text(c, values, "beneficiaries", 0, NOTE_MAX, 1);
	field_int(c, values, "beneficiary_count", 0, 1000000);
	field_text(c, values, "timeline", 0, NOTE_MAX, 1);
	read_contact(c, values);
	(void)language_input(c, values);
}

static int
blank(json_t *v)
{
	return v == NULL || json_is_null(v) || (json_is_string(v) &&
	    json_string_length(v) == 0) || (json_is_array(v) &&
	    json_array_size(v) == 0);
}

void
request_check_complete(struct ctx *c, json_t *req)
{
	static const struct { const char *field, *message; } required[] = {
		{ "title", "is required" },
		{ "description", N_("is required: say what the money is for") },
		{ "area", N_("is required: choose the framework area") },
		{ "elements", "choose at least one" },
		{ "amount_cents", "is required" },
		{ "budget", N_("is required: list what the money will buy") },
		{ "beneficiaries", N_("is required: say who benefits and how") },
		{ "beneficiary_count", N_("is required: about how many people "
		    "benefit") },
		{ "timeline", N_("is required: say when it will happen") },
		{ NULL, NULL },
	};
	json_t		*contact = json_object_get(req, "contact"), *line;
	json_t		*amount = json_object_get(req, "amount_cents");
	long long	 max, sum = 0;
	char		 a[MONEY_TEXT], b[MONEY_TEXT], msg[160];
	size_t		 i;

	for (i = 0; required[i].field != NULL; i++)
		if (blank(json_object_get(req, required[i].field)))
			ctx_field(c, required[i].field, required[i].message);
	if (blank(json_object_get(contact, "name")))
		ctx_field(c, "contact_name", "is required");
	if (blank(json_object_get(contact, "email")) && !assist_known(c, req))
		ctx_field(c, "contact_email", "is required");
	max = json_integer_value(json_object_get(req, "max_request_cents"));
	if (json_is_integer(amount) && json_integer_value(amount) > max) {
		snprintf(msg, sizeof(msg), _("must be at most %s, the round's "
		    "maximum per request"), money_text(a, max));
		ctx_field(c, "amount_cents", msg);
	}
	json_array_foreach(json_object_get(req, "budget"), i, line)
		sum += json_integer_value(json_object_get(line, "amount_cents"));
	if (json_is_integer(amount) && json_array_size(json_object_get(req,
	    "budget")) > 0 && sum != json_integer_value(amount)) {
		snprintf(msg, sizeof(msg), _("adds up to %s but the amount asked "
		    "for is %s: they must be the same"), money_text(a, sum),
		    money_text(b, json_integer_value(amount)));
		ctx_field(c, "budget", msg);
	}
	/* A new application needs the round open; answering the working
	 * group's questions after it closed does not. */
	if (strcmp(json_string_value(json_object_get(req, "state")),
	    "draft") == 0 && strcmp(json_string_value(json_object_get(req,
	    "round_state")), "open") != 0)
		ctx_field(c, "round_id", "is not open for applications now");
}
