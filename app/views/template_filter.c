/*
 * template_filter: how a template writes a value ({{name|filter}}): each
 * filter escapes for HTML, in the page's language.
 */
#include <stdio.h>
#include <string.h>

#include "../util/money.h"
#include "escape.h"
#include "i18n.h"
#include "markdown.h"
#include "svg.h"
#include "template_impl.h"

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

int
tmpl_filter_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		if (strcmp(name, filters[i].name) == 0)
			return (int)i;
	return -1;
}

void
tmpl_filter_write(int f, struct buf *out, json_t *v, int lang)
{
	filters[f].write(out, v, lang);
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
