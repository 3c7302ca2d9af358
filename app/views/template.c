/*
 * template: parsing templates and loading a set of them (see template.h
 * for the syntax); rendering is template_render.c, filters
 * template_filter.c.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "template_impl.h"

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

	if (bar == NULL)
		return 0;
	*bar++ = '\0';
	return tmpl_filter_find(bar);
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
