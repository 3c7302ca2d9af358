/*
 * render: turning a handler's view (or error) into the response body, as
 * an HTML page through the route's template or as JSON.
 */
#ifndef PORTAL_RENDER_H
#define PORTAL_RENDER_H

#include "../handlers/handler.h"

/* Renders c->view with status: JSON for JSON requests, else template. */
void	render_view(struct ctx *c, int status, int template);
/*
 * Renders the error recorded by ctx_fail(): {"error": {"code", "message",
 * "fields"}} for JSON, the "error" page for HTML.
 */
void	render_error(struct ctx *c, int status);
/* {"a": "msg"} as [{"field": "a", "message": "msg"}], for templates
 * (NULL: an empty list); new array. */
json_t	*render_field_list(json_t *fields);

#endif
