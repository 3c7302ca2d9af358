/*
 * changes: change sets and the per-host ring they are published in (see
 * changes.h).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "changes.h"

/*
 * Tables whose notifications name the location their rows belong to,
 * and what else a change to them reaches (sql/035_changes_by_location.sql
 * and sql/037 announce them row by row).  Any other table's change reaches
 * everything.
 */
static const struct table_reach {
	const char	*table;
	int		 identity;	/* also who credentials belong to */
	int		 located;	/* rows belong to one location */
} reaches[] = {
	{ "sessions", 1, 0 },		/* only who is signed in */
	{ "api_tokens", 1, 0 },
	{ "memberships", 1, 1 },	/* roles in one location */
	{ "initiatives", 0, 1 },
	{ "initiative_updates", 0, 1 },
	{ "funding_rounds", 0, 1 },
	{ "funding_requests", 0, 1 },
	{ "funding_reviews", 0, 1 },
	{ "location_contacts", 0, 1 },
	{ "funding_request_assists", 0, 1 },
	{ "events", 0, 1 },
	{ "update_figures", 0, 1 },
	/* sql/037_more_changes_by_location.sql */
	{ "stories", 0, 1 },
	{ "initiative_targets", 0, 1 },
	{ "figure_breakdowns", 0, 1 },
	{ "meeting_actions", 0, 1 },
	{ "meeting_summaries", 0, 1 },
	{ "initiative_locations", 0, 1 },	/* the lead's and the part's */
};

#define RING_SLOTS	64	/* sets a sibling may fall behind by */

struct ring_slot {
	atomic_ulong		 seq;	/* n + 1 once set n is written */
	struct change_set	 set;
};

struct ring {
	atomic_ulong		 count;	/* sets published */
	struct ring_slot	 slots[RING_SLOTS];
};

static struct ring	*ring;
static struct ring	 unshared;	/* before changes_init(): tests, tools */

int
changes_init(void)
{
	void *p = mmap(NULL, sizeof(*ring), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return -1;
	ring = p;	/* zeroed by mmap */
	return 0;
}

static struct ring *
the_ring(void)
{
	return ring != NULL ? ring : &unshared;
}

static void
add_location(struct change_set *set, long long id)
{
	int	 i;

	for (i = 0; i < set->nlocations; i++)
		if (set->locations[i] == id)
			return;
	if (set->nlocations == CHANGE_LOCATIONS)
		set->everything = 1;
	else
		set->locations[set->nlocations++] = id;
}

static const struct table_reach *
reach_of(const char *table, size_t len)
{
	size_t	 i;

	for (i = 0; i < sizeof(reaches) / sizeof(reaches[0]); i++)
		if (strlen(reaches[i].table) == len &&
		    strncmp(reaches[i].table, table, len) == 0)
			return &reaches[i];
	return NULL;
}

void
changes_note(struct change_set *set, const char *payload)
{
	size_t			 len = strcspn(payload, " ");
	const struct table_reach *t = reach_of(payload, len);
	char			*end = NULL;
	long long		 id = 0;

	if (payload[len] == ' ')
		id = strtoll(payload + len + 1, &end, 10);
	if (t == NULL) {
		set->everything = set->identity = 1;
		return;
	}
	set->identity |= t->identity;
	if (!t->located)
		return;
	if (id <= 0 || *end != '\0')
		set->everything = 1;
	else
		add_location(set, id);
}

void
changes_merge(struct change_set *a, const struct change_set *b)
{
	int	 i;

	a->everything |= b->everything;
	a->identity |= b->identity;
	for (i = 0; i < b->nlocations; i++)
		add_location(a, b->locations[i]);
}

int
changes_any(const struct change_set *set)
{
	return set->everything || set->identity || set->nlocations > 0;
}

/* A slot is marked unwritten while it is filled, so a reader catches a
 * set it read half-written (changes_since()). */
void
changes_publish(const struct change_set *set)
{
	struct ring	*r = the_ring();
	unsigned long	 n = atomic_fetch_add(&r->count, 1);
	struct ring_slot *s = &r->slots[n % RING_SLOTS];

	atomic_store(&s->seq, 0);
	atomic_thread_fence(memory_order_seq_cst);
	s->set = *set;
	atomic_store(&s->seq, n + 1);
}

void
changes_since(unsigned long *seen, struct change_set *set)
{
	struct ring	*r = the_ring();
	unsigned long	 count = atomic_load(&r->count), n;
	struct change_set copy;
	struct ring_slot *s;

	for (n = *seen; n != count; n++) {
		s = &r->slots[n % RING_SLOTS];
		/* Rewritten since (fallen behind), or not yet written. */
		if (count - n > RING_SLOTS || atomic_load(&s->seq) != n + 1)
			goto unread;
		copy = s->set;
		atomic_thread_fence(memory_order_seq_cst);
		if (atomic_load(&s->seq) != n + 1)
			goto unread;
		changes_merge(set, &copy);
	}
	*seen = count;
	return;
unread:
	set->everything = set->identity = 1;
	*seen = count;
}

unsigned long
changes_count(void)
{
	return atomic_load(&the_ring()->count);
}
