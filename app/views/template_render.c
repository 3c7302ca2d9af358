/*
 * template_render: renders a parsed template (template_impl.h) from
 * jansson data: sections, partials, layouts and their blocks, kept
 * blocks (tmpl_render_kept) and translatable runs in the page's language.
 */
#include <string.h>

#include "escape.h"
#include "i18n.h"
#include "template_impl.h"

/* A block given by a child template, replacing the layout's own. */
struct override {
	const char	*name;
	const struct tmpl *t;
	size_t		 from, to;
	int		 active;	/* being rendered: not again inside */
};

#define TMPL_MAX_OVERRIDES 32

struct render {
	const struct tmpl_set *set;
	int		 lang;		/* i18n.h */
	json_t		*stack[TMPL_MAX_STACK];
	size_t		 depth;
	int		 nesting;
	struct override	 overrides[TMPL_MAX_OVERRIDES];
	size_t		 noverrides;
	struct buf	*out;
	const char	*kept_block;	/* tmpl_render_kept(): this block */
	const char	*kept_text;	/* given, not rendered */
	size_t		 kept_len;
};

/* v's member name[0..n), or its item at a decimal index ("items.0"). */
static json_t *
child(json_t *v, const char *name, size_t n)
{
	size_t	 i, index = 0;

	if (json_is_object(v))
		return json_object_getn(v, name, n);
	if (!json_is_array(v) || n == 0 || n > 6)
		return NULL;
	for (i = 0; i < n; i++) {
		if (name[i] < '0' || name[i] > '9')
			return NULL;
		index = index * 10 + (size_t)(name[i] - '0');
	}
	return json_array_get(v, index);
}

static json_t *
lookup(const struct render *r, const char *name)
{
	const char	*dot;
	json_t		*v = NULL;
	size_t		 i, n;

	if (strcmp(name, ".") == 0)
		return r->depth > 0 ? r->stack[r->depth - 1] : NULL;
	dot = strchr(name, '.');
	n = dot != NULL ? (size_t)(dot - name) : strlen(name);
	for (i = r->depth; i > 0 && v == NULL; i--)
		if (json_is_object(r->stack[i - 1]))
			v = json_object_getn(r->stack[i - 1], name, n);
	while (v != NULL && dot != NULL) {
		name = dot + 1;
		dot = strchr(name, '.');
		n = dot != NULL ? (size_t)(dot - name) : strlen(name);
		v = child(v, name, n);
	}
	return v;
}

static int
truthy(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
	case JSON_FALSE:
		return 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	default:
		return 1;
	}
}

static int render_range(struct render *, const struct tmpl *, size_t,
	    size_t);
static int render_parent(struct render *, const struct tmpl *, size_t);
static int render_block(struct render *, const struct tmpl *, size_t);

static int
render_pushed(struct render *r, const struct tmpl *t, const struct node *n,
    size_t i, json_t *ctx)
{
	int	 rc;

	if (r->depth == TMPL_MAX_STACK)
		return -1;
	r->stack[r->depth++] = ctx;
	rc = render_range(r, t, i + 1, n->end);
	r->depth--;
	return rc;
}

static int
render_section(struct render *r, const struct tmpl *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	json_t	*v = lookup(r, n->name), *item;
	size_t	 k;

	if (n->kind == NODE_INVERTED)
		return v == NULL || !truthy(v) ?
		    render_range(r, t, i + 1, n->end) : 0;
	if (v == NULL || !truthy(v))
		return 0;
	if (!json_is_array(v))
		return render_pushed(r, t, n, i, v);
	json_array_foreach(v, k, item)
		if (render_pushed(r, t, n, i, item) == -1)
			return -1;
	return 0;
}

static int
render_template(struct render *r, int index)
{
	const struct tmpl *t;
	int	 rc;

	if (index < 0)
		return 0;
	if (r->nesting == TMPL_MAX_DEPTH)
		return -1;
	t = &r->set->t[index];
	r->nesting++;
	rc = render_range(r, t, 0, t->n);
	r->nesting--;
	return rc;
}

/*
 * {{<parent}}: the blocks defined directly inside replace the parent's;
 * overrides given earlier (by a child further out) win over later ones.
 */
static int
render_parent(struct render *r, const struct tmpl *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	size_t	 k, saved = r->noverrides;
	int	 rc;

	for (k = i + 1; k < n->end; k++) {
		const struct node *b = &t->nodes[k];

		if (b->kind != NODE_BLOCK)
			continue;
		if (r->noverrides == TMPL_MAX_OVERRIDES)
			return -1;
		r->overrides[r->noverrides].name = b->name;
		r->overrides[r->noverrides].t = t;
		r->overrides[r->noverrides].from = k + 1;
		r->overrides[r->noverrides].to = b->end;
		r->overrides[r->noverrides].active = 0;
		r->noverrides++;
		k = b->end - 1;
	}
	rc = render_template(r, n->partial);
	r->noverrides = saved;
	return rc;
}

static int
render_block(struct render *r, const struct tmpl *t, size_t i)
{
	const struct node *n = &t->nodes[i];
	struct override	*o;
	size_t		 k;
	int		 rc;

	/* A block of the same name inside an override renders its own
	 * content: the override is not applied to itself, or it would
	 * recurse without end. */
	for (k = 0; k < r->noverrides; k++) {
		o = &r->overrides[k];
		if (o->active || strcmp(o->name, n->name) != 0)
			continue;
		if (r->kept_block != NULL && strcmp(n->name, r->kept_block) == 0) {
			buf_append(r->out, r->kept_text, r->kept_len);
			return 0;
		}
		o->active = 1;
		rc = render_range(r, o->t, o->from, o->to);
		o->active = 0;
		return rc;
	}
	return render_range(r, t, i + 1, n->end);
}

/* The value node of run i whose name is name[0..len), or NULL. */
static const struct node *
trans_value(const struct tmpl *t, size_t i, const char *name, size_t len)
{
	size_t	 k;

	for (k = i + 1; k < t->nodes[i].end; k++)
		if (t->nodes[k].kind == NODE_VAR &&
		    strncmp(t->nodes[k].name, name, len) == 0 &&
		    t->nodes[k].name[len] == '\0')
			return &t->nodes[k];
	return NULL;
}

/*
 * Run i in the request's language: the translation (raw: it is the
 * template's own markup, from the catalogue) with each {name} written as
 * its value through the value's filter.  A {name} the run does not have
 * is written as it stands, so a translator's typo shows rather than
 * vanishes.
 */
static void
render_trans(struct render *r, const struct tmpl *t, size_t i)
{
	const struct trans	*tr = t->nodes[i].trans;
	const struct node	*var;
	const char		*msg, *o, *c;
	json_t			*v;
	json_int_t		 count;

	if (tr->count != NULL) {
		v = lookup(r, tr->count);
		count = json_is_integer(v) ? json_integer_value(v) : 0;
		msg = i18n_plural(r->lang, tr->msgid, tr->plural,
		    (unsigned long)(count < 0 ? -count : count));
	} else
		msg = tr->text[r->lang] != NULL ? tr->text[r->lang] :
		    tr->msgid;
	while ((o = strchr(msg, '{')) != NULL &&
	    (c = strchr(o, '}')) != NULL) {
		buf_append(r->out, msg, (size_t)(o - msg));
		if ((var = trans_value(t, i, o + 1, (size_t)(c - o - 1))) ==
		    NULL)
			buf_append(r->out, o, (size_t)(c - o + 1));
		else if ((v = lookup(r, var->name)) != NULL)
			tmpl_filter_write(var->filter, r->out, v, r->lang);
		msg = c + 1;
	}
	buf_puts(r->out, msg);
}

static int
render_range(struct render *r, const struct tmpl *t, size_t from, size_t to)
{
	size_t	 i;
	json_t	*v;

	for (i = from; i < to; i++) {
		const struct node *n = &t->nodes[i];

		switch (n->kind) {
		case NODE_TEXT:
			buf_append(r->out, t->src + n->off, n->len);
			break;
		case NODE_VAR:
			if ((v = lookup(r, n->name)) != NULL)
				tmpl_filter_write(n->filter, r->out, v, r->lang);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			if (render_section(r, t, i) == -1)
				return -1;
			i = n->end - 1;
			break;
		case NODE_PARTIAL:
			if (render_template(r, n->partial) == -1)
				return -1;
			break;
		case NODE_PARENT:
			if (render_parent(r, t, i) == -1)
				return -1;
			i = n->end - 1;
			break;
		case NODE_BLOCK:
			if (render_block(r, t, i) == -1)
				return -1;
			i = n->end - 1;
			break;
		case NODE_TRANS:
			render_trans(r, t, i);
			i = n->end - 1;
			break;
		}
	}
	return buf_failed(r->out) ? -1 : 0;
}

static int
render_init(struct render *r, const struct tmpl_set *set, int t, int lang,
    json_t *const *stack, size_t depth, struct buf *out)
{
	if (t < 0 || (size_t)t >= set->n || depth > TMPL_MAX_STACK)
		return -1;
	memset(r, 0, sizeof(*r));
	r->set = set;
	r->lang = lang > 0 && (size_t)lang < i18n_nlangs ? lang : 0;
	r->out = out;
	r->depth = depth;
	memcpy(r->stack, stack, depth * sizeof(*stack));
	return 0;
}

int
tmpl_render(const struct tmpl_set *set, int t, int lang,
    json_t *const *stack, size_t depth, struct buf *out)
{
	struct render	 r;

	if (render_init(&r, set, t, lang, stack, depth, out) == -1)
		return -1;
	return render_template(&r, t);
}

/* ------------------------------------------------------- kept blocks */

/* The {{$name}} node that t's top-level {{<parent}} gives, or -1. */
static long
given_block(const struct tmpl *t, const char *name)
{
	size_t	 i, k;

	for (i = 0; i < t->n && t->nodes[i].kind != NODE_PARENT; i++)
		if (t->nodes[i].kind != NODE_TEXT &&
		    t->nodes[i].kind != NODE_VAR &&
		    t->nodes[i].kind != NODE_PARTIAL)
			i = t->nodes[i].end - 1;
	if (i == t->n)
		return -1;
	for (k = i + 1; k < t->nodes[i].end; k++) {
		const struct node *b = &t->nodes[k];

		if (b->kind != NODE_BLOCK)
			continue;
		if (strcmp(b->name, name) == 0)
			return (long)k;
		k = b->end - 1;
	}
	return -1;
}

/* Whether nodes [from, to) of t, or a partial they render, name root or
 * something under it.  A {{<parent}} inside counts as yes. */
static int
range_reads(const struct tmpl_set *set, const struct tmpl *t, size_t from,
    size_t to, const char *root, int nesting)
{
	size_t	 i, n = strlen(root);

	if (nesting == TMPL_MAX_DEPTH)
		return 1;
	for (i = from; i < to; i++) {
		const struct node *nd = &t->nodes[i];
		const struct tmpl *p;

		switch (nd->kind) {
		case NODE_VAR:
		case NODE_SECTION:
		case NODE_INVERTED:
			if (strncmp(nd->name, root, n) == 0 &&
			    (nd->name[n] == '\0' || nd->name[n] == '.'))
				return 1;
			break;
		case NODE_PARTIAL:
			if (nd->partial < 0)
				return 1;
			p = &set->t[nd->partial];
			if (range_reads(set, p, 0, p->n, root, nesting + 1))
				return 1;
			break;
		case NODE_PARENT:
			return 1;
		default:
			break;
		}
	}
	return 0;
}

int
tmpl_block_reads(const struct tmpl_set *set, int t, const char *block,
    const char *root)
{
	const struct tmpl *tt;
	long		 k;

	if (t < 0 || (size_t)t >= set->n ||
	    (k = given_block(tt = &set->t[t], block)) == -1)
		return -1;
	return range_reads(set, tt, (size_t)k + 1, tt->nodes[k].end, root, 0);
}

int
tmpl_render_block(const struct tmpl_set *set, int t, int lang,
    const char *block, json_t *const *stack, size_t depth, struct buf *out)
{
	struct render	 r;
	long		 k;

	if (render_init(&r, set, t, lang, stack, depth, out) == -1 ||
	    (k = given_block(&set->t[t], block)) == -1)
		return -1;
	r.nesting = 1;
	return render_range(&r, &set->t[t], (size_t)k + 1,
	    set->t[t].nodes[k].end);
}

int
tmpl_render_kept(const struct tmpl_set *set, int t, int lang,
    json_t *const *stack, size_t depth, const char *block, const char *text,
    size_t len, struct buf *out)
{
	struct render	 r;

	if (render_init(&r, set, t, lang, stack, depth, out) == -1)
		return -1;
	r.kept_block = block;
	r.kept_text = text;
	r.kept_len = len;
	return render_template(&r, t);
}
