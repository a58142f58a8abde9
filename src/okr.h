/*
 * okr.h — settings shared by okr's C files, the tenant of the session,
 * the per-tenant policy, and the check every okr trigger function makes.
 *
 * Each setting is a GUC defined in okr.c; its documented meaning lives in
 * README.md ("Settings").  The policy settings are only the server-wide
 * defaults: what applies to a tenant is okr_tenant_policy() (policy.c),
 * which reads okr.tenant_config.
 */
#ifndef OKR_H
#define OKR_H

#include "datatype/timestamp.h"
#include "fmgr.h"

/* Longest tenant name, in bytes (it must fit in identifiers and payloads). */
#define OKR_TENANT_MAX_BYTES 128

/* Most instants of one history query (okr.score_series, okr.scores_over). */
#define OKR_SERIES_MAX_STEPS 10000

extern char *okr_tenant;
extern int	okr_fiscal_year_start;
extern double okr_at_risk_gap;
extern double okr_off_track_gap;
extern double okr_grade_yellow;
extern double okr_grade_green;
extern int	okr_max_key_results;
extern int	okr_check_in_max_future;
extern int	okr_history_batch;	/* okr.history_batch (src/history.c) */
/* okr.history_scan (src/history.c) */
typedef enum OkrHistoryScan
{
	OKR_HISTORY_SCAN_AUTO,
	OKR_HISTORY_SCAN_ON,
	OKR_HISTORY_SCAN_OFF
} OkrHistoryScan;
extern int	okr_history_scan;
extern bool okr_maintenance;	/* okr.maintenance: off while restoring */
extern bool okr_plan_lookups;	/* okr.plan_lookups (src/query.c) */

/* The tenant this session writes as (okr.tenant, or the role's bound tenant). */
extern const char *okr_session_tenant(void);

/* The tenant the current or session role is bound to (okr.tenant_role), or NULL. */
extern const char *okr_bound_tenant(void);

/*
 * The tenant whose rows okr.bound_tenant() shows under isolation, or NULL:
 * all; *own: whether the current role's own binding decides it.
 */
extern const char *okr_isolated_tenant(bool *own);

/* The oid of okr.tenant_role, or InvalidOid (a 0.1.0 schema). */
extern Oid	okr_tenant_role_relid(void);

/* One tenant's policy: its okr.tenant_config row, defaults filled in. */
typedef struct OkrPolicy
{
	double		grade_yellow;
	double		grade_green;
	double		at_risk_gap;
	double		off_track_gap;
	int			max_key_results;	/* 0 = unlimited */
	TimestampTz check_in_max_future;	/* microseconds */
	double		confidence_min; /* the tenant's confidence scale (model) */
	double		confidence_max;
	bool		notify;			/* NOTIFY its changed scores (notify.c) */
} OkrPolicy;

extern void okr_tenant_policy(const char *tenant, OkrPolicy *policy);

/* The trigger data of okr's trigger function name, fired by okr's own table. */
struct TriggerData;
extern struct TriggerData *okr_trigger_data(FunctionCallInfo fcinfo, const char *name);

extern void okr_policy_init(void);

#endif							/* OKR_H */
