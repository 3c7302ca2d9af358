/*
 * A handler context over a request parsed from a form or JSON body, for
 * the unit tests of the input helpers (test_ctx_input.c, test_fields.c).
 * No database, worker or response: only what reading input touches.
 */
#ifndef PORTAL_TEST_CTX_FIXTURE_H
#define PORTAL_TEST_CTX_FIXTURE_H

#include <string.h>

#include "../../app/handlers/handler.h"

#define FORM	"application/x-www-form-urlencoded"
#define JSON	"application/json"

/* Parses a request to uri with body of type (NULL: none) into c, whose
 * req points at r; fails the test if the request does not parse. */
static inline void
fx_open(struct ctx *c, struct request *r, const char *uri,
    const char *type, const char *body)
{
	struct request_input in = {
		.method = body != NULL ? "POST" : "GET", .uri = uri,
		.content_type = type, .body = body != NULL ? body : "",
		.body_len = body != NULL ? strlen(body) : 0,
	};

	memset(c, 0, sizeof(*c));
	request_init(r);
	assert_int_equal(request_parse(r, &in), 0);
	c->req = r;
	/* As routes.c sets it for a page or an /api/v1 route. */
	c->page_default = r->format == FORMAT_HTML ? PAGE_DEFAULT_HTML :
	    PAGE_DEFAULT;
}

static inline void
fx_close(struct ctx *c)
{
	json_decref(c->view);
	json_decref(c->error_fields);
	request_free(c->req);
}

/* A POST of body to a JSON route when type is JSON, else to a page. */
static inline void
fx_post(struct ctx *c, struct request *r, const char *type,
    const char *body)
{
	fx_open(c, r, strcmp(type, JSON) == 0 ? "/api/v1/x" : "/x", type,
	    body);
}

/* The message recorded for field, or NULL. */
static inline const char *
fx_message(const struct ctx *c, const char *field)
{
	return json_string_value(json_object_get(c->error_fields, field));
}

#endif
