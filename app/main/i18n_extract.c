/*
 * i18n-extract: the templates' translatable text as a gettext template
 * (.pot), for `make pot` to merge with what xgettext finds in the C
 * sources.  It loads the templates with the portal's own parser
 * (views/template.h), so what it extracts is exactly what portald
 * translates.
 *
 *   i18n-extract [-a list] template-dir > templates.pot
 *
 * -a names a file listing the applicant-facing templates and sources
 * (po/APPLICANT, one name a line, '#' comments); their messages get the
 * extracted comment "applicant-facing", which the catalogue test
 * (tests/e2e/i18n.test.mjs) requires every language to translate.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../util/buf.h"
#include "../views/template.h"

#define MAX_MESSAGES	8192
#define MAX_APPLICANT	128

struct message {
	const char	*context, *msgid, *plural;	/* borrowed */
	const char	*comment;	/* borrowed, or NULL */
	struct buf	 refs;		/* "#: file:line" references */
	int		 applicant;
};

struct extract {
	const char	*dir;
	char		*applicant[MAX_APPLICANT];
	size_t		 napplicant;
	struct message	 m[MAX_MESSAGES];
	size_t		 n;
};

static int
same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static int
is_applicant(const struct extract *x, const char *tmpl)
{
	char	 name[256];
	size_t	 i;

	snprintf(name, sizeof(name), "app/templates/%s.html", tmpl);
	for (i = 0; i < x->napplicant; i++)
		if (strcmp(x->applicant[i], name) == 0)
			return 1;
	return 0;
}

/* One run: merged with an earlier one of the same msgctxt and msgid. */
static void
collect(void *arg, const char *tmpl, size_t line, const char *context,
    const char *msgid, const char *plural, const char *comment)
{
	struct extract	*x = arg;
	struct message	*m = NULL;
	size_t		 i;

	for (i = 0; i < x->n && m == NULL; i++)
		if (same(x->m[i].context, context) &&
		    strcmp(x->m[i].msgid, msgid) == 0)
			m = &x->m[i];
	if (m == NULL) {
		if (x->n == MAX_MESSAGES)
			errx(1, "more than %d messages", MAX_MESSAGES);
		m = &x->m[x->n++];
		m->context = context;
		m->msgid = msgid;
		m->plural = plural;
	}
	if (is_applicant(x, tmpl))
		m->applicant = 1;
	if (comment != NULL && m->comment == NULL)
		m->comment = comment;
	buf_printf(&m->refs, "#: app/templates/%s.html:%zu\n", tmpl, line);
}

/* A PO string: quoted, with C escapes (the PO format's). */
static void
po_string(const char *key, const char *s)
{
	printf("%s \"", key);
	for (; *s != '\0'; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if (*s == '\n')
			printf("\\n");
		else if (*s == '\t')
			printf("\\t");
		else
			putchar(*s);
	}
	printf("\"\n");
}

/* An extracted comment ("#. ..."), one line of the PO file each, the
 * comment's white space folded. */
static void
comment_lines(const char *s)
{
	size_t	 col = 0, n;

	printf("#.");
	while (*s != '\0') {
		s += strspn(s, " \t\r\n");
		if ((n = strcspn(s, " \t\r\n")) == 0)
			break;
		if (col > 0 && col + n > 72) {
			printf("\n#.");
			col = 0;
		}
		printf(" %.*s", (int)n, s);
		col += n + 1;
		s += n;
	}
	printf("\n");
}

static void
load_list(struct extract *x, const char *path)
{
	FILE	*f = fopen(path, "r");
	char	 line[512];
	size_t	 n;

	if (f == NULL)
		err(1, "%s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		n = strcspn(line, " \t\r\n#");
		if (n == 0)
			continue;
		line[n] = '\0';
		if (x->napplicant == MAX_APPLICANT)
			errx(1, "%s: too many names", path);
		if ((x->applicant[x->napplicant++] = strdup(line)) == NULL)
			err(1, NULL);
	}
	fclose(f);
}

int
main(int argc, char *argv[])
{
	static struct extract x;
	struct tmpl_set	*set;
	struct buf	 errs = BUF_INIT;
	size_t		 i;
	int		 ch;

	while ((ch = getopt(argc, argv, "a:")) != -1) {
		if (ch != 'a')
			errx(2, "usage: i18n-extract [-a list] template-dir");
		load_list(&x, optarg);
	}
	if (optind + 1 != argc)
		errx(2, "usage: i18n-extract [-a list] template-dir");
	if ((set = tmpl_set_new()) == NULL ||
	    tmpl_load_dir(set, argv[optind], &errs) == -1)
		errx(1, "%s", buf_str(&errs));
	tmpl_messages(set, collect, &x);
	printf("msgid \"\"\nmsgstr \"\"\n"
	    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
	    "\"Content-Transfer-Encoding: 8bit\\n\"\n");
	for (i = 0; i < x.n; i++) {
		printf("\n");
		if (x.m[i].comment != NULL)
			comment_lines(x.m[i].comment);
		if (x.m[i].applicant)
			printf("#. applicant-facing\n");
		fputs(buf_str(&x.m[i].refs), stdout);
		if (x.m[i].context != NULL)
			po_string("msgctxt", x.m[i].context);
		po_string("msgid", x.m[i].msgid);
		if (x.m[i].plural != NULL) {
			po_string("msgid_plural", x.m[i].plural);
			printf("msgstr[0] \"\"\nmsgstr[1] \"\"\n");
		} else
			printf("msgstr \"\"\n");
		buf_free(&x.m[i].refs);
	}
	for (i = 0; i < x.napplicant; i++)
		free(x.applicant[i]);
	tmpl_set_free(set);
	buf_free(&errs);
	return ferror(stdout) ? 1 : 0;
}
