/*
 * okr.c — module entry point: the extension's settings.
 *
 * The policy settings (grading bands, pace gaps, limits) are server-wide
 * defaults that only superusers change (PGC_SUSET): two sessions must not
 * grade one objective differently, nor a session lift a limit for itself.
 * Per tenant, okr.tenant_config overrides them (policy.c).  okr.tenant stays
 * settable by every session, but a role bound to a tenant (okr.tenant_role)
 * writes as that tenant whatever it says (okr_session_tenant).
 */
#include "postgres.h"

#include <limits.h>

#include "commands/trigger.h"
#include "fmgr.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "okr.h"
#include "query.h"
#include "rollup.h"
#include "store.h"

PG_MODULE_MAGIC;

char	   *okr_tenant = NULL;
int			okr_fiscal_year_start = 1;
double		okr_at_risk_gap = 0.1;
double		okr_off_track_gap = 0.25;
double		okr_grade_yellow = 0.4;
double		okr_grade_green = 0.7;
int			okr_max_key_results = 5;
int			okr_check_in_max_future = 24 * 3600;
static int	okr_stale_after = 14 * 24 * 3600;
static int	okr_max_objectives_per_owner = 3;
/* read by okr.refresh_paths (55-structure.sql) */
static int	okr_max_paths = 100000;
bool		okr_maintenance = true;

void		_PG_init(void);

static const struct config_enum_entry history_scan_options[] = {
	{"auto", OKR_HISTORY_SCAN_AUTO, false},
	{"on", OKR_HISTORY_SCAN_ON, false},
	{"off", OKR_HISTORY_SCAN_OFF, false},
	{NULL, 0, false}
};

/* okr.tenant: a name that fits in payloads and identifiers. */
static bool
check_tenant(char **newval, void **extra, GucSource source)
{
	size_t		len = strlen(*newval);

	if (len > 0 && len <= OKR_TENANT_MAX_BYTES)
		return true;
	GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
	GUC_check_errdetail("A tenant name has 1 to %d bytes; this one has %zu.",
						OKR_TENANT_MAX_BYTES, len);
	GUC_check_errhint("Use a short key for the tenant, such as its id or slug.");
	return false;
}

void
_PG_init(void)
{
	DefineCustomStringVariable("okr.tenant",
							   "Tenant that new OKR rows belong to by default.",
							   NULL, &okr_tenant, "default",
							   PGC_USERSET, 0, check_tenant, NULL, NULL);
	DefineCustomIntVariable("okr.fiscal_year_start",
							"First month (1-12) of the fiscal year used by FY periods.",
							"FY2027 is the fiscal year that ends in calendar year 2027.",
							&okr_fiscal_year_start, 1, 1, 12,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("okr.at_risk_gap",
							 "How far a score may trail the expected progress before it is at_risk.",
							 NULL, &okr_at_risk_gap, 0.1, 0.0, 1.0,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("okr.off_track_gap",
							 "How far a score may trail the expected progress before it is off_track.",
							 NULL, &okr_off_track_gap, 0.25, 0.0, 1.0,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("okr.grade_yellow",
							 "Lowest score graded yellow (below it: red).",
							 NULL, &okr_grade_yellow, 0.4, 0.0, 1.0,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomRealVariable("okr.grade_green",
							 "Lowest score graded green.",
							 NULL, &okr_grade_green, 0.7, 0.0, 1.0,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("okr.max_key_results",
							"Most key results one objective may have (0 = unlimited).",
							NULL, &okr_max_key_results, 5, 0, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("okr.max_paths",
							"Most paths from top-level objectives one structure statement may write (okr.alignment_tree).",
							"Objectives with several parents multiply the paths below them: k of them in sequence give 2^k.",
							&okr_max_paths, 100000, 1, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomIntVariable("okr.history_batch",
							"Objectives whose key results the history functions read in one query (0 = as many as fit 2^19 values per instant).",
							"okr.scores_over keeps per-instant values only for one batch at a time; smaller batches use less memory and more queries.",
							&okr_history_batch, 0, 0, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("okr.history_scan",
							 "How the history functions read the key results of a subtree: auto, on (one scan of the tenant's check-ins and outputs) or off (a lookup per key result).",
							 "auto scans for a whole tenant or a subtree of at least half its objectives, within a bound on memory. Results are the same either way.",
							 &okr_history_scan, OKR_HISTORY_SCAN_AUTO, history_scan_options,
							 PGC_SUSET, 0, NULL, NULL, NULL);
	DefineCustomBoolVariable("okr.plan_lookups",
							 "Plan statements as lookups by key: as if each table were large and had no statistics.",
							 "Set on okr's structure triggers, okr.verify() and okr.lint() (and used by okr's own prepared statements), so that which index a lookup takes does not depend on what ANALYZE found or when.",
							 &okr_plan_lookups, false,
							 PGC_USERSET, GUC_NOT_IN_SAMPLE | GUC_EXPLAIN, NULL, NULL, NULL);
	DefineCustomIntVariable("okr.stale_after",
							"A key result without a check-in for longer than this is stale (okr.lint).",
							NULL, &okr_stale_after, 14 * 24 * 3600, 1, INT_MAX,
							PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);
	DefineCustomIntVariable("okr.max_objectives_per_owner",
							"Active objectives one owner may have per period before okr.lint advises (0 = no advice).",
							NULL, &okr_max_objectives_per_owner, 3, 0, INT_MAX,
							PGC_SUSET, 0, NULL, NULL, NULL);

	DefineCustomIntVariable("okr.check_in_max_future",
							"How far into the future a check-in may be dated.",
							"Check-ins dated later are refused; okr.tenant_config.check_in_max_future overrides it per tenant.",
							&okr_check_in_max_future, 24 * 3600, 0, INT_MAX,
							PGC_SUSET, GUC_UNIT_S, NULL, NULL, NULL);

	DefineCustomBoolVariable("okr.maintenance",
							 "Whether okr's triggers maintain and guard its tables (off: for restoring a dump only).",
							 "Off, rows are written as given: no rollup, no frozen-objective or validation checks. "
							 "Run okr.rebuild() afterwards.",
							 &okr_maintenance, true,
							 PGC_SUSET, 0, NULL, NULL, NULL);

	MarkGUCPrefixReserved("okr");

	okr_query_init();
	okr_rollup_init();
	okr_policy_init();
}

/*
 * The tenant this session writes as: the role's bound tenant if it has one
 * (a boundary the role cannot move), else the setting okr.tenant.
 */
const char *
okr_session_tenant(void)
{
	const char *bound = okr_bound_tenant();

	return bound ? bound : okr_tenant;
}

/*
 * okr.current_tenant() — the default of every tenant column.  A C function
 * rather than current_setting('okr.tenant') so that using the default loads
 * this library, which defines the setting.
 */
PG_FUNCTION_INFO_V1(okr_current_tenant);
Datum
okr_current_tenant(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(okr_session_tenant()));
}

/*
 * okr.library_loaded() — true.  IMMUTABLE, so the planner folds a call of
 * it while it plans, loading this library first: a SQL function that SETs
 * okr.plan_lookups (okr.verify(), okr.lint()) calls it in its body so that
 * okr's planner hooks (src/query.c) exist when that body is planned, even
 * in a backend that had not loaded okr yet.
 */
PG_FUNCTION_INFO_V1(okr_library_loaded);
Datum
okr_library_loaded(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(true);
}

/*
 * okr.setting(name) — current value of one of okr's settings.  Calling it
 * loads this library, so SQL code can read okr.* settings in any session.
 */
PG_FUNCTION_INFO_V1(okr_setting);
Datum
okr_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));

	if (strncmp(name, "okr.", 4) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("\"%s\" is not a setting of okr", name),
				 errdetail("okr.setting() reads okr's own settings only; current_setting() reads any."),
				 errhint("okr's settings are named okr.*, for example okr.stale_after.")));
	PG_RETURN_TEXT_P(cstring_to_text(GetConfigOptionByName(name, NULL, false)));
}

/*
 * The trigger data, after checking that okr's own table fired the trigger:
 * okr's trigger functions trust the tables they are attached to.
 */
TriggerData *
okr_trigger_data(FunctionCallInfo fcinfo, const char *name)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function %s must be called as a trigger", name),
				 errdetail("It is one of the trigger functions okr attaches to its own tables."),
				 errhint("Write to okr's tables; their triggers call it.")));
	td = (TriggerData *) fcinfo->context;
	if (RelationGetNamespace(td->tg_relation) != okr_namespace())
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function %s fired on table \"%s\"", name,
						RelationGetRelationName(td->tg_relation)),
				 errdetail("okr's trigger functions serve okr's own tables only."),
				 errhint("Drop the trigger that calls it on \"%s\".",
						 RelationGetRelationName(td->tg_relation))));
	return td;
}
