/*
 * render: views and errors to HTML or JSON (see render.h).
 */
#include <stdlib.h>
#include <string.h>

#include "../http/response.h"
#include "../util/log.h"
#include "render.h"

static const char json_content_type[] = "application/json";
static const char html_content_type[] = "text/html; charset=utf-8";

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
render_json(struct response *resp, json_t *view)
{
	char	*text;

	if ((text = json_dumps(view, JSON_COMPACT)) ==
	    NULL)
		return -1;
	resp->content_type = json_content_type;
	buf_puts(&resp->body, text);
	buf_putc(&resp->body, '\n');
	free(text);
	return buf_failed(&resp->body) ? -1 : 0;
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

static int
render_html(struct ctx *c, int template, json_t *view)
{
	json_t	*session = session_json(c);
	json_t	*stack[] = { c->app->globals, session, view };
	int	 rc;

	c->resp->content_type = html_content_type;
	rc = session == NULL ? -1 : tmpl_render(c->app->templates, template,
	    stack, sizeof(stack) / sizeof(stack[0]), &c->resp->body);
	json_decref(session);
	return rc;
}

void
render_view(struct ctx *c, int status, int template)
{
	json_t	*view = c->view != NULL ? c->view : json_object();
	int	 rc;

	response_header(c->resp, "Cache-Control", "no-store");
	c->resp->status = status;
	if (status == 204) {
		c->resp->omit_body = 1;
		return;
	}
	rc = c->req->format == FORMAT_JSON || template < 0 ?
	    render_json(c->resp, view) : render_html(c, template, view);
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
	return err;
}

/* {"a": "msg"} as [{"field": "a", "message": "msg"}], for templates. */
static json_t *
field_list(json_t *fields)
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
	if (c->req->format == FORMAT_JSON) {
		if ((view = json_pack("{s:O}", "error", err)) != NULL)
			rc = render_json(c->resp, view);
	} else if ((t = c->app->error_template) != -1) {
		json_object_set_new(err, "status", json_integer(status));
		json_object_set_new(err, "reason",
		    json_string(http_status_text(status)));
		json_object_set_new(err, "fields", field_list(c->error_fields));
		rc = render_html(c, t, err);
	}
out:
	json_decref(err);
	json_decref(view);
	if (rc == -1)
		render_fallback(c->resp);
}
