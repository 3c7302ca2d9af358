/*
 * csv: CSV text to records (see csv.h).  One pass, one state: where a
 * field is (its start, unquoted, quoted, after its closing quote).
 */
#include <string.h>

#include "buf.h"
#include "csv.h"

enum csv_state {
	FIELD_START,
	UNQUOTED,
	QUOTED,
	QUOTE_CLOSED,
};

struct csv_reader {
	json_t		*records;
	json_t		*record;	/* the record being read, or NULL */
	struct buf	 field;
	size_t		 max_records;
};

/* Ends the field being read; -1 on no memory. */
static int
end_field(struct csv_reader *r)
{
	if (r->record == NULL && (r->record = json_array()) == NULL)
		return -1;
	if (buf_failed(&r->field) || json_array_append_new(r->record,
	    json_stringn(buf_str(&r->field), r->field.len)) == -1)
		return -1;
	buf_reset(&r->field);
	return 0;
}

/* Ends the record being read (a blank line is none); -1 on no memory
 * or too many records. */
static int
end_record(struct csv_reader *r, int blank)
{
	if (!blank && end_field(r) == -1)
		return -1;
	if (r->record == NULL)
		return 0;
	if (json_array_size(r->records) >= r->max_records ||
	    json_array_append_new(r->records, r->record) == -1) {
		json_decref(r->record);
		r->record = NULL;
		return -1;
	}
	r->record = NULL;
	return 0;
}

json_t *
csv_parse(const char *text, size_t len, size_t max_records,
    size_t *bad_line)
{
	struct csv_reader r = { json_array(), NULL, BUF_INIT, max_records };
	enum csv_state	 st = FIELD_START;
	size_t		 i = 0, line = 1;
	char		 ch;

	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	for (; i < len && r.records != NULL; i++) {
		ch = text[i];
		if (st == QUOTED) {
			if (ch == '"' && i + 1 < len && text[i + 1] == '"')
				buf_putc(&r.field, text[++i]);
			else if (ch == '"')
				st = QUOTE_CLOSED;
			else
				buf_putc(&r.field, ch);
			line += ch == '\n';
			continue;
		}
		if (ch == '\r' && i + 1 < len && text[i + 1] == '\n')
			continue;
		if (ch == '\n' || ch == '\r') {
			if (end_record(&r, st == FIELD_START && r.record == NULL)
			    == -1)
				goto fail;
			st = FIELD_START;
			line++;
		} else if (ch == ',') {
			if (end_field(&r) == -1)
				goto fail;
			st = FIELD_START;
		} else if (ch == '"' && st == FIELD_START)
			st = QUOTED;
		else if (ch == '"' || st == QUOTE_CLOSED)
			goto fail;
		else {
			buf_putc(&r.field, ch);
			st = UNQUOTED;
		}
	}
	if (st == QUOTED || r.records == NULL ||
	    end_record(&r, st == FIELD_START && r.record == NULL) == -1)
		goto fail;
	buf_free(&r.field);
	return r.records;
fail:
	*bad_line = line;
	json_decref(r.record);
	json_decref(r.records);
	buf_free(&r.field);
	return NULL;
}
