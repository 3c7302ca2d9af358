/*
 * language: the interface languages as a resource.  GET /api/v1/languages
 * and the /languages page list each catalogue with who drafted it, its
 * review status and how much of the interface it covers; PATCH
 * /api/v1/me and the account page's form set a person's own language.
 *
 * A catalogue's status is what its header says (docs/i18n.md): the
 * Language-Team drafted it, and it counts as reviewed only when
 * X-Review-Status says "reviewed".  Completeness is counted from the
 * compiled catalogue (msgfmt keeps only translated messages) against the
 * template the build copies beside it, once at start-up.
 */
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "../../db/identity.h"
#include "../handler.h"

int
language_code(const char *code)
{
	size_t	 i;

	for (i = 0; code != NULL && i < i18n_nlangs; i++)
		if (strcasecmp(code, i18n_langs[i].code) == 0)
			return (int)i;
	return -1;
}

/* The messages of the template (po/portal.pot, copied by the build): its
 * msgid lines, less the header's.  0 when it cannot be read. */
static long
template_messages(const char *localedir)
{
	char	 path[1024], line[256];
	FILE	*f;
	long	 n = 0;

	snprintf(path, sizeof(path), "%s/portal.pot", localedir);
	if ((f = fopen(path, "r")) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, "msgid \"", 7) == 0)
			n++;
	fclose(f);
	return n > 0 ? n - 1 : 0;
}

/* The translations a compiled catalogue holds: its string count (the
 * GNU .mo header's third word), less the header entry. */
static long
catalogue_messages(const char *localedir, const char *catalogue)
{
	char		 path[1024];
	uint32_t	 head[3];
	FILE		*f;
	long		 n = 0;

	snprintf(path, sizeof(path), "%s/%s/LC_MESSAGES/%s.mo", localedir,
	    catalogue, I18N_DOMAIN);
	if ((f = fopen(path, "rb")) == NULL)
		return 0;
	if (fread(head, sizeof(uint32_t), 3, f) == 3 &&
	    head[0] == 0x950412de && head[2] > 0)
		n = (long)head[2] - 1;
	fclose(f);
	return n;
}

/* A header field's value ("Language-Team: x\n" -> "x"), or "". */
static json_t *
header_field(const char *header, const char *name)
{
	const char	*p = header;
	size_t		 n = strlen(name);

	for (; p != NULL && *p != '\0'; p = strchr(p, '\n'), p = p ? p + 1 :
	    NULL)
		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			p += n + 1;
			p += strspn(p, " ");
			return json_stringn(p, strcspn(p, "\n"));
		}
	return json_string("");
}

json_t *
language_catalogues(const char *localedir)
{
	json_t		*items = json_array(), *status;
	long		 total = template_messages(localedir), done;
	size_t		 i;
	const char	*header;
	int		 reviewed;

	for (i = 0; items != NULL && i < i18n_nlangs; i++) {
		const struct i18n_lang *l = &i18n_langs[i];

		if (l->catalogue == NULL) {	/* English: the source */
			json_array_append_new(items, json_pack("{s:s, s:s, "
			    "s:s, s:b, s:b, s:I, s:I, s:s, s:s}", "code",
			    l->code, "name", l->name, "dir", l->dir,
			    "complete", 1, "reviewed", 1, "translated",
			    (json_int_t)total, "total", (json_int_t)total,
			    "drafted_by", "", "review_status", "source"));
			continue;
		}
		header = i18n_header((int)i);
		status = header_field(header, "X-Review-Status");
		reviewed = strncasecmp(json_string_value(status), "reviewed",
		    8) == 0;
		done = catalogue_messages(localedir, l->catalogue);
		json_array_append_new(items, json_pack("{s:s, s:s, s:s, s:b, "
		    "s:b, s:I, s:I, s:o, s:o}", "code", l->code, "name",
		    l->name, "dir", l->dir, "complete", total > 0 &&
		    done >= total, "reviewed", reviewed, "translated",
		    (json_int_t)(done < total ? done : total), "total",
		    (json_int_t)total, "drafted_by", header_field(header,
		    "Language-Team"), "review_status", status));
	}
	return items;
}

int
language_list(struct ctx *c)
{
	c->view = json_pack("{s:O, s:n}", "items", c->app->languages,
	    "next");
	return c->view != NULL ? 200 : ctx_fail(c, 500, "Out of memory.");
}

/* PATCH /api/v1/me {"preferred_language"}, and the account page's form:
 * the person's own language, for pages, messages and emails. */
int
language_set(struct ctx *c)
{
	const char	*code = ctx_input(c, "preferred_language");
	enum db_status	 st;
	int		 lang = language_code(code);

	if (lang == -1) {
		ctx_field(c, "preferred_language", code == NULL ?
		    N_("is required") : N_("must be one of the portal's "
		    "languages: en, mi, ar, fa-AF, my or es"));
		return ctx_invalid(c, json_pack("{s:s}", "preferred_language",
		    code != NULL ? code : ""));
	}
	if ((st = db_user_language_set(c->app->db, c->auth.user_id,
	    i18n_code(lang))) != DB_OK)
		return ctx_db_fail(c, st);
	c->lang = i18n_request = lang;
	c->view = json_deep_copy(c->auth.user);
	json_object_set_new(c->view, "preferred_language",
	    json_string(i18n_code(lang)));
	return ctx_done(c, 200, "/account?language=1");
}

/* ------------------------------------------------------------- content */

const char *
language_input(struct ctx *c, json_t *values)
{
	const char	*code = ctx_input(c, "language");
	int		 lang;

	if (code == NULL || code[0] == '\0')
		return NULL;
	if ((lang = language_code(code)) == -1) {
		ctx_field(c, "language", N_("must be one of the portal's "
		    "languages: en, mi, ar, fa-AF, my or es"));
		if (values != NULL)
			json_object_set_new(values, "language",
			    json_string(code));
		return NULL;
	}
	if (values != NULL)
		json_object_set_new(values, "language",
		    json_string(i18n_code(lang)));
	return i18n_code(lang);
}

enum db_status
language_save(struct ctx *c, enum db_content what, long long id,
    json_t *values)
{
	const char	*code = json_string_value(json_object_get(values,
			    "language"));

	if (code == NULL || language_code(code) == -1)
		return DB_OK;
	return db_language_set(c->app->db, what, ctx_location_id(c), id, code);
}

json_t *
language_options(const struct ctx *c, const char *selected)
{
	json_t	*out = json_array();
	size_t	 i;

	if (selected == NULL || language_code(selected) == -1)
		selected = i18n_code(c->lang);
	for (i = 0; i < i18n_nlangs; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:s, s:b}",
		    "code", i18n_langs[i].code, "name", i18n_langs[i].name,
		    "dir", i18n_langs[i].dir, "selected",
		    strcmp(selected, i18n_langs[i].code) == 0));
	return out;
}
