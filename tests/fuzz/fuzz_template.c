/*
 * fuzz_template: the template engine (app/views/template.c), parsing and
 * rendering, through its string API tmpl_add().
 *
 * The input is the template "page"; if it holds a NUL byte, what follows
 * the first NUL is a second template, "custom" (tmpl_add refuses NUL, so
 * it cannot be part of a template anyway).  Two fixed templates are in the
 * set too, so pages can extend a layout and include a partial:
 *   "layout"  a page shell with "title" and "content" blocks
 *   "item"    a partial
 * The set is linked and "page" rendered against a small fixed view.  The
 * render must succeed or fail cleanly, give the same page twice, and
 * write every value of the view escaped (see the view below).
 *
 * Inputs the engine, by design, renders in exponential time are skipped,
 * since a timeout there says nothing new: templates are trusted code and
 * the engine bounds depth, not work.  Those are pages that include or
 * extend a fuzzed template in a way that could make a cycle, and inputs
 * with more than MAX_TAGS section, block, partial and parent tags in all,
 * since sections over arrays and repeated partials multiply the work.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../app/views/template.h"
#include "fuzz.h"

#define MAX_TAGS	12

static const char layout_src[] =
    "{{! The shell. }}<!doctype html>\n"
    "<title>{{$title}}Untitled{{/title}} - {{site.name}}</title>\n"
    "{{#session.user}}\n"
    "<p>Signed in as {{display_name}}</p>\n"
    "{{/session.user}}\n"
    "{{^session.user}}<a href=\"/login\">Sign in</a>{{/session.user}}\n"
    "<main>\n"
    "{{$content}}<p>No content.</p>{{/content}}\n"
    "</main>\n"
    "{{> item}}\n";

static const char item_src[] =
    "<li><a href=\"/l/{{slug|url}}/\">{{name}}</a> {{amount|cents}}"
    "{{#tags}} <span>{{.}}</span>{{/tags}}</li>\n";

/*
 * The view.  Its strings hold markup around the marker bytes 01..04, which
 * no template text holds (inputs with them are not checked), so each
 * marker in a page comes from a value and must sit between the escapes of
 * its neighbours: "&lt;\1&gt;", "&quot;\2&quot;", "&#39;\3&#39;",
 * "&amp;\4&amp;".
 */
static const char view_src[] =
    "{"
    " \"site\": {\"name\": \"Portal <\\u0001><b>NZ</b>\"},"
    " \"session\": {\"user\": {\"display_name\": \"Ana \\\"\\u0002\\\"\"},"
    "   \"csrf\": \"tok'\\u0003'\"},"
    " \"name\": \"Nelson &\\u0004&\","
    " \"slug\": \"nelson/../x y?<\\u0001>\","
    " \"amount\": 123456,"
    " \"negative\": -9223372036854775808,"
    " \"big\": 9223372036854775807,"
    " \"ratio\": 0.125,"
    " \"yes\": true, \"no\": false, \"none\": null, \"empty\": \"\","
    " \"zero\": 0, \"nothing\": [], \"hollow\": {},"
    " \"tags\": [\"<\\u0001>a\", \"M\\u0101ori '\\u0003'\"],"
    " \"items\": ["
    "   {\"name\": \"Hamilton\", \"slug\": \"hamilton\", \"amount\": 5,"
    "    \"tags\": [\"x\\\"\\u0002\\\"\"]},"
    "   {\"name\": \"<\\u0001>Nelson\", \"slug\": \"n&\\u0004&n\","
    "    \"amount\": -150, \"tags\": []}],"
    " \"matrix\": [[1, 2], [\"&\\u0004&\", null]]"
    "}";

static const struct {
	char		 marker;
	const char	*before, *after;
} markers[] = {
	{ '\1', "&lt;", "&gt;" },
	{ '\2', "&quot;", "&quot;" },
	{ '\3', "&#39;", "&#39;" },
	{ '\4', "&amp;", "&amp;" },
};

static json_t *view;
static size_t view_size;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	json_error_t	 jerr;

	(void)argc;
	(void)argv;
	if ((view = json_loads(view_src, 0, &jerr)) == NULL) {
		fprintf(stderr, "fuzz_template: the view: %s\n", jerr.text);
		exit(1);
	}
	view_size = json_object_size(view);
	return 0;
}

/* The first "xx" (two bytes) in p[0..end), or NULL. */
static const char *
find2(const char *p, const char *end, const char *xx)
{
	for (; end - p >= 2; p++)
		if (p[0] == xx[0] && p[1] == xx[1])
			return p;
	return NULL;
}

/*
 * Counts the tags of src that can multiply rendering work (sections,
 * blocks, partials, parents) into *tags, and returns 1 if a partial or
 * parent tag could close a cycle: "page" naming itself, or "custom" naming
 * either ("page" may use "custom").  Reads a tag the way template.c does:
 * the sigil right after "{{", spaces after it and before "}}".
 */
static int
scan(const char *src, size_t len, int is_custom, size_t *tags)
{
	const char	*p = src, *end = src + len, *name, *close, *e;
	size_t		 n;

	while ((p = find2(p, end, "{{")) != NULL) {
		p += 2;
		if (p >= end || strchr("#^<$>", *p) == NULL || *p == '\0')
			continue;
		(*tags)++;
		if (*p != '>' && *p != '<')
			continue;
		if ((close = find2(p, end, "}}")) == NULL)
			return 0;
		name = p + 1;
		while (name < close && *name == ' ')
			name++;
		e = close;
		while (e > name && e[-1] == ' ')
			e--;
		n = (size_t)(e - name);
		if ((n == 4 && memcmp(name, "page", 4) == 0) ||
		    (is_custom && n == 6 && memcmp(name, "custom", 6) == 0))
			return 1;
	}
	return 0;
}

static int
has_markers(const char *src, size_t len)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		if (src[i] >= '\1' && src[i] <= '\4')
			return 1;
	return 0;
}

/* Every marker byte in the page sits between its neighbours' escapes. */
static void
check_escaped(const struct buf *out)
{
	size_t	 i, k, nb, na;

	for (i = 0; i < out->len; i++) {
		if (out->data[i] < '\1' || out->data[i] > '\4')
			continue;
		k = (size_t)(out->data[i] - '\1');
		nb = strlen(markers[k].before);
		na = strlen(markers[k].after);
		if (i < nb || out->len - i - 1 < na ||
		    memcmp(out->data + i - nb, markers[k].before, nb) != 0 ||
		    memcmp(out->data + i + 1, markers[k].after, na) != 0) {
			fprintf(stderr, "a value reached the page unescaped "
			    "at byte %zu:\n%s\n", i, buf_str(out));
			abort();
		}
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tmpl_set	*set;
	struct buf	 err = BUF_INIT, out = BUF_INIT;
	const char	*page = (const char *)data, *custom = NULL, *nul;
	size_t		 page_len = size, custom_len = 0, tags = 0;
	json_t		*stack[1];
	int		 t, rc;

	if ((nul = memchr(data, '\0', size)) != NULL) {
		page_len = (size_t)(nul - page);
		custom = nul + 1;
		custom_len = size - page_len - 1;
	}
	if (scan(page, page_len, 0, &tags) ||
	    (custom != NULL && scan(custom, custom_len, 1, &tags)) ||
	    tags > MAX_TAGS)
		return 0;

	CHECK((set = tmpl_set_new()) != NULL);
	CHECK(tmpl_add(set, "layout", layout_src, sizeof(layout_src) - 1,
	    &err) == 0);
	CHECK(tmpl_add(set, "item", item_src, sizeof(item_src) - 1, &err) ==
	    0);
	rc = tmpl_add(set, "page", page, page_len, &err);
	/* A refused template says where and why: "page:LINE: what". */
	CHECK(rc == 0 ? err.len == 0 : strncmp(buf_str(&err), "page:", 5) ==
	    0);
	if (custom != NULL)
		(void)tmpl_add(set, "custom", custom, custom_len, &err);
	(void)tmpl_link(set, &err);

	if ((t = tmpl_find(set, "page")) != -1) {
		CHECK(rc == 0);
		stack[0] = view;
		rc = tmpl_render(set, t, 0, stack, 1, &out);
		CHECK(rc == 0 || rc == -1);
		if (rc == 0 && !has_markers(page, page_len) &&
		    (custom == NULL || !has_markers(custom, custom_len)))
			check_escaped(&out);
		/* The engine renders the same page the same way twice. */
		if (rc == 0) {
			struct buf again = BUF_INIT;

			CHECK(tmpl_render(set, t, 0, stack, 1, &again) == 0);
			CHECK(again.len == out.len && (out.len == 0 ||
			    memcmp(again.data, out.data, out.len) == 0));
			buf_free(&again);
		}
	} else
		CHECK(rc == -1);
	/* Rendering never touches the view. */
	CHECK(json_object_size(view) == view_size);

	buf_free(&out);
	buf_free(&err);
	tmpl_set_free(set);
	return 0;
}
