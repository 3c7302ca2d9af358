/*
 * svg: charts drawn on the server as inline SVG, for pages that also give
 * the same numbers in a table (the chart is an aid, the table the record).
 * No script, no style attribute (the CSP allows neither), nothing from
 * another host: shapes carry classes that public/css/portal.css colours,
 * every label and title goes through esc_html(), and every cell shows its
 * number as text, so nothing depends on colour.
 *
 * A chart is described by a JSON object (a view's member, drawn by the
 * templates' |svg filter):
 *
 *   {"kind": "heatmap", "id": "areas-chart", "title": "...", "desc": "...",
 *    "columns": ["News & Narrative", ...],
 *    "rows": [{"label": "Hamilton", "values": [3, 0, ...]}, ...]}
 *
 *     a grid of counts, one row per label, the cells shaded by their share
 *     of the largest count; a zero is marked "gap".
 *
 *   {"kind": "bars", "id": "funding-chart", "title": "...", "desc": "...",
 *    "series": ["Pool", "Requested", ...], "money": true,
 *    "rows": [{"label": "Hamilton", "values": [500000, 120000, ...]}]}
 *
 *     horizontal bars, one group per row and one bar per series, scaled to
 *     the largest value, each with its value written beside it (as dollars
 *     when "money": the values are cents).
 *
 * The <svg> has role="img" and aria-labelledby naming its <title> and
 * <desc> (ids "<id>-title" and "<id>-desc").
 */
#ifndef PORTAL_SVG_H
#define PORTAL_SVG_H

#include <jansson.h>

#include "../util/buf.h"

/*
 * Appends the chart described by spec to out.  Returns 0, or -1 (and
 * appends nothing) when spec is not a chart as described above: an
 * unknown kind, an id that is not [a-z0-9-], a row whose values do not
 * match the columns or series, a negative value.
 */
int	svg_chart(struct buf *out, json_t *spec);

#endif
