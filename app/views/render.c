/*
 * render: views and errors to HTML or JSON (see render.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../http/response.h"
#include "../util/log.h"
#include "../util/memo.h"
#include "escape.h"
#include "atom.h"
#include "ical.h"
#include "render.h"

static const char json_content_type[] = "application/json";
static const char html_content_type[] = "text/html; charset=utf-8";
static const char csv_content_type[] = "text/csv; charset=utf-8";
static const char ics_content_type[] = "text/calendar; charset=utf-8";
static const char atom_content_type[] = "application/atom+xml; charset=utf-8";

/* Called when even the error page cannot be built: plain text, no data. */
static void
render_fallback(struct response *resp)
{
	response_reset(resp);
	resp->status = 500;
	resp->content_type = "text/plain; charset=utf-8";
	buf_puts(&resp->body, "Internal server error\n");
}

static int
json_to_buf(const char *text, size_t size, void *out)
{
	buf_append(out, text, size);
	return 0;
}

/* Straight into the body.  Fifteen significant digits: a stored 0.3966
 * reads 0.3966, not its nearest double's 0.39660000000000001. */
static int
render_json(struct response *resp, json_t *view)
{
	if (json_dump_callback(view, json_to_buf, &resp->body, JSON_COMPACT |
	    JSON_REAL_PRECISION(15)) == -1)
		return -1;
	resp->content_type = json_content_type;
	buf_putc(&resp->body, '\n');
	return buf_failed(&resp->body) ? -1 : 0;
}

/* One CSV cell: text escaped, numbers as digits, arrays joined by "; ". */
static void
csv_cell(struct buf *out, json_t *v)
{
	struct buf	 joined = BUF_INIT;
	json_t		*item;
	size_t		 i;

	switch (json_typeof(v)) {
	case JSON_STRING:
		esc_csv(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_printf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:		/* a stocktake's answer: 1.5 */
		buf_printf(out, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		buf_puts(out, json_is_true(v) ? "true" : "false");
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, item) {
			if (i > 0)
				buf_puts(&joined, "; ");
			if (json_is_string(item))
				buf_puts(&joined, json_string_value(item));
		}
		esc_csv(out, buf_str(&joined), joined.len);
		buf_free(&joined);
		break;
	default:
		break;	/* null: an empty cell */
	}
}

/*
 * Makes an export a file to save (RFC 6266) named after the view's
 * "filename", which the handler builds from fixed text and checked
 * values (slugs, dates): nothing to escape.
 */
static void
attachment(struct response *resp, json_t *view, const char *extension)
{
	const char	*filename = json_string_value(json_object_get(view,
			    "filename"));
	char		 disposition[160];

	snprintf(disposition, sizeof(disposition), "attachment; "
	    "filename=\"%s.%s\"", filename != NULL ? filename : "export",
	    extension);
	response_header(resp, "Content-Disposition", disposition);
}

/*
 * An export's view as RFC 4180 CSV: {"filename", "columns": [names],
 * "items": [objects]}, a header row, then a row per item, CRLF line ends.
 */
static int
render_csv(struct response *resp, json_t *view)
{
	json_t		*columns = json_object_get(view, "columns");
	json_t		*items = json_object_get(view, "items"), *item, *col;
	size_t		 i, k;

	json_array_foreach(columns, k, col) {
		if (k > 0)
			buf_putc(&resp->body, ',');
		csv_cell(&resp->body, col);
	}
	buf_puts(&resp->body, "\r\n");
	json_array_foreach(items, i, item) {
		json_array_foreach(columns, k, col) {
			if (k > 0)
				buf_putc(&resp->body, ',');
			csv_cell(&resp->body, json_object_get(item,
			    json_string_value(col)));
		}
		buf_puts(&resp->body, "\r\n");
	}
	resp->content_type = csv_content_type;
	attachment(resp, view, "csv");
	return buf_failed(&resp->body) ? -1 : 0;
}

/* Events as iCalendar (views/ical.h); one event's is a file to save. */
static int
render_ics(struct response *resp, json_t *view)
{
	resp->content_type = ics_content_type;
	if (json_object_get(view, "filename") != NULL)
		attachment(resp, view, "ics");
	return ical_write(&resp->body, view);
}

/*
 * Who is asking, for the layout and forms, under "session": {"user":
 * {...} or null,
 * "csrf": the token forms carry, "national": bool, "path": the page's
 * own path, for "sign in and come back" links}.
 */
static json_t *
session_json(const struct ctx *c)
{
	const char *csrf = c->auth.user != NULL ? c->auth.csrf : c->form_token;

	return json_pack("{s:{s:O?, s:s, s:b, s:s}}", "session", "user",
	    c->auth.user, "csrf", csrf, "national",
	    auth_national_role(&c->auth) != NULL, "path",
	    c->req->path != NULL ? c->req->path : "/");
}

#define NSTACK(s)	(sizeof(s) / sizeof((s)[0]))

/*
 * The content of a kept view's page (ctx.keep_page: it reads the view,
 * never the session), as rendered for the view's key: from the worker's
 * memory, or rendered now and kept until the data behind the view changes
 * (handlers/worker_memory.c, memory_sync()).  New reference, or NULL.
 */
static json_t *
kept_content(struct ctx *c, int template, json_t *const *stack,
    size_t depth)
{
	const char	*key = buf_str(&c->view_key);
	struct buf	 text = BUF_INIT;
	json_t		*content;

	if ((content = memo_get(c->app->pages, key)) != NULL)
		return json_incref(content);
	if (tmpl_render_block(c->app->templates, template, c->lang,
	    "content", stack, depth, &text) == 0 && !buf_failed(&text) &&
	    (content = json_stringn_nocheck(buf_str(&text), text.len)) != NULL)
		memo_put_tagged(c->app->pages, key, json_incref(content),
		    c->view_tag);
	buf_free(&text);
	return content;
}

static int
render_html(struct ctx *c, int template, json_t *view)
{
	json_t	*session = session_json(c);
	json_t	*stack[] = { c->app->globals, c->app->page[c->lang], session,
		    view };
	json_t	*content = NULL;
	int	 rc = -1;

	c->resp->content_type = html_content_type;
	if (session == NULL)
		return -1;
	if (c->keep_page && view == c->view && c->resp->status == 200 &&
	    c->view_key.len > 0 && !buf_failed(&c->view_key) &&
	    (content = kept_content(c, template, stack, NSTACK(stack))) ==
	    NULL)
		goto out;
	if (content != NULL)
		rc = tmpl_render_kept(c->app->templates, template, c->lang, stack,
		    NSTACK(stack), "content", json_string_value(content),
		    json_string_length(content), &c->resp->body);
	else
		rc = tmpl_render(c->app->templates, template, c->lang, stack,
		    NSTACK(stack), &c->resp->body);
out:
	json_decref(content);
	json_decref(session);
	return rc;
}

void
render_view(struct ctx *c, int status, int template)
{
	json_t	*view;
	int	 rc;

	response_header(c->resp, "Cache-Control", "no-store");
	c->resp->status = status;
	if (status == 204) {
		c->resp->omit_body = 1;
		return;
	}
	/* After the 204 return: an empty view made there was never freed. */
	view = c->view != NULL ? c->view : json_object();
	if (c->req->format == FORMAT_CSV)
		rc = render_csv(c->resp, view);
	else if (c->req->format == FORMAT_ICS)
		rc = render_ics(c->resp, view);
	else if (c->req->format == FORMAT_ATOM) {
		c->resp->content_type = atom_content_type;
		rc = atom_write(&c->resp->body, view);
	}
	else if (c->req->format == FORMAT_JSON_FILE) {
		attachment(c->resp, view, "json");
		rc = render_json(c->resp, view);
	} else if (c->req->format == FORMAT_JSON || template < 0)
		rc = render_json(c->resp, view);
	else
		rc = render_html(c, template, view);
	if (view != c->view)
		json_decref(view);
	if (rc == -1) {
		log_msg(LOG_ERROR, "cannot render the view", NULL);
		render_fallback(c->resp);
	}
}

static json_t *
error_json(struct ctx *c)
{
	json_t	*err;

	err = json_pack("{s:s, s:s}", "code", c->error_code, "message",
	    c->error_message);
	if (err != NULL && c->error_fields != NULL)
		json_object_set(err, "fields", c->error_fields);
	if (err != NULL && c->error_extra != NULL)
		json_object_update(err, c->error_extra);
	return err;
}

json_t *
render_field_list(json_t *fields)
{
	json_t		*list = json_array(), *msg;
	const char	*name;

	json_object_foreach(fields, name, msg)
		json_array_append_new(list, json_pack("{s:s, s:O}", "field",
		    name, "message", msg));
	return list;
}

void
render_error(struct ctx *c, int status)
{
	json_t	*err, *view = NULL;
	int	 rc = -1, t;

	buf_reset(&c->resp->body);	/* keep Allow, Retry-After */
	c->resp->status = status;
	if ((err = error_json(c)) == NULL)
		goto out;
	if (c->req->format != FORMAT_HTML) {	/* CSV, iCalendar, Atom too */
		if ((view = json_pack("{s:O}", "error", err)) != NULL)
			rc = render_json(c->resp, view);
	} else if ((t = c->app->error_template) != -1) {
		json_object_set_new(err, "status", json_integer(status));
		json_object_set_new(err, "reason",
		    json_string(http_status_text(status)));
		json_object_set_new(err, "fields",
		    render_field_list(c->error_fields));
		rc = render_html(c, t, err);
	}
out:
	json_decref(err);
	json_decref(view);
	if (rc == -1)
		render_fallback(c->resp);
}
