/*
 * newcomer: what a location's page tells someone new to it, beside its
 * rounds, help contact and initiatives (location.c): who sits on the
 * working group by sector, and honestly which sectors it lacks (counts
 * only, for anyone: sql/022 location_sectors()), the next events, and
 * the languages its services are offered in, each linked to the
 * directory filtered by it, and its newest published stories.  Nothing is claimed that the data does not
 * hold: a group with no members says so.
 */
#include <string.h>

#include "../../db/directory.h"
#include "../../db/events.h"
#include "../../db/stories.h"
#include "../../domain/spoken.h"
#include "../../domain/vocab.h"
#include "../handler.h"

#define EVENTS_SHOWN	3
#define STORIES_SHOWN	3

/* {sectors_present: [{key, name, members}], sectors_missing: [{key,
 * name}], has_members} from the counts per sector (rows). */
static json_t *
sectors_view(json_t *rows)
{
	json_t		*present = json_array(), *missing = json_array();
	json_t		*r;
	const struct vocab *v;
	size_t		 i;
	int		 found;

	for (v = vocab_sectors; v->key != NULL; v++) {
		found = 0;
		json_array_foreach(rows, i, r)
			if (strcmp(json_string_value(json_object_get(r,
			    "sector")), v->key) == 0) {
				json_array_append_new(present, json_pack(
				    "{s:s, s:s, s:O}", "key", v->key, "name",
				    v->name, "members", json_object_get(r,
				    "members")));
				found = 1;
			}
		if (!found)
			json_array_append_new(missing, json_pack("{s:s, s:s}",
			    "key", v->key, "name", v->name));
	}
	return json_pack("{s:b, s:o, s:o}", "has_members",
	    json_array_size(present) > 0, "sectors_present", present,
	    "sectors_missing", missing);
}

/* [{code, name, autonym, services}] of the services' languages. */
static json_t *
languages_view(const struct ctx *c, json_t *rows)
{
	json_t	*out = json_array(), *r, *named, *code;
	size_t	 i;

	json_array_foreach(rows, i, r) {
		code = json_pack("[O]", json_object_get(r, "code"));
		named = spoken_named(code, c->lang);
		json_decref(code);
		if (json_array_size(named) == 1) {
			json_object_set(json_array_get(named, 0), "services",
			    json_object_get(r, "services"));
			json_array_append(out, json_array_get(named, 0));
		}
		json_decref(named);
	}
	return out;
}

int
location_newcomer(struct ctx *c, const char *slug)
{
	json_t		*sectors = NULL, *events = NULL;
	json_t		*languages = NULL, *stories = NULL;
	json_t		*e;
	enum db_status	 st;
	size_t		 i;

	if ((st = db_location_sectors(c->app->db, slug, &sectors)) != DB_OK ||
	    (st = db_events_upcoming(c->app->db, slug, EVENTS_SHOWN,
	    &events)) != DB_OK ||
	    (st = db_service_languages(c->app->db, slug, &languages)) !=
	    DB_OK || (st = db_stories_recent(c->app->db, slug, STORIES_SHOWN,
	    &stories)) != DB_OK) {
		json_decref(sectors);
		json_decref(events);
		json_decref(languages);
		return ctx_db_fail(c, st);
	}
	json_object_update_new(c->view, sectors_view(sectors));
	json_array_foreach(events, i, e)
		event_decorate(c, e);
	json_object_set_new(c->view, "upcoming_events", events);
	json_array_foreach(stories, i, e)
		story_decorate(c, e);
	json_object_set_new(c->view, "recent_stories", stories);
	json_object_set_new(c->view, "service_languages", languages_view(c,
	    languages));
	json_decref(sectors);
	json_decref(languages);
	return 0;
}
