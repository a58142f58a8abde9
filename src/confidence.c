/*
 * confidence.c — check-in confidence on each tenant's scale.
 *
 * Teams rate confidence 0-1, 0-10, 1-10...: okr.tenant_config's
 * confidence_min and confidence_max set a tenant's scale (default 0 to 1).
 * A check-in's confidence is checked against it when written (limits.c
 * calls okr_check_confidence), and okr.confidence_fraction() puts it on 0-1
 * for comparisons across tenants.
 */
#include "postgres.h"

#include <math.h>

#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/float.h"

#include "confidence.h"
#include "okr.h"

/* The scale of tenant; refuses one that is empty (min >= max by defaults). */
static void
scale_of(const char *tenant, double *min, double *max)
{
	OkrPolicy	p;

	okr_tenant_policy(tenant, &p);
	if (!(p.confidence_min < p.confidence_max))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the confidence scale of tenant \"%s\" is empty", tenant),
				 errdetail("confidence_min is %s and confidence_max %s (a NULL is the default, 0 or 1).",
						   float8out_internal(p.confidence_min),
						   float8out_internal(p.confidence_max)),
				 errhint("Set both in okr.tenant_config, the lower one first.")));
	*min = p.confidence_min;
	*max = p.confidence_max;
}

void
okr_check_confidence(const char *tenant, double confidence)
{
	double		min,
				max;

	scale_of(tenant, &min, &max);
	if (confidence >= min && confidence <= max)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("confidence %s is outside the confidence scale of tenant \"%s\"",
					float8out_internal(confidence), tenant),
			 errdetail("Tenant \"%s\" rates confidence from %s to %s (okr.tenant_config.confidence_min and confidence_max).",
					   tenant, float8out_internal(min), float8out_internal(max)),
			 errhint("Give a confidence from %s to %s, or none (NULL).",
					 float8out_internal(min), float8out_internal(max))));
}

/*
 * okr.confidence_fraction(confidence, tenant): where confidence lies on the
 * tenant's scale, 0 at its lowest and 1 at its highest.  Confidences given
 * before the scale changed may fall outside 0-1: they are not rewritten.
 */
PG_FUNCTION_INFO_V1(okr_confidence_fraction);
Datum
okr_confidence_fraction(PG_FUNCTION_ARGS)
{
	double		confidence = PG_GETARG_FLOAT8(0);
	char	   *tenant = text_to_cstring(PG_GETARG_TEXT_PP(1));
	double		min,
				max;

	scale_of(tenant, &min, &max);
	PG_RETURN_FLOAT8((confidence - min) / (max - min));
}
