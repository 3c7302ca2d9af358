/*
 * directory_import: many services at once from CSV (RFC 4180), as the
 * directory's own CSV file gives them (directory_columns): a header row
 * naming the columns, then a service a row.  The API takes the file as a
 * text/csv body, the page as pasted text.  Every row is checked as the
 * form checks one service; the answer names each bad row (numbered as a
 * spreadsheet shows it: the header is row 1) and its fields, and nothing
 * is written unless every row is good.  ?dry_run=1 (the page's Preview
 * button) checks and shows the rows without writing them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../util/csv.h"
#include "../../views/render.h"
#include "directory.h"

#define IMPORT_ROWS_MAX	2000

/* The CSV: the API's body, or the page's field. */
static const char *
import_text(const struct ctx *c, size_t *len)
{
	const char	*text = c->req->csv;

	if (text == NULL)
		text = ctx_input(c, "csv");
	*len = text != NULL ? strlen(text) : 0;
	return text;
}

static int
dry_run(const struct ctx *c)
{
	const char	*q = kvlist_get(&c->req->query, "dry_run");

	return (q != NULL && strcmp(q, "1") == 0) ||
	    kvlist_get(&c->req->form, "preview") != NULL;
}

/* Checks the header row: each column one the directory knows, none
 * twice, and name present.  0, or -1 with the message by "csv". */
static int
import_header(struct ctx *c, json_t *header)
{
	json_t	*col;
	size_t	 i, j, k;
	int	 named = 0;

	json_array_foreach(header, i, col) {
		for (k = 0; directory_columns[k] != NULL &&
		    strcmp(directory_columns[k], json_string_value(col)) != 0;
		    k++)
			;
		for (j = 0; j < i && !json_equal(json_array_get(header, j),
		    col); j++)
			;
		if (directory_columns[k] == NULL || j < i) {
			ctx_field(c, "csv", N_("the first row must name the "
			    "columns, each once, from: name, organisation, "
			    "description, categories, languages, "
			    "eligibility, free, cost, hours, address, phone, "
			    "email, website, accessibility, checked_on, "
			    "language, locations"));
			return -1;
		}
		named |= k == 0;
	}
	if (!named)
		ctx_field(c, "csv", N_("needs a name column"));
	return named ? 0 : -1;
}

/* Row (stolen) checked into a new values object; its messages, if any,
 * are appended to errors as {row, fields}. */
static json_t *
import_row(struct ctx *c, json_t *header, json_t *row, size_t number,
    json_t *errors)
{
	json_t		*in = json_object(), *values = json_object();
	json_t		*cell;
	size_t		 i;
	enum db_status	 st = DB_OK;

	json_array_foreach(header, i, cell)
		json_object_set(in, json_string_value(cell),
		    json_array_get(row, i) != NULL ? json_array_get(row, i) :
		    json_null());
	if (json_array_size(row) > json_array_size(header))
		ctx_field(c, "csv", N_("has more cells than the header has "
		    "columns"));
	directory_check(c, in, values);
	if (json_array_size(json_object_get(values, "locations")) > 0)
		st = directory_locations_known(c, values);
	if (c->error_fields != NULL || st != DB_OK)
		json_array_append_new(errors, json_pack("{s:I, s:O?, s:o}",
		    "row", (json_int_t)number, "fields", c->error_fields,
		    "messages", render_field_list(c->error_fields)));
	json_decref(c->error_fields);
	c->error_fields = NULL;
	json_decref(in);
	json_decref(row);
	return values;
}

/* Every data row of records checked: a new array of values; errors
 * gets the bad rows. */
static json_t *
import_rows(struct ctx *c, json_t *records, json_t *errors)
{
	json_t	*header = json_array_get(records, 0);
	json_t	*rows = json_array();
	size_t	 i;

	for (i = 1; i < json_array_size(records); i++)
		json_array_append_new(rows, import_row(c, header,
		    json_incref(json_array_get(records, i)), i + 1, errors));
	return rows;
}

/* The file's parse: records with a good header and at least one row, or
 * NULL with the message by "csv". */
static json_t *
import_parse(struct ctx *c)
{
	size_t		 len, line = 0;
	const char	*text = import_text(c, &len);
	json_t		*records = NULL;

	if (text == NULL || text[strspn(text, " \t\r\n")] == '\0')
		ctx_field(c, "csv", N_("is required: paste the CSV, a header "
		    "row then a service a row"));
	else if ((records = csv_parse(text, len, IMPORT_ROWS_MAX + 1,
	    &line)) == NULL)
		ctx_field(c, "csv", N_("is not CSV we can read (a stray "
		    "quote, or more than 2000 rows)"));
	else if (json_array_size(records) < 2)
		ctx_field(c, "csv", N_("has no services: a header row, then a "
		    "service a row"));
	else if (import_header(c, json_array_get(records, 0)) == -1)
		;
	else
		return records;
	json_decref(records);
	return NULL;
}

/* The page's view: the pasted text and the rows read, for a preview or
 * the errors beside them. */
static int
import_page(struct ctx *c, json_t *rows, json_t *errors, int status)
{
	const char	*text = ctx_input(c, "csv");

	if (c->view != NULL)
		json_object_del(c->view, "form");
	ctx_view_merge(c, json_pack("{s:o, s:{s:s}, s:o, s:o, s:b}",
	    "location", ctx_location_public(c), "form", "csv", text != NULL ?
	    text : "", "rows", rows != NULL ? rows : json_array(), "row_errors",
	    errors != NULL ? errors : json_array(), "preview", dry_run(c)));
	return status;
}

int
service_import_form(struct ctx *c)
{
	return import_page(c, NULL, NULL, 200);
}

/* Writes every row (all checked): 0, or a status. */
static int
import_write(struct ctx *c, json_t *rows)
{
	json_t		*values;
	long long	 id;
	size_t		 i;
	enum db_status	 st = DB_OK;

	json_array_foreach(rows, i, values)
		if ((st = directory_create(c, values, &id)) != DB_OK)
			return ctx_db_fail(c, st);
	if ((st = ctx_audit(c, "services_imported", json_pack("{s:I}",
	    "created", (json_int_t)json_array_size(rows)))) != DB_OK)
		return ctx_db_fail(c, st);
	return 0;
}

int
service_import(struct ctx *c)
{
	char		 to[200];
	json_t		*records, *rows, *errors = json_array();
	size_t		 n;
	int		 status;

	if ((records = import_parse(c)) == NULL)
		return import_page(c, NULL, errors, ctx_invalid(c, NULL));
	rows = import_rows(c, records, errors);
	json_decref(records);
	if (json_array_size(errors) > 0) {
		ctx_field(c, "csv", N_("has rows that need attention: nothing "
		    "was imported"));
		c->error_extra = json_pack("{s:i, s:O}", "created", 0, "errors",
		    errors);
		return import_page(c, rows, errors, ctx_invalid(c, NULL));
	}
	if (dry_run(c)) {
		json_decref(c->view);
		c->view = json_pack("{s:i, s:o, s:b}", "created", 0, "errors",
		    json_array(), "dry_run", 1);
		return import_page(c, rows, errors, 200);
	}
	if ((status = import_write(c, rows)) != 0) {
		json_decref(rows);
		json_decref(errors);
		return status;
	}
	n = json_array_size(rows);
	json_decref(rows);
	json_decref(c->view);
	c->view = json_pack("{s:I, s:o}", "created", (json_int_t)n, "errors",
	    errors);
	snprintf(to, sizeof(to), "/l/%s/services?imported=%zu",
	    json_string_value(json_object_get(c->location, "slug")), n);
	return ctx_done(c, 201, to);
}
