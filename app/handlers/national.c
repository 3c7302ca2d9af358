/*
 * national: Immigration New Zealand's view across every location.  For now
 * the working groups' size and sector coverage; the stocktake, gaps,
 * overlaps and money join it as those features land.
 */
#include "../domain/vocab.h"
#include "handler.h"

int
national_home(struct ctx *c)
{
	json_t		*locations, *loc, *present, *coverage;
	enum db_status	 st;
	size_t		 i;

	if ((st = db_rows(c->app->db, STMT_NATIONAL_LOCATIONS, NULL,
	    &locations)) != DB_OK)
		return ctx_db_fail(c, st);
	json_array_foreach(locations, i, loc) {
		present = json_object_get(loc, "sectors");
		coverage = json_array();
		{
			json_t *s;
			size_t k;

			/* ["iwi", ...] as objects for vocab_coverage(). */
			json_array_foreach(present, k, s)
				json_array_append_new(coverage, json_pack(
				    "{s:O}", "sector", s));
		}
		json_object_set_new(loc, "sectors", vocab_coverage(
		    vocab_sectors, coverage, "sector"));
		json_decref(coverage);
	}
	c->view = json_pack("{s:o, s:n}", "items", locations, "next");
	return 200;
}
