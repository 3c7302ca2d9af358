/*
 * routes: the table of every route portald answers, and the dispatcher
 * that runs one request through it.
 */
#ifndef PORTAL_ROUTES_H
#define PORTAL_ROUTES_H

#include <stdio.h>

#include "handler.h"

/*
 * Fills app's router and resolves each route's template; -1 with a message
 * in err if a pattern is malformed or a template is missing.
 */
int	routes_init(struct app *, struct buf *err);
/* Answers one parsed (or unparseable) request into resp; returns the
 * route that answered it, or -1 when none matched (for metrics). */
int	routes_dispatch(struct app *, struct request *, struct response *);
/* A route's method and pattern ("" and "(none)" for -1). */
void	routes_label(int route, const char **method, const char **pattern);
/*
 * Writes the route table, one "METHOD PATTERN" line per route in table
 * order (portald --routes): what the OpenAPI document is checked against.
 */
void	routes_print(FILE *);

#endif
