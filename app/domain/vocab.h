/*
 * vocab: the framework's fixed enumerations (docs/domain.md), their keys
 * as used in code, SQL and URLs, and their names as people read them.
 */
#ifndef PORTAL_VOCAB_H
#define PORTAL_VOCAB_H

#include <jansson.h>

struct vocab {
	const char	*key;
	const char	*name;
};

/* Each list ends with a { NULL, NULL } row. */
extern const struct vocab vocab_sectors[];
extern const struct vocab vocab_roles[];
/* Initiatives: the framework's seven areas and five elements, the
 * strategy's five outcome areas, the statuses and who sees them. */
extern const struct vocab vocab_areas[];
extern const struct vocab vocab_elements[];
extern const struct vocab vocab_outcomes[];
extern const struct vocab vocab_statuses[];
extern const struct vocab vocab_visibilities[];

/* The keys of a list, NULL-terminated, for valid_enum(); static. */
const char *const *vocab_keys(const struct vocab *);
/* The name for key, or NULL. */
const char	*vocab_name(const struct vocab *, const char *key);
/*
 * [{"key", "name", "present"}] for every entry of list, present when key is
 * among the "field" values of items (an array of objects).  New array.
 */
json_t		*vocab_coverage(const struct vocab *, json_t *items,
		    const char *field);

/* [{"key", "name", "selected"}] for a form's <select>; new array. */
json_t		*vocab_options(const struct vocab *, const char *selected);
/* [{"key", "name"}] for the keys of list in keys (an array); new array. */
json_t		*vocab_named(const struct vocab *, json_t *keys);

#endif
