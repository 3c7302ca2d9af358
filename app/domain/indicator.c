/*
 * indicator: the national indicators' texts for translation (see
 * indicator.h).  Keep them as sql/025_indicators.sql writes them.
 */
#include <stddef.h>

#include "../views/i18n.h"
#include "indicator.h"

const char *const indicator_texts[] = {
	N_("People reached"),
	N_("People who took part in the initiative or were reached by it in "
	    "the period since the previous update. Someone reached again in a "
	    "later period is counted again in that period."),
	N_("Sessions held"),
	N_("Sessions, events or meetings the initiative ran in the period "
	    "since the previous update."),
	N_("Volunteers"),
	N_("People who gave their time unpaid to the initiative in the period "
	    "since the previous update."),
	N_("People into work or training"),
	N_("People who started paid work, an apprenticeship or a training "
	    "course with the initiative's help in the period since the "
	    "previous update."),
	N_("people"),
	N_("sessions"),
	NULL,
};
