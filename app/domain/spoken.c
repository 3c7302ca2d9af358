/*
 * spoken: the languages people speak (see spoken.h).  The list follows
 * the communities New Zealand's refugee quota and family reunification
 * bring (former refugees from Afghanistan, Myanmar, Syria, Colombia, the
 * Horn of Africa...), the country's own languages, and the languages of
 * the portal's interface.
 */
#include <string.h>

#include "../views/i18n.h"
#include "spoken.h"

const struct spoken spoken_languages[] = {
	{ "en", N_("English"), "English" },
	{ "mi", N_("Māori"), "Te reo Māori" },
	{ "nzs", N_("New Zealand Sign Language"), "NZSL" },
	{ "ar", N_("Arabic"), "العربية" },
	{ "fa-AF", N_("Dari"), "دری" },
	{ "fa", N_("Persian"), "فارسی" },
	{ "ps", N_("Pashto"), "پښتو" },
	{ "my", N_("Burmese"), "မြန်မာ" },
	{ "ksw", N_("Karen"), "ကညီ" },
	{ "rhg", N_("Rohingya"), "Ruáingga" },
	{ "es", N_("Spanish"), "Español" },
	{ "so", N_("Somali"), "Soomaali" },
	{ "ti", N_("Tigrinya"), "ትግርኛ" },
	{ "am", N_("Amharic"), "አማርኛ" },
	{ "om", N_("Oromo"), "Afaan Oromoo" },
	{ "sw", N_("Swahili"), "Kiswahili" },
	{ "rw", N_("Kinyarwanda"), "Ikinyarwanda" },
	{ "fr", N_("French"), "Français" },
	{ "ckb", N_("Kurdish (Sorani)"), "کوردی" },
	{ "kmr", N_("Kurdish (Kurmanji)"), "Kurmancî" },
	{ "ne", N_("Nepali"), "नेपाली" },
	{ "ta", N_("Tamil"), "தமிழ்" },
	{ "ur", N_("Urdu"), "اردو" },
	{ "hi", N_("Hindi"), "हिन्दी" },
	{ "pa", N_("Punjabi"), "ਪੰਜਾਬੀ" },
	{ "zh", N_("Chinese"), "中文" },
	{ "ko", N_("Korean"), "한국어" },
	{ "vi", N_("Vietnamese"), "Tiếng Việt" },
	{ "tl", N_("Tagalog"), "Tagalog" },
	{ "uk", N_("Ukrainian"), "Українська" },
	{ "ru", N_("Russian"), "Русский" },
	{ "tr", N_("Turkish"), "Türkçe" },
	{ "sm", N_("Samoan"), "Gagana Sāmoa" },
	{ "to", N_("Tongan"), "Lea faka-Tonga" },
	{ NULL, NULL, NULL },
};

const struct spoken *
spoken_find(const char *code)
{
	const struct spoken *s;

	if (code == NULL)
		return NULL;
	for (s = spoken_languages; s->code != NULL; s++)
		if (strcmp(s->code, code) == 0)
			return s;
	return NULL;
}

static json_t *
spoken_json(const struct spoken *s, int lang)
{
	return json_pack("{s:s, s:s, s:s}", "code", s->code, "name",
	    i18n_text(lang, s->name), "autonym", s->autonym);
}

json_t *
spoken_named(json_t *codes, int lang)
{
	const struct spoken *s;
	json_t	*out = json_array(), *code;
	size_t	 i;

	json_array_foreach(codes, i, code)
		if ((s = spoken_find(json_string_value(code))) != NULL)
			json_array_append_new(out, spoken_json(s, lang));
	return out;
}

static int
chosen_has(json_t *chosen, const char *code)
{
	json_t	*v;
	size_t	 i;

	if (json_is_string(chosen))
		return strcmp(json_string_value(chosen), code) == 0;
	json_array_foreach(chosen, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), code) == 0)
			return 1;
	return 0;
}

json_t *
spoken_options(json_t *chosen, int lang)
{
	const struct spoken *s;
	json_t	*out = json_array(), *o;

	for (s = spoken_languages; s->code != NULL; s++) {
		o = spoken_json(s, lang);
		json_object_set_new(o, "selected", json_boolean(chosen_has(chosen,
		    s->code)));
		json_array_append_new(out, o);
	}
	return out;
}
