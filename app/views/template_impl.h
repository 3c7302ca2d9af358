/*
 * template_impl: templates as the parser leaves them, shared by the
 * parser (template.c), the renderer (template_render.c) and the filters
 * (template_filter.c).  Nothing outside app/views/ includes it.
 */
#ifndef PORTAL_TEMPLATE_IMPL_H
#define PORTAL_TEMPLATE_IMPL_H

#include <stddef.h>

#include <jansson.h>

#include "../util/buf.h"
#include "i18n.h"
#include "template.h"

#define TMPL_MAX_NEST	32	/* open sections in one template */
#define TMPL_MAX_DEPTH	16	/* partials within partials */
#define TMPL_MAX_FILE	(1024 * 1024)

enum node_kind {
	NODE_TEXT,
	NODE_VAR,
	NODE_SECTION,
	NODE_INVERTED,
	NODE_PARTIAL,
	NODE_PARENT,	/* {{<layout}}: its blocks override the layout's */
	NODE_BLOCK,	/* {{$name}} */
	NODE_TRANS,	/* {{#_}}: translatable text */
};

struct node {
	enum node_kind	 kind;
	size_t		 off, len;	/* NODE_TEXT: bytes of the source */
	char		*name;		/* owned */
	int		 filter;	/* NODE_VAR */
	size_t		 end;		/* sections: first node after */
	int		 partial;	/* NODE_PARTIAL, NODE_PARENT: linked */
	struct trans	*trans;		/* NODE_TRANS, owned */
};

/*
 * A translatable run of text and values: {{#_}}..{{/_}}, or
 * {{#_n count}}one{{|}}many{{/_n}}.  Its msgid is the text with each value
 * written {name} and white space folded; the translations are looked up
 * once per language when the set loads (tmpl_translate()), plural forms
 * when the count is known.
 */
struct trans {
	char		*msgid, *plural, *context, *count;	/* owned */
	char		*comment;	/* {{! TRANSLATORS: ...}} before it */
	size_t		 split;		/* plural: the node {{|}} stood at */
	const char	*text[I18N_MAX];	/* by language; [0] is msgid */
};

struct tmpl {
	char		*name;
	char		*src;
	char		*note;		/* while parsing: the last translator
					 * comment, for the next {{#_}} */
	struct node	*nodes;
	size_t		 n, cap;
};

struct tmpl_set {
	struct tmpl	*t;
	size_t		 n, cap;
};

/* The filter named name (template_filter.c), or -1; 0, html, is the
 * default. */
int	tmpl_filter_find(const char *name);
/* Writes v through filter f, escaped for HTML, in language lang. */
void	tmpl_filter_write(int f, struct buf *out, json_t *v, int lang);

#endif
