/*
 * svg: server-drawn charts (heat-maps and bar charts) as inline SVG; see
 * svg.h for the JSON that describes one and what the markup promises.
 */
#include <string.h>

#include "../util/money.h"
#include "escape.h"
#include "i18n.h"
#include "svg.h"

/* Layout, in SVG user units (CSS pixels at 100%). */
#define LABEL_W		180	/* row labels, right-aligned before the plot */
#define LABEL_CHARS	24	/* longer labels are cut (full text in titles) */
#define HEAD_H		120	/* the heat-map's slanted column headings */
#define CELL_W		78
#define CELL_H		26
#define LEGEND_H	28
#define PLOT_W		360	/* the longest bar */
#define VALUE_W		120	/* the value written after a bar */
#define BAR_H		12
#define BAR_GAP		2
#define GROUP_PAD	10
#define SHADES		4	/* classes h1..h4 by share of the largest */

static void
text(struct buf *out, const char *s)
{
	esc_html(out, s, strlen(s));
}

/* Appends ` name="v"`: charts write many numbers, without printf. */
static void
attr(struct buf *out, const char *name, long long v)
{
	buf_putc(out, ' ');
	buf_puts(out, name);
	buf_puts(out, "=\"");
	buf_put_int(out, v);
	buf_putc(out, '"');
}

/* s cut to LABEL_CHARS code points, with an ellipsis when cut. */
static void
label(struct buf *out, const char *s)
{
	size_t	 i, chars = 0;

	for (i = 0; s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 &&
		    chars++ == LABEL_CHARS)
			break;
	esc_html(out, s, i);
	if (s[i] != '\0')
		buf_puts(out, "\xe2\x80\xa6");
}

static int
valid_id(const char *id)
{
	size_t	i, n = id != NULL ? strlen(id) : 0;

	if (n == 0 || n > 40)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("abcdefghijklmnopqrstuvwxyz0123456789-", id[i]) ==
		    NULL)
			return 0;
	return 1;
}

/* Every row {"label": text, "values": [n >= 0] x ncols}; the largest. */
static int
valid_rows(json_t *rows, size_t ncols, json_int_t *max)
{
	json_t	*row, *values, *v;
	size_t	 i, k;

	*max = 0;
	if (!json_is_array(rows))
		return 0;
	json_array_foreach(rows, i, row) {
		values = json_object_get(row, "values");
		if (!json_is_string(json_object_get(row, "label")) ||
		    !json_is_array(values) || json_array_size(values) != ncols)
			return 0;
		json_array_foreach(values, k, v) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return 0;
			if (json_integer_value(v) > *max)
				*max = json_integer_value(v);
		}
	}
	return 1;
}

static int
valid_names(json_t *names)
{
	json_t	*n;
	size_t	 i;

	if (!json_is_array(names) || json_array_size(names) == 0)
		return 0;
	json_array_foreach(names, i, n)
		if (!json_is_string(n))
			return 0;
	return 1;
}

static const char *
str(json_t *spec, const char *key)
{
	return json_string_value(json_object_get(spec, key));
}

static void
open_svg(struct buf *out, json_t *spec, int w, int h)
{
	const char	*id = str(spec, "id");

	buf_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" "
	    "viewBox=\"0 0 %d %d\" aria-labelledby=\"%s-title %s-desc\">"
	    "<title id=\"%s-title\">", w, h, w, h, id, id, id);
	text(out, str(spec, "title"));
	buf_printf(out, "</title><desc id=\"%s-desc\">", id);
	text(out, str(spec, "desc"));
	buf_puts(out, "</desc>");
}

/* Which of the shades h1..h4 a count takes; h0 is a gap (zero). */
static int
shade(json_int_t v, json_int_t max)
{
	int	k;

	if (v <= 0 || max <= 0)
		return 0;
	k = 1 + (int)(v * (SHADES - 1) / max);
	return k > SHADES ? SHADES : k;
}

static void
heat_cell(struct buf *out, const char *row, const char *col, json_int_t v,
    json_int_t max, int x, int y)
{
	buf_puts(out, "<g><title>");
	text(out, row);
	buf_puts(out, ", ");
	text(out, col);
	buf_puts(out, ": ");
	buf_put_int(out, v);
	if (v == 0) {
		buf_putc(out, ' ');
		/* TRANSLATORS: a chart cell with no initiatives. */
		text(out, _("(gap)"));
	}
	buf_puts(out, "</title><rect class=\"h");
	buf_put_int(out, shade(v, max));
	buf_putc(out, '"');
	attr(out, "x", x);
	attr(out, "y", y);
	attr(out, "width", CELL_W - 2);
	attr(out, "height", CELL_H - 2);
	buf_puts(out, "/><text");
	attr(out, "x", x + (CELL_W - 2) / 2);
	attr(out, "y", y + CELL_H / 2 + 4);
	if (v == 0)
		buf_puts(out, " text-anchor=\"middle\" class=\"gap\">gap");
	else {
		buf_puts(out, " text-anchor=\"middle\">");
		buf_put_int(out, v);
	}
	buf_puts(out, "</text></g>");
}

/* A row's label, right-aligned before the plot, its baseline at y. */
static void
row_label(struct buf *out, const char *name, int y)
{
	buf_puts(out, "<text class=\"row\"");
	attr(out, "x", LABEL_W - 8);
	attr(out, "y", y);
	buf_puts(out, " text-anchor=\"end\">");
	label(out, name);
	buf_puts(out, "</text>");
}

static int
heatmap(struct buf *out, json_t *spec)
{
	json_t		*cols = json_object_get(spec, "columns");
	json_t		*rows = json_object_get(spec, "rows"), *row, *c;
	json_int_t	 max;
	size_t		 i, k, ncols;
	int		 x, y;

	if (!valid_names(cols) || !valid_rows(rows, ncols =
	    json_array_size(cols), &max))
		return -1;
	open_svg(out, spec, LABEL_W + (int)ncols * CELL_W + 10, HEAD_H +
	    (int)json_array_size(rows) * CELL_H + 10);
	json_array_foreach(cols, k, c) {
		x = LABEL_W + (int)k * CELL_W + CELL_W / 2;
		buf_puts(out, "<text class=\"col\" transform=\"translate(");
		buf_put_int(out, x);
		buf_putc(out, ' ');
		buf_put_int(out, HEAD_H - 8);
		buf_puts(out, ") rotate(-35)\">");
		label(out, json_string_value(c));
		buf_puts(out, "</text>");
	}
	json_array_foreach(rows, i, row) {
		const char *name = str(row, "label");
		json_t *values = json_object_get(row, "values");

		y = HEAD_H + (int)i * CELL_H;
		row_label(out, name, y + CELL_H / 2 + 4);
		json_array_foreach(cols, k, c)
			heat_cell(out, name, json_string_value(c),
			    json_integer_value(json_array_get(values, k)), max,
			    LABEL_W + (int)k * CELL_W, y);
	}
	buf_puts(out, "</svg>");
	return 0;
}

static void
amount(struct buf *out, json_int_t v, int money)
{
	if (money)
		money_put(out, v);
	else
		buf_put_int(out, v);
}

static void
bar(struct buf *out, const char *row, const char *series, int k,
    json_int_t v, json_int_t max, int money, int y)
{
	int	w = max > 0 ? (int)(v * PLOT_W / max) : 0;

	if (w == 0 && v > 0)
		w = 1;
	buf_puts(out, "<g><title>");
	text(out, row);
	buf_puts(out, ", ");
	text(out, series);
	buf_puts(out, ": ");
	amount(out, v, money);
	buf_puts(out, "</title><rect class=\"s");
	buf_put_int(out, k);
	buf_putc(out, '"');
	attr(out, "x", LABEL_W);
	attr(out, "y", y);
	attr(out, "width", w);
	attr(out, "height", BAR_H);
	buf_puts(out, "/><text");
	attr(out, "x", LABEL_W + w + 4);
	attr(out, "y", y + BAR_H - 2);
	buf_putc(out, '>');
	amount(out, v, money);
	buf_puts(out, "</text></g>");
}

static int
bars(struct buf *out, json_t *spec)
{
	json_t		*series = json_object_get(spec, "series");
	json_t		*rows = json_object_get(spec, "rows"), *row, *s;
	json_int_t	 max;
	size_t		 i, k, ns;
	int		 money = json_is_true(json_object_get(spec, "money"));
	int		 group, y;

	if (!valid_names(series) || !valid_rows(rows, ns =
	    json_array_size(series), &max))
		return -1;
	group = (int)ns * (BAR_H + BAR_GAP) + GROUP_PAD;
	open_svg(out, spec, LABEL_W + PLOT_W + VALUE_W, LEGEND_H +
	    (int)json_array_size(rows) * group + GROUP_PAD);
	json_array_foreach(series, k, s) {
		buf_printf(out, "<rect class=\"s%zu\" x=\"%d\" y=\"6\" "
		    "width=\"12\" height=\"12\"/><text x=\"%d\" y=\"16\">",
		    k, LABEL_W + (int)k * 110, LABEL_W + (int)k * 110 + 16);
		text(out, json_string_value(s));
		buf_puts(out, "</text>");
	}
	json_array_foreach(rows, i, row) {
		const char *name = str(row, "label");
		json_t *values = json_object_get(row, "values");

		y = LEGEND_H + (int)i * group;
		row_label(out, name, y + BAR_H - 2);
		json_array_foreach(series, k, s)
			bar(out, name, json_string_value(s), (int)k,
			    json_integer_value(json_array_get(values, k)), max,
			    money, y + (int)k * (BAR_H + BAR_GAP));
	}
	buf_puts(out, "</svg>");
	return 0;
}

/* heatmap() and bars() check the whole description before they write. */
int
svg_chart(struct buf *out, json_t *spec)
{
	const char	*kind = str(spec, "kind");

	if (kind == NULL || !valid_id(str(spec, "id")) ||
	    str(spec, "title") == NULL || str(spec, "desc") == NULL)
		return -1;
	if (strcmp(kind, "heatmap") == 0)
		return heatmap(out, spec);
	if (strcmp(kind, "bars") == 0)
		return bars(out, spec);
	return -1;
}
