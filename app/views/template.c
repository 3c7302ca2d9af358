/*
 * template: parsing and rendering (see template.h for the syntax).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/money.h"
#include "escape.h"
#include "i18n.h"
#include "markdown.h"
#include "svg.h"
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

/* Filters: how a value is written, in the page's language.  Each
 * escapes for HTML. */
static void	filter_html(struct buf *, json_t *, int);
static void	filter_url(struct buf *, json_t *, int);
static void	filter_cents(struct buf *, json_t *, int);
static void	filter_markdown(struct buf *, json_t *, int);
static void	filter_svg(struct buf *, json_t *, int);
static void	filter_t(struct buf *, json_t *, int);
static void	filter_dir(struct buf *, json_t *, int);
static void	filter_date(struct buf *, json_t *, int);

static const struct {
	const char	*name;
	void		(*write)(struct buf *, json_t *, int lang);
} filters[] = {
	{ "html", filter_html },	/* the default */
	{ "url", filter_url },
	{ "cents", filter_cents },	/* 123456 -> $1,234.56; text as is */
	{ "markdown", filter_markdown },	/* views/markdown.h */
	{ "svg", filter_svg },		/* a chart, views/svg.h */
	{ "t", filter_t },		/* a name from the catalogue: the
					 * vocabularies' (domain/vocab.h) */
	{ "date", filter_date },	/* 2026-03-07 -> 7 March 2026, in the
					 * page's language; other text as is */
	{ "dir", filter_dir },		/* a language code's direction:
					 * "ar" -> rtl; not a code: auto */
};

/* ---------------------------------------------------------------- sets */

struct tmpl_set *
tmpl_set_new(void)
{
	return calloc(1, sizeof(struct tmpl_set));
}

static void
trans_free(struct trans *tr)
{
	if (tr == NULL)
		return;
	free(tr->msgid);
	free(tr->plural);
	free(tr->context);
	free(tr->count);
	free(tr->comment);
	free(tr);
}

static void
tmpl_clear(struct tmpl *t)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		free(t->nodes[i].name);
		trans_free(t->nodes[i].trans);
	}
	free(t->note);
	free(t->nodes);
	free(t->name);
	free(t->src);
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		tmpl_clear(&set->t[i]);
	free(set->t);
	free(set);
}

int
tmpl_find(const struct tmpl_set *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->t[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* ------------------------------------------------------------- parsing */

static struct node *
node_push(struct tmpl *t, enum node_kind kind)
{
	struct node *p;

	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;

		if ((p = realloc(t->nodes, cap * sizeof(*p))) == NULL)
			return NULL;
		t->nodes = p;
		t->cap = cap;
	}
	p = &t->nodes[t->n++];
	memset(p, 0, sizeof(*p));
	p->kind = kind;
	p->partial = -1;
	return p;
}

static size_t
line_of(const char *src, size_t off)
{
	size_t	 i, line = 1;

	for (i = 0; i < off; i++)
		if (src[i] == '\n')
			line++;
	return line;
}

static int
valid_name(const char *s)
{
	if (strcmp(s, ".") == 0)
		return 1;
	if (*s == '\0' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		    (*s == '.' && s[1] != '.' && s[1] != '\0') || *s == '@'))
			return 0;
	return 1;
}

/* Splits "name|filter" in place; returns the filter index or -1. */
static int
split_filter(char *tag)
{
	char	*bar = strchr(tag, '|');
	size_t	 i;

	if (bar == NULL)
		return 0;
	*bar++ = '\0';
	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		if (strcmp(bar, filters[i].name) == 0)
			return (int)i;
	return -1;
}

/*
 * {{#_}}, {{#_ context}} or {{#_n count}}: opens a translatable run.
 * tag is past the '#'.
 */
static const char *
open_trans(struct tmpl *t, const char *tag, size_t at, size_t *open,
    size_t *nopen)
{
	struct node	*n;
	const char	*arg = tag[1] == 'n' ? tag + 2 : tag + 1;
	int		 plural = tag[1] == 'n';

	while (*arg == ' ')
		arg++;
	if (plural && !valid_name(arg))
		return "{{#_n}} needs the name of its count";
	if (*nopen == TMPL_MAX_NEST)
		return "sections nested too deeply";
	if ((n = node_push(t, NODE_TRANS)) == NULL ||
	    (n->name = strdup(plural ? "_n" : "_")) == NULL ||
	    (n->trans = calloc(1, sizeof(*n->trans))) == NULL ||
	    (*arg != '\0' && (plural ? (n->trans->count = strdup(arg)) :
	    (n->trans->context = strdup(arg))) == NULL))
		return "out of memory";
	n->off = at;
	open[(*nopen)++] = t->n - 1;
	n->trans->comment = t->note;
	t->note = NULL;
	return NULL;
}

/* {{|}}: between the singular and plural of the {{#_n}} open last. */
static const char *
split_trans(struct tmpl *t, const size_t *open, size_t nopen)
{
	struct node	*n = nopen > 0 ? &t->nodes[open[nopen - 1]] : NULL;

	if (n == NULL || n->kind != NODE_TRANS || n->trans->count == NULL ||
	    n->trans->split != 0)
		return "{{|}} outside {{#_n}}";
	n->trans->split = t->n;
	return NULL;
}

/*
 * Appends the message nodes [from, to) make: text with white space folded
 * to single spaces, each value as {name}.  Only text and values may be
 * inside a translatable run, and no braces in its text.
 */
static const char *
trans_message(const struct tmpl *t, size_t from, size_t to, struct buf *m)
{
	size_t	 i, k;

	for (i = from; i < to; i++) {
		const struct node *n = &t->nodes[i];

		if (n->kind == NODE_VAR) {
			buf_printf(m, "{%s}", n->name);
			continue;
		}
		if (n->kind != NODE_TEXT)
			return "only text and values may be inside {{#_}}";
		for (k = n->off; k < n->off + n->len; k++) {
			char ch = t->src[k];

			if (ch == '{' || ch == '}')
				return "a brace in translatable text";
			if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
				if (m->len > 0 && m->data[m->len - 1] != ' ')
					buf_putc(m, ' ');
			} else
				buf_putc(m, ch);
		}
	}
	if (m->len > 0 && m->data[m->len - 1] == ' ')
		m->data[--m->len] = '\0';
	return m->len == 0 ? "empty translatable text" : NULL;
}

static const char *
close_trans(struct tmpl *t, struct node *n)
{
	struct trans	*tr = n->trans;
	struct buf	 m = BUF_INIT;
	const char	*why;
	size_t		 first = (size_t)(n - t->nodes) + 1;
	size_t		 mid = tr->count != NULL ? tr->split : n->end;

	if (tr->count != NULL && mid == 0) {
		why = "{{#_n}} without {{|}}";
		goto out;
	}
	if ((why = trans_message(t, first, mid, &m)) != NULL)
		goto out;
	if ((tr->msgid = strdup(buf_str(&m))) == NULL)
		goto nomem;
	tr->text[0] = tr->msgid;
	if (tr->count != NULL) {
		buf_reset(&m);
		if ((why = trans_message(t, mid, n->end, &m)) != NULL)
			goto out;
		if ((tr->plural = strdup(buf_str(&m))) == NULL)
			goto nomem;
	}
	if (!buf_failed(&m))
		goto out;
nomem:
	why = "out of memory";
out:
	buf_free(&m);
	return why;
}

/* Parses one tag's text (between the braces) into a node. */
static const char *
parse_tag(struct tmpl *t, char *tag, size_t at, size_t *open, size_t *nopen)
{
	struct node	*n;
	char		 sigil = tag[0];
	char		*name;
	int		 filter = 0;

	if (sigil == '!') {
		/* {{! TRANSLATORS: ...}}: a note for the next run's
		 * translators (the extracted comment of make pot). */
		tag += 1 + strspn(tag + 1, " \n\t");
		if (strncmp(tag, "TRANSLATORS:", 12) == 0) {
			free(t->note);
			if ((t->note = strdup(tag)) == NULL)
				return "out of memory";
		}
		return NULL;
	}
	if (sigil == '#' && tag[1] == '_' && (tag[2] == '\0' ||
	    tag[2] == ' ' || (tag[2] == 'n' && (tag[3] == ' ' ||
	    tag[3] == '\0'))))
		return open_trans(t, tag + 1, at, open, nopen);
	if (strcmp(tag, "|") == 0)
		return split_trans(t, open, *nopen);
	name = strchr("#^/><$", sigil) != NULL ? tag + 1 : tag;
	while (*name == ' ')
		name++;
	if (strchr("#^/><$", sigil) == NULL &&
	    (filter = split_filter(name)) == -1)
		return "unknown filter";
	if (!valid_name(name))
		return "malformed name";
	if (sigil == '/') {
		if (*nopen == 0)
			return "closing a section that is not open";
		n = &t->nodes[open[*nopen - 1]];
		if (strcmp(n->name, name) != 0)
			return "closing tag does not match the open section";
		n->end = t->n;
		(*nopen)--;
		return n->kind == NODE_TRANS ? close_trans(t, n) : NULL;
	}
	if ((n = node_push(t, sigil == '#' ? NODE_SECTION : sigil == '^' ?
	    NODE_INVERTED : sigil == '>' ? NODE_PARTIAL : sigil == '<' ?
	    NODE_PARENT : sigil == '$' ? NODE_BLOCK : NODE_VAR)) == NULL ||
	    (n->name = strdup(name)) == NULL)
		return "out of memory";
	n->filter = filter;
	n->off = at;
	if (n->kind != NODE_VAR && n->kind != NODE_PARTIAL) {
		if (*nopen == TMPL_MAX_NEST)
			return "sections nested too deeply";
		open[(*nopen)++] = t->n - 1;
	}
	return NULL;
}

/*
 * A section, partial or comment tag alone on its line takes the whole line
 * with it (Mustache's "standalone" rule), so templates can be laid out
 * readably without leaving blank lines in the page.  after is just past
 * the tag, at its start; returns where the next text begins.
 */
static size_t
strip_standalone(struct tmpl *t, size_t after, size_t at, size_t len)
{
	const char	*src = t->src;
	struct node	*prev = t->n > 0 ? &t->nodes[t->n - 1] : NULL;
	size_t		 b = at, e = after;

	while (b > 0 && (src[b - 1] == ' ' || src[b - 1] == '\t'))
		b--;
	if (b > 0 && src[b - 1] != '\n')
		return after;
	while (e < len && (src[e] == ' ' || src[e] == '\t' || src[e] == '\r'))
		e++;
	if (e < len && src[e] != '\n')
		return after;
	/* The indentation belongs to the text node just before the tag. */
	if (b < at) {
		if (prev == NULL || prev->kind != NODE_TEXT ||
		    prev->off + prev->len != at)
			return after;
		prev->len -= at - b;
	}
	return e < len ? e + 1 : e;
}

static int
parse(struct tmpl *t, size_t len, struct buf *err)
{
	size_t		 i = 0, start, end, open[TMPL_MAX_NEST], nopen = 0;
	const char	*src = t->src, *close, *why;
	char		 tag[256];
	struct node	*n;

	while (i < len) {
		const char *o = strstr(src + i, "{{");

		start = o != NULL ? (size_t)(o - src) : len;
		if (start > i) {
			if ((n = node_push(t, NODE_TEXT)) == NULL)
				goto nomem;
			n->off = i;
			n->len = start - i;
		}
		if (start == len)
			break;
		if ((close = strstr(src + start + 2, "}}")) == NULL) {
			why = "unclosed tag";
			goto fail;
		}
		end = (size_t)(close - src);
		while (end > start + 2 && src[end - 1] == ' ')
			end--;
		if (end - start - 2 >= sizeof(tag) || end == start + 2) {
			why = "empty or over-long tag";
			goto fail;
		}
		memcpy(tag, src + start + 2, end - start - 2);
		tag[end - start - 2] = '\0';
		if ((why = parse_tag(t, tag, start, open, &nopen)) != NULL)
			goto fail;
		i = (size_t)(close - src) + 2;
		if (tag[0] != '\0' && strchr("#^/><$!", tag[0]) != NULL)
			i = strip_standalone(t, i, start, len);
	}
	if (nopen > 0) {
		start = t->nodes[open[nopen - 1]].off;
		why = "section not closed";
		goto fail;
	}
	return 0;
nomem:
	why = "out of memory";
	start = i;
fail:
	buf_printf(err, "%s:%zu: %s\n", t->name, line_of(src, start), why);
	return -1;
}

int
tmpl_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len, struct buf *err)
{
	struct tmpl	*t;

	if (memchr(src, '\0', len) != NULL) {
		buf_printf(err, "%s: holds a NUL byte\n", name);
		return -1;
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;

		if ((t = realloc(set->t, cap * sizeof(*t))) == NULL)
			goto nomem;
		set->t = t;
		set->cap = cap;
	}
	t = &set->t[set->n];
	memset(t, 0, sizeof(*t));
	if ((t->name = strdup(name)) == NULL ||
	    (t->src = malloc(len + 1)) == NULL) {
		tmpl_clear(t);
		goto nomem;
	}
	memcpy(t->src, src, len);
	t->src[len] = '\0';
	if (parse(t, len, err) == -1) {
		tmpl_clear(t);
		return -1;
	}
	set->n++;
	return 0;
nomem:
	buf_printf(err, "%s: out of memory\n", name);
	return -1;
}

int
tmpl_link(struct tmpl_set *set, struct buf *err)
{
	size_t	 i, k;
	int	 rc = 0;

	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->t[i].n; k++) {
			struct node *n = &set->t[i].nodes[k];

			if (n->kind != NODE_PARTIAL && n->kind != NODE_PARENT)
				continue;
			if ((n->partial = tmpl_find(set, n->name)) == -1) {
				buf_printf(err, "%s: no template '%s'\n",
				    set->t[i].name, n->name);
				rc = -1;
			}
		}
	return rc;
}

static int
read_file(const char *path, struct buf *out)
{
	char	 chunk[8192];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 &&
	    out->len <= TMPL_MAX_FILE)
		buf_append(out, chunk, (size_t)n);
	close(fd);
	return n < 0 || out->len > TMPL_MAX_FILE || buf_failed(out) ? -1 : 0;
}

int
tmpl_load_dir(struct tmpl_set *set, const char *dir, struct buf *err)
{
	DIR		*d;
	struct dirent	*de;
	struct buf	 path = BUF_INIT, text = BUF_INIT;
	size_t		 n;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		buf_printf(err, "%s: cannot open the template directory\n",
		    dir);
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n <= 5 || strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		buf_reset(&path);
		buf_reset(&text);
		buf_printf(&path, "%s/%s", dir, de->d_name);
		if (read_file(buf_str(&path), &text) == -1) {
			buf_printf(err, "%s: cannot read\n", buf_str(&path));
			rc = -1;
			continue;
		}
		de->d_name[n - 5] = '\0';
		if (tmpl_add(set, de->d_name, buf_str(&text), text.len, err))
			rc = -1;
	}
	closedir(d);
	buf_free(&path);
	buf_free(&text);
	if (rc == 0)
		rc = tmpl_link(set, err);
	return rc;
}

/* ----------------------------------------------------------- rendering */

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

static void
filter_html(struct buf *out, json_t *v, int lang)
{
	(void)lang;
	switch (json_typeof(v)) {
	case JSON_STRING:
		esc_html(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_put_int(out, json_integer_value(v));
		break;
	case JSON_REAL:
		buf_printf(out, "%g", json_real_value(v));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	case JSON_FALSE:
		buf_puts(out, "false");
		break;
	default:
		break;
	}
}

static void
filter_url(struct buf *out, json_t *v, int lang)
{
	struct buf tmp = BUF_INIT;

	filter_html(&tmp, v, lang);	/* scalars to text; URL-safe output stays */
	if (json_is_string(v)) {
		buf_reset(&tmp);
		esc_url(&tmp, json_string_value(v), json_string_length(v));
	}
	buf_append(out, buf_str(&tmp), tmp.len);
	buf_free(&tmp);
}

static void
filter_markdown(struct buf *out, json_t *v, int lang)
{
	(void)lang;
	if (json_is_string(v))
		md_render(out, json_string_value(v), json_string_length(v));
}

/* A chart's description as inline SVG; anything else draws nothing. */
static void
filter_svg(struct buf *out, json_t *v, int lang)
{
	(void)lang;
	(void)svg_chart(out, v);
}

static void
filter_cents(struct buf *out, json_t *v, int lang)
{
	/* Text is what a person typed in a money field: shown as typed. */
	if (json_is_integer(v))
		money_put(out, json_integer_value(v));
	else
		filter_html(out, v, lang);
}

static void
filter_html_text(struct buf *out, const char *s)
{
	esc_html(out, s, strlen(s));
}

static void
filter_dir(struct buf *out, json_t *v, int lang)
{
	int l = i18n_find(json_string_value(v));

	(void)lang;
	buf_puts(out, l == -1 ? "auto" : i18n_dir(l));
}

/*
 * A date as New Zealand writes it, day month year, with the month's name
 * and the order from the catalogue ("{day} {month} {year}").  Digits
 * stay 0-9 in every language.
 */
static void
filter_date(struct buf *out, json_t *v, int lang)
{
	static const char *const months[] = { N_("January"),
		N_("February"), N_("March"), N_("April"), N_("May"),
		N_("June"), N_("July"), N_("August"), N_("September"),
		N_("October"), N_("November"), N_("December") };
	const char	*s = json_string_value(v), *f, *o;
	int		 y, m, d;
	char		 tail;

	if (s == NULL || json_string_length(v) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
	    m < 1 || m > 12 || d < 1 || d > 31) {
		filter_html(out, v, lang);
		return;
	}
	/* TRANSLATORS: a date; keep {day}, {month} and {year}. */
	for (f = i18n_text(lang, N_("{day} {month} {year}"));
	    (o = strchr(f, '{')) != NULL; f = strchr(o, '}') + 1) {
		buf_append(out, f, (size_t)(o - f));
		if (strncmp(o, "{day}", 5) == 0)
			buf_put_int(out, d);
		else if (strncmp(o, "{month}", 7) == 0)
			filter_html_text(out, i18n_text(lang, months[m - 1]));
		else if (strncmp(o, "{year}", 6) == 0)
			buf_put_int(out, y);
		if (strchr(o, '}') == NULL)
			return;
	}
	buf_puts(out, f);
}

/* Text the portal wrote (a vocabulary's name) in the page's language;
 * escaped all the same. */
static void
filter_t(struct buf *out, json_t *v, int lang)
{
	const char *t;

	if (!json_is_string(v)) {
		filter_html(out, v, lang);
		return;
	}
	t = i18n_text(lang, json_string_value(v));
	esc_html(out, t, strlen(t));
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
			filters[var->filter].write(r->out, v, r->lang);
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
				filters[n->filter].write(r->out, v, r->lang);
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

/* ------------------------------------------------------- translations */

void
tmpl_translate(struct tmpl_set *set)
{
	size_t	 i, k;
	size_t	 lang;

	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->t[i].n; k++) {
			struct trans *tr = set->t[i].nodes[k].trans;

			if (tr == NULL || tr->count != NULL)
				continue;
			for (lang = 1; lang < i18n_nlangs; lang++)
				tr->text[lang] = i18n_ctext((int)lang,
				    tr->context, tr->msgid);
		}
}

void
tmpl_messages(const struct tmpl_set *set, tmpl_message_fn fn, void *arg)
{
	size_t	 i, k;

	for (i = 0; i < set->n; i++)
		for (k = 0; k < set->t[i].n; k++) {
			const struct node *n = &set->t[i].nodes[k];

			if (n->trans != NULL)
				fn(arg, set->t[i].name,
				    line_of(set->t[i].src, n->off),
				    n->trans->context, n->trans->msgid,
				    n->trans->plural, n->trans->comment);
		}
}
