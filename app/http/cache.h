/*
 * cache: a worker's copies of whole responses to anonymous requests for
 * public pages (the location list, a location's home), so the hot path
 * answers them without the database or a template.
 *
 * Entries live until the database announces a change to the data they
 * were built from: each is tagged with its location's id (0 for pages
 * that read every location), and the worker's memory drops the tags a
 * change reached, or everything (handlers/worker_memory.c).
 */
#ifndef PORTAL_CACHE_H
#define PORTAL_CACHE_H

#include "response.h"

#define CACHE_ENTRIES	128
#define CACHE_MAX_BODY	(256 * 1024)

struct cache;

struct cache	*cache_new(void);
void		 cache_free(struct cache *);
void		 cache_clear(struct cache *);
/* Fills r from the entry for key; 1 on a hit, 0 on a miss. */
int		 cache_get(const struct cache *, const char *key,
		    struct response *r);
/* Keeps a copy of r under key, tagged (see above), replacing the oldest
 * entry when full. */
void		 cache_put(struct cache *, const char *key,
		    const struct response *r, long long tag);
/* Drops every entry kept with tag. */
void		 cache_drop_tag(struct cache *, long long tag);

#endif
