/*
 * i18n: the portal's interface languages and their message catalogues.
 *
 * English is the source: its text is the msgid, and every other language
 * has a GNU gettext catalogue (po/<name>.po, compiled by the Makefile to
 * <localedir>/<name>/LC_MESSAGES/portal.mo).  Languages are numbered by
 * their row in one table; 0 is English.  Outside the portal a language
 * is its BCP 47 code ("fa-AF"); inside gettext, its catalogue name
 * ("fa_AF").
 *
 * Template text is resolved once per language when the templates load
 * (views/template.h); C messages (errors, validation, emails, chart
 * labels) through i18n_text() at the point they are shown, their source
 * marked with _() or N_() so that xgettext finds them (make pot).
 */
#ifndef PORTAL_I18N_H
#define PORTAL_I18N_H

#include <stddef.h>

#define I18N_DOMAIN	"portal"
#define I18N_MAX	8	/* rows the language table may grow to */

/* Marks a string for extraction, translated later where it is shown. */
#define N_(s)	s

/*
 * The language of the request a worker is answering, set by the
 * dispatcher before any handler runs, for text formatted where no
 * request is at hand (a validator's "must be at most %zu characters"):
 * _() translates the format there, before the numbers go in.
 */
extern int	 i18n_request;
#define _(s)	i18n_text(i18n_request, s)

struct i18n_lang {
	const char	*code;		/* BCP 47: URLs, the API, lang= */
	const char	*catalogue;	/* gettext's name, NULL for English */
	const char	*name;		/* in its own language */
	const char	*dir;		/* "ltr" or "rtl" */
};

extern const struct i18n_lang i18n_langs[];
extern const size_t i18n_nlangs;

/*
 * Binds the text domain to localedir (the directory that holds
 * <catalogue>/LC_MESSAGES/portal.mo) and sets the C.UTF-8 locale, under
 * which glibc reads $LANGUAGE (it ignores it under plain "C").  Called
 * once, before the templates load.  Returns 0 or -1.
 */
int		 i18n_init(const char *localedir);
/* The language with code (exactly, or its primary subtag, case-blind:
 * "AR-eg" is ar); -1 when none. */
int		 i18n_find(const char *code);
/* The language an Accept-Language header (RFC 9110, section 12.5.4)
 * asks for first among ours, or -1. */
int		 i18n_accept(const char *header);
/* lang's code and direction; English's for a bad index. */
const char	*i18n_code(int lang);
const char	*i18n_dir(int lang);

/*
 * msgid in lang: the catalogue's translation, or msgid itself when there
 * is none (or for English).  The result is static (the catalogue stays
 * mapped) or msgid.  i18n_ctext looks the msgid up under a msgctxt.
 */
const char	*i18n_text(int lang, const char *msgid)
		    __attribute__((format_arg(2)));
const char	*i18n_ctext(int lang, const char *context,
		    const char *msgid);
/*
 * For text the database writes per recipient (emails to many people):
 * {"<code>": [msgids[0] in that language, ...], ...} for every language,
 * as JSON text, which the statement indexes by each recipient's
 * preferred_language.  The caller frees; NULL when out of memory.
 */
char		*i18n_formats(const char *const *msgids, size_t n);
/* lang's catalogue header (the msgstr of msgid ""), or "". */
const char	*i18n_header(int lang);
/* The form of one/many for count n by lang's plural rule. */
const char	*i18n_plural(int lang, const char *one, const char *many,
		    unsigned long n);

#endif
