/*
 * i18n: the language table and catalogue look-ups (see i18n.h).
 *
 * glibc's gettext picks the catalogue from $LANGUAGE, so a look-up in
 * another language than the last one sets it and bumps
 * _nl_msg_cat_cntr, which tells gettext to drop the translations it
 * remembered (the GNU gettext manual, "Being a gettext grok", documents
 * this for programs that switch languages).  A request speaks one
 * language, so a worker switches at most once a request, and gettext's
 * own cache serves the rest.
 */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "i18n.h"

extern int _nl_msg_cat_cntr;	/* glibc: the catalogues' generation */

const struct i18n_lang i18n_langs[] = {
	{ "en", NULL, "English", "ltr" },
	{ "mi", "mi", "Te reo Māori", "ltr" },
	{ "ar", "ar", "العربية", "rtl" },
	{ "fa-AF", "fa_AF", "دری", "rtl" },
	{ "my", "my", "မြန်မာဘာသာ", "ltr" },
	{ "es", "es", "Español", "ltr" },
};
const size_t i18n_nlangs = sizeof(i18n_langs) / sizeof(i18n_langs[0]);

_Static_assert(sizeof(i18n_langs) / sizeof(i18n_langs[0]) <= I18N_MAX,
    "I18N_MAX is too small for the language table");

static int	current = -1;	/* the language $LANGUAGE names now */
int		i18n_request;

int
i18n_init(const char *localedir)
{
	if (setlocale(LC_ALL, "C.UTF-8") == NULL ||
	    bindtextdomain(I18N_DOMAIN, localedir) == NULL ||
	    bind_textdomain_codeset(I18N_DOMAIN, "UTF-8") == NULL ||
	    textdomain(I18N_DOMAIN) == NULL)
		return -1;
	current = -1;
	return 0;
}

int
i18n_find(const char *code)
{
	size_t	 i, n;

	if (code == NULL)
		return -1;
	for (i = 0; i < i18n_nlangs; i++)
		if (strcasecmp(code, i18n_langs[i].code) == 0)
			return (int)i;
	/* "ar-EG" is Arabic; "fa" alone is the nearest we have, Dari. */
	n = strcspn(code, "-_");
	for (i = 0; i < i18n_nlangs; i++)
		if (strncasecmp(code, i18n_langs[i].code, n) == 0 &&
		    (i18n_langs[i].code[n] == '\0' ||
		    i18n_langs[i].code[n] == '-'))
			return (int)i;
	return -1;
}

/*
 * Accept-Language: a list of "tag;q=weight" ranges.  The best weight
 * wins; among equal weights, the first listed.  "*" and q=0 are skipped:
 * English is the fallback anyway.
 */
int
i18n_accept(const char *h)
{
	char	 tag[36];
	int	 best = -1, lang;
	double	 bestq = 0, q;
	size_t	 n;

	while (h != NULL && *h != '\0') {
		h += strspn(h, " \t,");
		n = strcspn(h, " \t,;");
		if (n == 0)
			break;
		q = 1;
		if (n < sizeof(tag)) {
			memcpy(tag, h, n);
			tag[n] = '\0';
		} else
			tag[0] = '\0';
		h += n;
		h += strspn(h, " \t");
		if (*h == ';') {
			const char *qp = strstr(h, "q=");
			const char *comma = strchr(h, ',');

			if (qp != NULL && (comma == NULL || qp < comma))
				q = strtod(qp + 2, NULL);
		}
		if (q > bestq && (lang = i18n_find(tag)) != -1) {
			best = lang;
			bestq = q;
		}
		h = strchr(h, ',');
	}
	return best;
}

const char *
i18n_code(int lang)
{
	return lang > 0 && (size_t)lang < i18n_nlangs ?
	    i18n_langs[lang].code : i18n_langs[0].code;
}

const char *
i18n_dir(int lang)
{
	return lang > 0 && (size_t)lang < i18n_nlangs ?
	    i18n_langs[lang].dir : i18n_langs[0].dir;
}

/* Points gettext at lang's catalogue; 0, or -1 for English or a bad
 * index (nothing to look up). */
static int
switch_to(int lang)
{
	if (lang <= 0 || (size_t)lang >= i18n_nlangs)
		return -1;
	if (lang != current) {
		if (setenv("LANGUAGE", i18n_langs[lang].catalogue, 1) == -1)
			return -1;
		++_nl_msg_cat_cntr;
		current = lang;
	}
	return 0;
}

const char *
i18n_text(int lang, const char *msgid)
{
	if (msgid == NULL || msgid[0] == '\0' || switch_to(lang) == -1)
		return msgid;
	return dgettext(I18N_DOMAIN, msgid);
}

const char *
i18n_ctext(int lang, const char *context, const char *msgid)
{
	char		 key[1024];
	const char	*t;
	size_t		 c, m;

	if (context == NULL)
		return i18n_text(lang, msgid);
	if (msgid == NULL || switch_to(lang) == -1)
		return msgid;
	/* gettext keeps a msgctxt as "context\004msgid" (gettext.h's
	 * pgettext does the same). */
	c = strlen(context);
	m = strlen(msgid);
	if (c + m + 2 > sizeof(key))
		return msgid;
	memcpy(key, context, c);
	key[c] = '\004';
	memcpy(key + c + 1, msgid, m + 1);
	t = dgettext(I18N_DOMAIN, key);
	return t == key ? msgid : t;
}

char *
i18n_formats(const char *const *msgids, size_t n)
{
	json_t	*all = json_object(), *list;
	char	*text = NULL;
	size_t	 lang, i;

	for (lang = 0; all != NULL && lang < i18n_nlangs; lang++) {
		if ((list = json_array()) == NULL)
			goto out;
		for (i = 0; i < n; i++)
			json_array_append_new(list, json_string(i18n_text(
			    (int)lang, msgids[i])));
		json_object_set_new(all, i18n_langs[lang].code, list);
	}
	text = json_dumps(all, JSON_COMPACT);
out:
	json_decref(all);
	return text;
}

const char *
i18n_header(int lang)
{
	if (switch_to(lang) == -1)
		return "";
	return dgettext(I18N_DOMAIN, "");
}

const char *
i18n_plural(int lang, const char *one, const char *many, unsigned long n)
{
	if (switch_to(lang) == -1)
		return n == 1 ? one : many;
	return dngettext(I18N_DOMAIN, one, many, n);
}
