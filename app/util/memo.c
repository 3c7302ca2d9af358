/*
 * memo: fixed-size, first-in-first-out map (see memo.h).  Lookups scan a
 * few hundred slots at most, by a hash first: cheaper than any database
 * round trip by three orders of magnitude.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "memo.h"

struct slot {
	char		*key;
	uint32_t	 hash;
	void		*value;
	long long	 tag;	/* memo_put_tagged() */
};

struct memo {
	struct slot	*slots;
	size_t		 n;
	size_t		 next;	/* the slot to fill (or replace) next */
	void		(*free_value)(void *);
};

/* FNV-1a: keys are our own (paths, hashes), not chosen to collide. */
static uint32_t
hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

struct memo *
memo_new(size_t slots, void (*free_value)(void *))
{
	struct memo *m = calloc(1, sizeof(*m));

	if (m == NULL || (m->slots = calloc(slots, sizeof(struct slot))) ==
	    NULL) {
		free(m);
		return NULL;
	}
	m->n = slots;
	m->free_value = free_value;
	return m;
}

static void
slot_clear(struct memo *m, struct slot *s)
{
	if (s->key != NULL)
		m->free_value(s->value);
	free(s->key);
	s->key = NULL;
	s->value = NULL;
}

void
memo_clear(struct memo *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		slot_clear(m, &m->slots[i]);
	m->next = 0;
}

void
memo_free(struct memo *m)
{
	if (m == NULL)
		return;
	memo_clear(m);
	free(m->slots);
	free(m);
}

void *
memo_get(const struct memo *m, const char *key)
{
	uint32_t h = hash(key);
	size_t	 i;

	for (i = 0; i < m->n; i++)
		if (m->slots[i].key != NULL && m->slots[i].hash == h &&
		    strcmp(m->slots[i].key, key) == 0)
			return m->slots[i].value;
	return NULL;
}

void
memo_put(struct memo *m, const char *key, void *value)
{
	memo_put_tagged(m, key, value, 0);
}

void
memo_drop_tag(struct memo *m, long long tag)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->slots[i].key != NULL && m->slots[i].tag == tag)
			slot_clear(m, &m->slots[i]);
}

void
memo_put_tagged(struct memo *m, const char *key, void *value, long long tag)
{
	struct slot	*s = &m->slots[m->next];
	size_t		 i;

	/* A key kept again replaces its old value in place. */
	for (i = 0; i < m->n; i++)
		if (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) ==
		    0) {
			s = &m->slots[i];
			break;
		}
	slot_clear(m, s);
	if ((s->key = strdup(key)) == NULL) {
		m->free_value(value);
		return;
	}
	s->hash = hash(key);
	s->value = value;
	s->tag = tag;
	if (s == &m->slots[m->next])
		m->next = (m->next + 1) % m->n;
}
