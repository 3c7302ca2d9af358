/*
 * template: the portal's HTML templates, parsed once and rendered from
 * jansson data with every value escaped by default.
 *
 * The syntax is a small subset of Mustache:
 *   {{name}}, {{a.b}}, {{.}}   a value, HTML-escaped (text and quoted
 *                              attributes alike)
 *   {{name|url}}               a value through a named filter (see
 *                              template_filter.c); no filter
 *                              writes raw markup but "markdown", whose
 *                              HTML is made safe (views/markdown.h), and
 *                              "svg", a chart drawn from a description
 *                              with every text escaped (views/svg.h)
 *   {{#name}}..{{/name}}       a section: once per array item, once with
 *                              an object or other truthy value pushed
 *   {{^name}}..{{/name}}       an inverted section: when falsy
 *   {{> name}}                 another template of the set (a partial)
 *   {{<layout}}..{{/layout}}   render the template "layout", with the
 *                              blocks defined inside replacing its own
 *   {{$name}}..{{/name}}       a block: in a layout, its default content;
 *                              inside {{<layout}}, what replaces it
 *   {{! comment }}
 *   {{#_}}Hello {{name}}{{/_}}  translatable text (views/i18n.h): the
 *                              msgid is "Hello {name}"; only text and
 *                              values inside, and no braces in the text
 *   {{#_ context}}..{{/_}}     the same under a msgctxt
 *   {{! TRANSLATORS: ...}}     a note for the translators of the next run
 *   {{#_n count}}{{count}} file{{|}}{{count}} files{{/_n}}
 *                              a plural, by the integer count
 * Names resolve like Mustache: the first part is looked up from the
 * innermost context outwards, then the dotted rest inside it.
 *
 * A set is loaded from a directory at start-up (before workers fork, so
 * they share it) and is read-only afterwards.
 */
#ifndef PORTAL_TEMPLATE_H
#define PORTAL_TEMPLATE_H

#include <stddef.h>

#include <jansson.h>

#include "../util/buf.h"

#define TMPL_MAX_STACK	32

struct tmpl_set;

struct tmpl_set	*tmpl_set_new(void);
void		 tmpl_set_free(struct tmpl_set *);
/*
 * Parses src[0..len) as the template called name.  Returns 0, or -1 with
 * a message "name:line: what" appended to err.
 */
int		 tmpl_add(struct tmpl_set *, const char *name,
		    const char *src, size_t len, struct buf *err);
/* Resolves partials once all templates are added; -1 with err set. */
int		 tmpl_link(struct tmpl_set *, struct buf *err);
/* Loads every "*.html" file of dir, named without ".html", and links. */
int		 tmpl_load_dir(struct tmpl_set *, const char *dir,
		    struct buf *err);
/* Returns a template's index, or -1. */
int		 tmpl_find(const struct tmpl_set *, const char *name);
/*
 * Renders template t with the contexts stack[0..depth) (the last is the
 * innermost) into out.  Returns 0, or -1 if rendering ran too deep or out
 * of memory (out then holds a partial page the caller discards).
 */
int		 tmpl_render(const struct tmpl_set *, int t, int lang,
		    json_t *const *stack, size_t depth, struct buf *out);

/*
 * Kept blocks: a page whose {{<layout}} gives a block that reads only
 * what many requests share (the view, not the session) may render that
 * block once and keep its text, then render the page around it per
 * request.
 *
 * tmpl_block_reads: whether the block called block, given by template t's
 * top-level {{<parent}}, names root or anything under it (through its
 * partials too): 1 or 0, or -1 when t gives no such block.
 * tmpl_render_block: renders that block alone (0 or -1, as tmpl_render).
 * tmpl_render_kept: renders t with text[0..len) in place of that block.
 * lang is the language to render in (i18n.h; 0 is English).
 */
int		 tmpl_block_reads(const struct tmpl_set *, int t,
		    const char *block, const char *root);
int		 tmpl_render_block(const struct tmpl_set *, int t, int lang,
		    const char *block, json_t *const *stack, size_t depth,
		    struct buf *out);
int		 tmpl_render_kept(const struct tmpl_set *, int t, int lang,
		    json_t *const *stack, size_t depth, const char *block,
		    const char *text, size_t len, struct buf *out);

/*
 * Translations: tmpl_translate looks every translatable run up in each
 * language's catalogue once (after i18n_init(), before workers fork), so
 * rendering in a language costs an array index.  Without it every
 * language renders the English.  tmpl_messages calls fn for each run,
 * for extraction (make pot): the template's name, the run's line, its
 * msgctxt or NULL, msgid, msgid_plural or NULL, and the text of a
 * {{! TRANSLATORS: ...}} comment before it, or NULL.
 */
void		 tmpl_translate(struct tmpl_set *);
typedef void	(*tmpl_message_fn)(void *arg, const char *tmpl, size_t line,
		    const char *context, const char *msgid,
		    const char *plural, const char *comment);
void		 tmpl_messages(const struct tmpl_set *, tmpl_message_fn,
		    void *arg);

#endif
