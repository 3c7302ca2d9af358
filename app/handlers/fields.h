/*
 * fields: reading a form's or JSON body's fields into a values object,
 * checked, with a message by each bad one (ctx_field) — the one way the
 * portal's forms (initiatives, rounds, funding requests, reviews) read
 * their input.
 *
 * Each reader leaves values alone when the field is absent (an edit keeps
 * what was there).  A valid value is stored clean (trimmed, typed); a bad
 * one as typed, so the form shows it again.
 */
#ifndef PORTAL_FIELDS_H
#define PORTAL_FIELDS_H

#include "../domain/vocab.h"
#include "handler.h"

/* Text of min to max code points (trimmed); "is required" when min > 0
 * and only blanks came. */
void	field_text(struct ctx *, json_t *values, const char *name,
	    size_t min, size_t max, int multiline);
/* One key of list; "" is "is required", an unknown key gets message. */
void	field_enum(struct ctx *, json_t *values, const char *name,
	    const struct vocab *list, const char *message);
/* A list of keys of list, each once; at least min of them. */
void	field_keys(struct ctx *, json_t *values, const char *name,
	    const struct vocab *list, size_t min, const char *message);
/* A date YYYY-MM-DD; "" clears it (null). */
void	field_date(struct ctx *, json_t *values, const char *name);
/* A whole number in [min, max]; "" clears it (null). */
void	field_int(struct ctx *, json_t *values, const char *name,
	    long long min, long long max);
/*
 * Money, stored as whole cents under name ("pool_cents"): a JSON integer
 * of cents, or what a person typed in dollars in the form field
 * form_name ("pool"); messages go under name either way.  "" clears it.
 */
void	field_cents(struct ctx *, json_t *values, const char *name,
	    const char *form_name, long long min, long long max);
/* A yes/no: JSON true or false, or a form checkbox ("on", "yes", "true",
 * "1"); a form that shows the box sends nothing when it is unticked, so
 * present_in_form says whether to read absence as false. */
void	field_bool(struct ctx *, json_t *values, const char *name,
	    int present_in_form);
/*
 * The version an edit started from, required: 0 and a message when it is
 * missing or bad, else the version.
 */
long long field_version(struct ctx *);

/*
 * What the shared field templates (templates/field.html, fieldset.html)
 * read of each field of a form: {"<id>": {"id", "error"}} for each
 * { id, key } of names, which ends with { NULL, NULL }: id is the
 * element's, key the name its messages go under (NULL: the id), and
 * error the message, null when the field is fine.  A new object.
 */
json_t	*field_states(const struct ctx *, const char *const names[][2]);
/*
 * The same checks of a given input object (a JSON body, a form read with
 * field_in_request(), a CSV row) instead of the request, which always
 * store a value: absent reads as empty.  field_in_text: text of min to max
 * code points; field_in_list: a new array from an array of text or from
 * text split at ";" and "," (*bad: neither); field_in_bool: a boolean, or
 * yes/no, true/false, on, 1/0 as text (absent: false).
 */
void	field_in_text(struct ctx *, json_t *in, json_t *values,
	    const char *name, size_t min, size_t max, int multiline);
json_t	*field_in_list(json_t *in, const char *name, int *bad);
/* An optional id: a JSON integer or digits as text; 0 when absent, null
 * or empty; -1 with message recorded by name when it is anything else. */
long long field_in_id(struct ctx *, json_t *in, const char *name,
	    const char *message);
void	field_in_bool(struct ctx *, json_t *in, json_t *values,
	    const char *name);
/*
 * The request's input as one object: a copy of the JSON body, or the
 * form's fields as text, the fields named in lists (NULL-terminated) as
 * arrays of every value given, and the checkboxes named in boxes that
 * sent nothing (unticked) as false; either list may be NULL for none.
 * New object.
 */
json_t	*field_in_request(const struct ctx *, const char *const *lists,
	    const char *const *boxes);

/* Each entry of list as a checkbox, checked when in chosen; new array. */
json_t	*field_checks(const struct vocab *list, json_t *chosen);
/* Cents as the dollars a form's input shows ("1250.50"); new string,
 * or "" for null; text that was typed (not cents) stays as it was. */
json_t	*field_dollars(json_t *cents);

#endif
