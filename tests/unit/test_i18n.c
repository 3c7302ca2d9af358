/*
 * Unit tests for app/views/i18n.c and the templates' translatable runs:
 * choosing a language (codes, Accept-Language), catalogue look-ups with
 * plurals and contexts, and {{#_}} text rendered per language with its
 * values in place.  A small Arabic catalogue is compiled with msgfmt into
 * a temporary directory first.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../app/views/i18n.h"
#include "../../app/views/template.h"

#define AR	2	/* i18n_langs[] */

static char	 dir[] = "/tmp/portal-i18n-test.XXXXXX";

static const char po[] =
    "msgid \"\"\n"
    "msgstr \"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Content-Transfer-Encoding: 8bit\\n\"\n"
    "\"Language: ar\\n\"\n"
    "\"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n\"\n"
    "\n"
    "msgid \"Sign in\"\nmsgstr \"تسجيل الدخول\"\n\n"
    "msgctxt \"funding\"\nmsgid \"Round\"\nmsgstr \"جولة\"\n\n"
    "msgid \"Hello {name}, you have {count}\"\n"
    "msgstr \"{count} لديك يا {name}\"\n\n"
    "msgid \"Ask {nobody}\"\nmsgstr \"اسأل {somebody}\"\n\n"
    "msgid \"{n} request\"\nmsgid_plural \"{n} requests\"\n"
    "msgstr[0] \"لا طلبات\"\nmsgstr[1] \"طلب واحد\"\n"
    "msgstr[2] \"طلبان\"\nmsgstr[3] \"{n} طلبات\"\n"
    "msgstr[4] \"{n} طلبًا\"\nmsgstr[5] \"{n} طلب\"\n";

static int
setup(void **state)
{
	char	 cmd[512];
	FILE	*f;

	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	snprintf(cmd, sizeof(cmd), "mkdir -p %s/ar/LC_MESSAGES", dir);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/ar.po", dir);
	if ((f = fopen(cmd, "w")) == NULL)
		return -1;
	fputs(po, f);
	fclose(f);
	snprintf(cmd, sizeof(cmd), "msgfmt --check -o "
	    "%s/ar/LC_MESSAGES/portal.mo %s/ar.po", dir, dir);
	if (system(cmd) != 0)
		return -1;
	return i18n_init(dir);
}

static int
teardown(void **state)
{
	char	 cmd[512];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
codes(void **state)
{
	(void)state;
	assert_int_equal(i18n_find("en"), 0);
	assert_int_equal(i18n_find("ar"), AR);
	assert_int_equal(i18n_find("AR-eg"), AR);
	assert_int_equal(i18n_find("fa-AF"), 3);
	assert_int_equal(i18n_find("fa"), 3);
	assert_int_equal(i18n_find("de"), -1);
	assert_int_equal(i18n_find(""), -1);
	assert_string_equal(i18n_code(3), "fa-AF");
	assert_string_equal(i18n_dir(AR), "rtl");
	assert_string_equal(i18n_dir(1), "ltr");
	assert_string_equal(i18n_code(99), "en");
	/* The best weight wins, then the first listed; unknown tags and
	 * q=0 are skipped. */
	assert_int_equal(i18n_accept("de-DE, ar;q=0.8, en;q=0.5"), AR);
	assert_int_equal(i18n_accept("en-NZ,en;q=0.9,mi;q=0.8"), 0);
	assert_int_equal(i18n_accept("mi;q=0.2, es;q=0.9"), 5);
	assert_int_equal(i18n_accept("ar;q=0, de"), -1);
	assert_int_equal(i18n_accept(""), -1);
	assert_int_equal(i18n_accept(NULL), -1);
	assert_int_equal(i18n_accept("*"), -1);
}

static void
lookups(void **state)
{
	(void)state;
	assert_string_equal(i18n_text(AR, "Sign in"), "تسجيل الدخول");
	assert_string_equal(i18n_text(0, "Sign in"), "Sign in");
	/* Untranslated, or a language without a catalogue: the English. */
	assert_string_equal(i18n_text(AR, "Sign out"), "Sign out");
	assert_string_equal(i18n_text(1, "Sign in"), "Sign in");
	/* Switching back and forth finds each language's text again. */
	assert_string_equal(i18n_text(AR, "Sign in"), "تسجيل الدخول");
	assert_string_equal(i18n_ctext(AR, "funding", "Round"), "جولة");
	assert_string_equal(i18n_ctext(AR, "other", "Round"), "Round");
	assert_string_equal(i18n_ctext(0, "funding", "Round"), "Round");
	assert_string_equal(i18n_plural(AR, "{n} request", "{n} requests",
	    2), "طلبان");
	assert_string_equal(i18n_plural(AR, "{n} request", "{n} requests",
	    11), "{n} طلبًا");
	assert_string_equal(i18n_plural(0, "{n} request", "{n} requests",
	    1), "{n} request");
	assert_string_equal(i18n_plural(0, "{n} request", "{n} requests",
	    0), "{n} requests");
}

/* Renders src in lang with view; the text or the parse error. */
static char *
render(const char *src, int lang, const char *view_json, int *rc)
{
	struct tmpl_set	*set = tmpl_set_new();
	struct buf	 out = BUF_INIT, err = BUF_INIT;
	json_t		*view = json_loads(view_json, 0, NULL);
	char		*s;

	assert_non_null(view);
	*rc = tmpl_add(set, "page", src, strlen(src), &err);
	if (*rc == 0 && (*rc = tmpl_link(set, &err)) == 0) {
		tmpl_translate(set);
		*rc = tmpl_render(set, 0, lang, &view, 1, &out);
	}
	s = strdup(*rc == 0 ? buf_str(&out) : buf_str(&err));
	buf_free(&out);
	buf_free(&err);
	json_decref(view);
	tmpl_set_free(set);
	return s;
}

static void
assert_renders(const char *src, int lang, const char *view,
    const char *want)
{
	int	 rc;
	char	*got = render(src, lang, view, &rc);

	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void
template_runs(void **state)
{
	const char *hello = "<p>{{#_}}Hello  {{name}},\n you have "
	    "{{count}}{{/_}}</p>";
	const char *plural = "{{#_n n}}{{n}} request{{|}}{{n}} requests{{/_n}}";

	(void)state;
	/* English: the msgid, white space folded; values escaped. */
	assert_renders(hello, 0, "{\"name\": \"<b>\", \"count\": 3}",
	    "<p>Hello &lt;b&gt;, you have 3</p>");
	/* Arabic: the values move where the translation puts them. */
	assert_renders(hello, AR, "{\"name\": \"Amal\", \"count\": 3}",
	    "<p>3 لديك يا Amal</p>");
	assert_renders("{{#_}}Sign in{{/_}}", AR, "{}", "تسجيل الدخول");
	assert_renders("{{#_ funding}}Round{{/_}}", AR, "{}", "جولة");
	assert_renders("{{#_}}Round{{/_}}", AR, "{}", "Round");
	assert_renders(plural, AR, "{\"n\": 2}", "طلبان");
	assert_renders(plural, AR, "{\"n\": 5}", "5 طلبات");
	assert_renders(plural, 0, "{\"n\": 1}", "1 request");
	assert_renders(plural, 0, "{\"n\": 7}", "7 requests");
	/* A placeholder the run does not have shows as typed. */
	assert_renders("{{#_}}Ask {{nobody}}{{/_}}", AR, "{\"nobody\": 1}",
	    "اسأل {somebody}");
	/* A language out of range renders English. */
	assert_renders("{{#_}}Sign in{{/_}}", 42, "{}", "Sign in");
}

static void
template_run_errors(void **state)
{
	static const char *const bad[][2] = {
		{ "{{#_}}a {{#x}}b{{/x}}{{/_}}", "only text and values" },
		{ "{{#_}}a {b}{{/_}}", "brace" },
		{ "{{#_}} {{/_}}", "empty" },
		{ "{{#_n n}}one{{/_n}}", "without {{|}}" },
		{ "{{#_}}a{{|}}b{{/_}}", "outside" },
		{ "{{#_n}}a{{/_n}}", "needs the name" },
	};
	size_t	 i;
	int	 rc;
	char	*err;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err = render(bad[i][0], 0, "{}", &rc);
		assert_int_equal(rc, -1);
		if (strstr(err, bad[i][1]) == NULL)
			fail_msg("%s: got %s", bad[i][0], err);
		free(err);
	}
}

/* What make pot extracts: each run's msgid, plural and context. */
static void
collect(void *arg, const char *tmpl, size_t line, const char *context,
    const char *msgid, const char *plural, const char *comment)
{
	struct buf *out = arg;

	buf_printf(out, "%s:%zu [%s] %s / %s%s%s\n", tmpl, line,
	    context ? context : "", msgid, plural ? plural : "",
	    comment ? " # " : "", comment ? comment : "");
}

static void
extraction(void **state)
{
	const char	*src = "<h1>{{#_}}Hi {{user.name|url}}{{/_}}</h1>\n"
	    "{{! TRANSLATORS: a funding round }}{{! plain comment }}\n"
	    "{{#_ funding}}Round{{/_}}\n{{#_n n}}{{n}} a{{|}}{{n}} b{{/_n}}";
	struct tmpl_set	*set = tmpl_set_new();
	struct buf	 out = BUF_INIT, err = BUF_INIT;

	(void)state;
	assert_int_equal(tmpl_add(set, "p", src, strlen(src), &err), 0);
	tmpl_messages(set, collect, &out);
	assert_string_equal(buf_str(&out), "p:1 [] Hi {user.name} / \n"
	    "p:3 [funding] Round /  # TRANSLATORS: a funding round\n"
	    "p:4 [] {n} a / {n} b\n");
	buf_free(&out);
	buf_free(&err);
	tmpl_set_free(set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(codes),
		cmocka_unit_test(lookups),
		cmocka_unit_test(template_runs),
		cmocka_unit_test(template_run_errors),
		cmocka_unit_test(extraction),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
