/*
 * memo: a small map from text keys to values a worker remembers, with a
 * fixed number of slots (the oldest entry gives way when full).  The memo
 * owns its values and frees them with the function it was made with.
 * The portal's caches (public pages, sessions, working-group views) are
 * memos; what each keeps, and when it is dropped, is up to its owner.
 */
#ifndef PORTAL_MEMO_H
#define PORTAL_MEMO_H

#include <stddef.h>

struct memo;

struct memo	*memo_new(size_t slots, void (*free_value)(void *));
void		 memo_free(struct memo *);
void		 memo_clear(struct memo *);
/* The value under key, or NULL; borrowed. */
void		*memo_get(const struct memo *, const char *key);
/* Keeps value (taken over, freed on failure) under key. */
void		 memo_put(struct memo *, const char *key, void *value);
/* The same, marked with tag (what the value was built from, such as a
 * location's id), so that memo_drop_tag() finds it; memo_put()'s is 0. */
void		 memo_put_tagged(struct memo *, const char *key, void *value,
		    long long tag);
/* Drops every value kept with tag. */
void		 memo_drop_tag(struct memo *, long long tag);

#endif
