/*
 * policy.c — what applies to a tenant and who a role is: the per-tenant
 * policy (okr.tenant_config) and the binding of roles to tenants
 * (okr.tenant_role).
 *
 * Both tables are small and read on hot paths (a grade per row of a view, a
 * tenant per inserted row), so their rows are cached, but never beyond what
 * the transaction may see: the caches live in TopTransactionContext and are
 * forgotten at the end of every transaction, when a subtransaction aborts,
 * and when either table is written (okr.owner_only(), BEFORE and AFTER each
 * statement).  The server-wide defaults (the okr.* settings) are applied at
 * each use, not cached.
 *
 * Every name and operator in the lookups is qualified, so a planted
 * operator or search_path changes nothing.  tenant_config is read as the
 * calling role (cached per role): readable by all, and under tenant
 * isolation a bound role reads, and so is graded by, its own tenant's row
 * only; okr's rollup runs as the owner and sees every row.  tenant_role is
 * read as its owner, security-restricted: nobody else may read it, and a
 * role learns its own binding through okr.bound_tenant().  Both tables are
 * writable by their owner only.
 */
#include "postgres.h"

#include "access/xact.h"
#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "okr.h"

/* Whose view of which tenant's row. */
typedef struct PolicyKey
{
	Oid			user;
	char		tenant[OKR_TENANT_MAX_BYTES + 1];
} PolicyKey;

/* A tenant_config row as stored: NULL columns take the server-wide default. */
typedef struct PolicyEntry
{
	PolicyKey	key;
	bool		isnull[8];
	double		grade_yellow;
	double		grade_green;
	double		at_risk_gap;
	double		off_track_gap;
	int			max_key_results;
	TimestampTz check_in_max_future;
	double		confidence_min;
	double		confidence_max;
} PolicyEntry;

static HTAB *policies = NULL;	/* PolicyKey -> PolicyEntry, this transaction */

/* The binding of (current user, session user), this transaction. */
static bool binding_known = false;
static Oid	binding_user = InvalidOid;
static Oid	binding_session_user = InvalidOid;
static char *binding_tenant = NULL;

static SPIPlanPtr policy_plan = NULL;
static SPIPlanPtr binding_plan = NULL;

void
okr_policy_invalidate(void)
{
	/* The memory itself goes with TopTransactionContext. */
	policies = NULL;
	binding_known = false;
	binding_tenant = NULL;
}

static void
policy_xact_callback(XactEvent event, void *arg)
{
	okr_policy_invalidate();
}

static void
policy_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
						SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
		okr_policy_invalidate();
}

void
okr_policy_init(void)
{
	RegisterXactCallback(policy_xact_callback, NULL);
	RegisterSubXactCallback(policy_subxact_callback, NULL);
}

/* The owner of okr's table, InvalidOid if it does not exist (yet: 0.1.0). */
static Oid
okr_table_owner(const char *name)
{
	Oid			nsp = get_namespace_oid("okr", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(name, nsp) : InvalidOid;
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		return InvalidOid;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "okr: cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/*
 * Run a saved one-text-argument query, as owner (security-restricted) unless
 * owner is InvalidOid; returns the number of rows (in SPI_tuptable).  The
 * caller is connected to SPI.
 */
static uint64
lookup(SPIPlanPtr *plan, const char *sql, const char *arg, Oid owner)
{
	Datum		value = CStringGetTextDatum(arg);
	Oid			argtype = TEXTOID;
	Oid			save_userid;
	int			save_sec_context;
	volatile int rc = 0;

	if (*plan == NULL)
	{
		SPIPlanPtr	p = SPI_prepare(sql, 1, &argtype);

		if (p == NULL || SPI_keepplan(p) != 0)
			elog(ERROR, "okr: could not prepare \"%s\": %s", sql,
				 SPI_result_code_string(SPI_result));
		*plan = p;
	}
	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	if (OidIsValid(owner))
		SetUserIdAndSecContext(owner, save_sec_context | SECURITY_LOCAL_USERID_CHANGE |
							   SECURITY_RESTRICTED_OPERATION | SECURITY_NOFORCE_RLS);
	PG_TRY();
	{
		rc = SPI_execute_plan(*plan, &value, NULL, true, 1);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	PG_END_TRY();
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "okr: lookup failed: %s", sql);
	return SPI_processed;
}

/* ---------- okr.tenant_config ---------- */

static void
load_policy(PolicyEntry *e)
{
	TupleDesc	desc;
	HeapTuple	tup;
	Datum		d[8];
	int			i;
	Oid			owner = okr_table_owner("tenant_config");

	for (i = 0; i < 8; i++)
		e->isnull[i] = true;
	if (!OidIsValid(owner))
		return;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");
	if (lookup(&policy_plan,
			   "SELECT c.grade_yellow, c.grade_green, c.at_risk_gap, c.off_track_gap,"
			   "       c.max_key_results, c.check_in_max_future,"
			   "       c.confidence_min, c.confidence_max"
			   "  FROM okr.tenant_config c WHERE c.tenant OPERATOR(pg_catalog.=) $1",
			   e->key.tenant, InvalidOid) == 1)
	{
		desc = SPI_tuptable->tupdesc;
		tup = SPI_tuptable->vals[0];
		for (i = 0; i < 8; i++)
			d[i] = SPI_getbinval(tup, desc, i + 1, &e->isnull[i]);
		if (!e->isnull[0])
			e->grade_yellow = DatumGetFloat8(d[0]);
		if (!e->isnull[1])
			e->grade_green = DatumGetFloat8(d[1]);
		if (!e->isnull[2])
			e->at_risk_gap = DatumGetFloat8(d[2]);
		if (!e->isnull[3])
			e->off_track_gap = DatumGetFloat8(d[3]);
		if (!e->isnull[4])
			e->max_key_results = DatumGetInt32(d[4]);
		if (!e->isnull[5])
		{
			Interval   *iv = DatumGetIntervalP(d[5]);

			/* a CHECK keeps it between 0 and 100 years: no overflow */
			e->check_in_max_future = iv->time +
				((int64) iv->month * DAYS_PER_MONTH + iv->day) * USECS_PER_DAY;
		}
		if (!e->isnull[6])
			e->confidence_min = DatumGetFloat8(d[6]);
		if (!e->isnull[7])
			e->confidence_max = DatumGetFloat8(d[7]);
	}
	SPI_finish();
}

static PolicyEntry *
cached_policy(const char *tenant)
{
	HASHCTL		ctl;
	PolicyKey	key;
	PolicyEntry *e;
	bool		found;

	if (policies == NULL)
	{
		ctl.keysize = sizeof(PolicyKey);
		ctl.entrysize = sizeof(PolicyEntry);
		ctl.hcxt = TopTransactionContext;
		policies = hash_create("okr tenant policies", 16, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	memset(&key, 0, sizeof(key));
	key.user = GetUserId();
	strlcpy(key.tenant, tenant, sizeof(key.tenant));
	e = hash_search(policies, &key, HASH_ENTER, &found);
	if (!found)
	{
		PG_TRY();
		{
			load_policy(e);
		}
		PG_CATCH();
		{
			hash_search(policies, &key, HASH_REMOVE, NULL);
			PG_RE_THROW();
		}
		PG_END_TRY();
	}
	return e;
}

/*
 * The policy of tenant: its okr.tenant_config row, NULL columns (and a
 * tenant without a row, or NULL for tenant) taking the okr.* settings.
 */
void
okr_tenant_policy(const char *tenant, OkrPolicy *p)
{
	PolicyEntry *e = NULL;

	p->grade_yellow = okr_grade_yellow;
	p->grade_green = okr_grade_green;
	p->at_risk_gap = okr_at_risk_gap;
	p->off_track_gap = okr_off_track_gap;
	p->max_key_results = okr_max_key_results;
	p->check_in_max_future = (TimestampTz) okr_check_in_max_future * USECS_PER_SEC;
	p->confidence_min = 0;
	p->confidence_max = 1;
	/* a longer name cannot have a row (a CHECK refuses it) */
	if (tenant == NULL || strlen(tenant) > OKR_TENANT_MAX_BYTES)
		return;
	e = cached_policy(tenant);
	if (!e->isnull[0])
		p->grade_yellow = e->grade_yellow;
	if (!e->isnull[1])
		p->grade_green = e->grade_green;
	if (!e->isnull[2])
		p->at_risk_gap = e->at_risk_gap;
	if (!e->isnull[3])
		p->off_track_gap = e->off_track_gap;
	if (!e->isnull[4])
		p->max_key_results = e->max_key_results;
	if (!e->isnull[5])
		p->check_in_max_future = e->check_in_max_future;
	if (!e->isnull[6])
		p->confidence_min = e->confidence_min;
	if (!e->isnull[7])
		p->confidence_max = e->confidence_max;
}

/* ---------- okr.tenant_role ---------- */

static char *
load_binding(void)
{
	const char *users[2];
	char	   *tenant = NULL;
	int			i;
	Oid			owner = okr_table_owner("tenant_role");

	if (!OidIsValid(owner))
		return NULL;
	users[0] = GetUserNameFromId(GetUserId(), false);
	users[1] = GetUserNameFromId(GetSessionUserId(), false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "okr: SPI_connect failed");
	/* the current role's binding first; else the session's (SET ROLE cannot escape it) */
	for (i = 0; i < 2 && tenant == NULL; i++)
		if (lookup(&binding_plan,
				   "SELECT r.tenant FROM okr.tenant_role r"
				   " WHERE r.role OPERATOR(pg_catalog.=) $1::pg_catalog.name",
				   users[i], owner) == 1)
			tenant = MemoryContextStrdup(TopTransactionContext,
										 SPI_getvalue(SPI_tuptable->vals[0],
													  SPI_tuptable->tupdesc, 1));
	SPI_finish();
	return tenant;
}

/* The tenant the current (else the session) role is bound to, or NULL. */
const char *
okr_bound_tenant(void)
{
	if (!IsTransactionState())
		return NULL;
	if (!binding_known || binding_user != GetUserId() ||
		binding_session_user != GetSessionUserId())
	{
		binding_known = false;
		binding_tenant = load_binding();
		binding_user = GetUserId();
		binding_session_user = GetSessionUserId();
		binding_known = true;
	}
	return binding_tenant;
}

/* okr.bound_tenant() — the caller's bound tenant, NULL when unbound. */
PG_FUNCTION_INFO_V1(okr_bound_tenant_sql);
Datum
okr_bound_tenant_sql(PG_FUNCTION_ARGS)
{
	const char *tenant = okr_bound_tenant();

	if (tenant == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(tenant));
}

/*
 * okr.owner_only() — statement trigger on okr.tenant_config and
 * okr.tenant_role: only their owner (or a member of the owner role, or a
 * superuser) writes them, whatever was granted, since they decide what every
 * tenant's role may see and how it is graded.  BEFORE and AFTER, it also
 * forgets the cached rows.
 */
PG_FUNCTION_INFO_V1(okr_owner_only);
Datum
okr_owner_only(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	Relation	rel;

	td = okr_trigger_data(fcinfo, "okr.owner_only()");
	rel = td->tg_relation;
	okr_policy_invalidate();
	if (TRIGGER_FIRED_BEFORE(td->tg_event) &&
		!has_privs_of_role(GetUserId(), rel->rd_rel->relowner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to change okr.%s", RelationGetRelationName(rel)),
				 errdetail("okr.%s decides what tenants' roles see and how they are graded: only its owner, %s, changes it.",
						   RelationGetRelationName(rel),
						   GetUserNameFromId(rel->rd_rel->relowner, false)),
				 errhint("Ask the owner of the okr extension to make the change.")));
	return PointerGetDatum(NULL);
}
