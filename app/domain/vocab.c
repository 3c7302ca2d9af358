/*
 * vocab: the fixed enumerations (see vocab.h).
 */
#include <string.h>

#include "../views/i18n.h"
#include "vocab.h"

#define VOCAB_MAX	16
#define VOCAB_LISTS	16

const struct vocab vocab_sectors[] = {
	/* TRANSLATORS: Glossary: the nine sectors a working group draws its
	 * members from. Use these words wherever the portal names a sector. */
	{ "local_government", N_("Local government") },
	{ "iwi", N_("Iwi") },
	{ "ngo", N_("NGOs") },
	{ "community", N_("Community") },
	{ "chamber_of_commerce", N_("Chamber of Commerce") },
	{ "refugee_migrant", N_("Refugee and migrant groups") },
	{ "private_sector", N_("Private sector") },
	{ "central_government", N_("Central government") },
	{ "youth", N_("Youth") },
	{ NULL, NULL },
};

const struct vocab vocab_roles[] = {
	/* TRANSLATORS: Glossary: a person's role in a location's working
	 * group. */
	{ "coordinator", N_("Coordinator") },
	{ "member", N_("Member") },
	{ "observer", N_("Observer") },
	{ NULL, NULL },
};

const struct vocab vocab_areas[] = {
	/* TRANSLATORS: Glossary: the seven areas of Immigration New Zealand's
	 * Community Engagement Framework. Use these words everywhere the
	 * framework's areas are named. */
	{ "news_narrative", N_("News & Narrative") },
	{ "funding_models", N_("Funding Models") },
	{ "research_evidence", N_("Research & Evidence-based Practice") },
	{ "knowledge_skills", N_("Knowledge & Skills") },
	{ "events_programmes", N_("Events & Programmes") },
	{ "services", N_("Services") },
	{ "pathways", N_("Pathways") },
	{ NULL, NULL },
};

const struct vocab vocab_elements[] = {
	/* TRANSLATORS: Glossary: the framework's five elements of social
	 * cohesion (belonging, inclusion, participation, recognition,
	 * legitimacy). */
	{ "belonging", N_("Belonging") },
	{ "inclusion", N_("Inclusion") },
	{ "participation", N_("Participation") },
	{ "recognition", N_("Recognition") },
	{ "legitimacy", N_("Legitimacy") },
	{ NULL, NULL },
};

const struct vocab vocab_outcomes[] = {
	/* TRANSLATORS: Glossary: the New Zealand Refugee Resettlement
	 * Strategy's settlement outcome areas. */
	{ "employment", N_("Employment") },
	{ "education_training", N_("Education and training") },
	{ "english_language", N_("English language") },
	{ "inclusion", N_("Inclusion") },
	{ "health_wellbeing", N_("Health and wellbeing") },
	{ NULL, NULL },
};

const struct vocab vocab_statuses[] = {
	/* TRANSLATORS: Glossary: an initiative's status. */
	{ "idea", N_("Idea") },
	{ "planned", N_("Planned") },
	{ "active", N_("Active") },
	{ "paused", N_("Paused") },
	{ "completed", N_("Completed") },
	{ "cancelled", N_("Cancelled") },
	{ NULL, NULL },
};

const struct vocab vocab_visibilities[] = {
	/* TRANSLATORS: Glossary: who can see an initiative. */
	{ "working_group", N_("Working group only") },
	{ "public", N_("Published") },
	{ NULL, NULL },
};

const char *const *
vocab_keys(const struct vocab *list)
{
	/* One cache per list, filled on first use (workers are single
	 * threaded, and the lists never change). */
	static const struct vocab *owners[VOCAB_LISTS];
	static const char *keys[VOCAB_LISTS][VOCAB_MAX + 1];
	size_t	 i, k;

	for (i = 0; i < VOCAB_LISTS && owners[i] != NULL; i++)
		if (owners[i] == list)
			return keys[i];
	if (i == VOCAB_LISTS)
		return keys[0];	/* unreachable with the lists above */
	owners[i] = list;
	for (k = 0; k < VOCAB_MAX && list[k].key != NULL; k++)
		keys[i][k] = list[k].key;
	keys[i][k] = NULL;
	return keys[i];
}

const char *
vocab_name(const struct vocab *list, const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && list[i].key != NULL; i++)
		if (strcmp(list[i].key, key) == 0)
			return list[i].name;
	return NULL;
}

json_t *
vocab_coverage(const struct vocab *list, json_t *items, const char *field)
{
	json_t		*out = json_array(), *item;
	const char	*v;
	size_t		 i, k;
	int		 present;

	for (i = 0; list[i].key != NULL; i++) {
		present = 0;
		json_array_foreach(items, k, item)
			if ((v = json_string_value(json_object_get(item,
			    field))) != NULL && strcmp(v, list[i].key) == 0)
				present = 1;
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key",
		    list[i].key, "name", list[i].name, "present", present));
	}
	return out;
}

json_t *
vocab_options(const struct vocab *list, const char *selected)
{
	json_t	*out = json_array();
	size_t	 i;

	for (i = 0; list[i].key != NULL; i++)
		json_array_append_new(out, json_pack("{s:s, s:s, s:b}", "key",
		    list[i].key, "name", list[i].name, "selected",
		    selected != NULL && strcmp(selected, list[i].key) == 0));
	return out;
}

json_t *
vocab_named(const struct vocab *list, json_t *keys)
{
	json_t	*out = json_array(), *k;
	size_t	 i;

	json_array_foreach(keys, i, k)
		json_array_append_new(out, json_pack("{s:O, s:s?}", "key", k,
		    "name", vocab_name(list, json_string_value(k))));
	return out;
}
