/*
 * spoken: the languages people speak, as a contact point or a community
 * member names them (a location's help contact, the person an assisted
 * request is for, an interpreter).  Wider than the interface languages
 * (views/i18n.h): a helper may speak Somali though the portal does not.
 *
 * Codes are BCP 47 tags; name is the English name, marked for
 * translation (N_), and autonym the language's name for itself, shown
 * beside it so a reader finds their own language whatever the page's.
 */
#ifndef PORTAL_SPOKEN_H
#define PORTAL_SPOKEN_H

#include <jansson.h>

struct spoken {
	const char	*code;
	const char	*name;		/* English msgid */
	const char	*autonym;
};

extern const struct spoken spoken_languages[];	/* ends with NULL code */

/* The language with exactly this code, or NULL. */
const struct spoken *spoken_find(const char *code);
/*
 * codes (a JSON array of codes) as [{code, name, autonym}], names in
 * lang (views/i18n.h); unknown codes are left out.  A new array.
 */
json_t	*spoken_named(json_t *codes, int lang);
/* Every language as an option {code, name, autonym, selected}, selected
 * when its code is in chosen (a JSON array or a string); a new array. */
json_t	*spoken_options(json_t *chosen, int lang);

#endif
