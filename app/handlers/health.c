/*
 * health: liveness and readiness for load balancers and supervisors.
 *
 * /livez answers from the worker alone, so it measures the FastCGI hop
 * (the benchmarks' floor); /healthz also asks the database.
 */
#include "handler.h"

int
health_live(struct ctx *c)
{
	c->view = json_pack("{s:s}", "status", "ok");
	return 200;
}

int
health_ready(struct ctx *c)
{
	if (db_ping(c->app->db) != DB_OK) {
		response_header(c->resp, "Retry-After", "2");
		c->view = json_pack("{s:s, s:s}", "status", "unavailable",
		    "db", "down");
		return 503;
	}
	c->view = json_pack("{s:s, s:s}", "status", "ok", "db", "ok");
	return 200;
}
