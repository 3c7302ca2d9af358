/*
 * csv: reading CSV text (RFC 4180) into records of fields, for the
 * directory's bulk import.  Pure; writing CSV is views/escape.c's.
 */
#ifndef PORTAL_CSV_H
#define PORTAL_CSV_H

#include <stddef.h>

#include <jansson.h>

/*
 * Parses len bytes of text (valid UTF-8) as CSV: records end at CRLF or
 * LF (the last one may have no line end), fields are separated by commas,
 * and a field in double quotes may hold commas, line breaks and doubled
 * quotes ("").  A byte-order mark at the start is skipped, and so are
 * blank lines.  Returns a new array of records, each an array of strings;
 * or NULL when the text is not CSV (a quote inside an unquoted field,
 * text after a closing quote, a quote never closed) or holds more than
 * max_records records, with *bad_line the line where it went wrong.
 */
json_t	*csv_parse(const char *text, size_t len, size_t max_records,
	    size_t *bad_line);

#endif
