/*
 * cache: a worker's copies of whole responses to anonymous requests for
 * public pages (the location list, a location's home), so the hot path
 * answers them without the database or a template.
 *
 * Entries live until the database announces a change to public data
 * (db_public_changed()), when the whole cache is dropped: a change is
 * rare, and dropping everything cannot serve a stale page.
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
/* Keeps a copy of r under key, replacing the oldest entry when full. */
void		 cache_put(struct cache *, const char *key,
		    const struct response *r);

#endif
