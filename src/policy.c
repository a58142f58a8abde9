/*
 * policy.c — what applies to a tenant and who a role is: the per-tenant
 * policy (okr.tenant_config) and the binding of roles to tenants
 * (okr.tenant_role).
 *
 * Both tables are small and read on hot paths (a grade per row of a view, a
 * tenant per inserted row, a check-in's future bound), so their rows are
 * cached per backend across transactions, with PostgreSQL's invalidation
 * as the only way to learn of a change: okr.owner_only(), AFTER each row
 * written to either table (ENABLE ALWAYS, so a replica's apply too), queues
 * a relcache invalidation of the table, which every backend processes once
 * the writer commits, and the writer itself at its next command and again
 * on rollback (TRUNCATE invalidates the relcache itself).  A relcache
 * invalidation of either table (also its DDL, GRANT, CREATE POLICY, owner),
 * a cache reset, a change of any role or role membership, an abort of a
 * (sub)transaction and the statement triggers forget every cached row.
 * Rows are loaded with a fresh snapshot (what was committed before an
 * invalidation we processed is visible), and a row during whose load an
 * invalidation arrived is used once, not kept.  A change reaches a running
 * statement when the statement next processes invalidations (as a REVOKE
 * does): a revoked binding is not used a statement longer, at the price of
 * okr.grade() and okr.bound_tenant() being stable only between changes.
 * A transaction that began between another's commit and that commit's
 * invalidation may still use what was cached before it; a write with the
 * trigger disabled (by the owner) reaches no other backend's cache.  The
 * server-wide defaults (the okr.* settings) are applied at each use, not
 * cached.
 *
 * Every name and operator in the lookups is qualified, so a planted
 * operator or search_path changes nothing.  tenant_config is read as the
 * calling role (cached per current and session role, which its row-level
 * security depends on through okr.bound_tenant()): readable by all, and under tenant
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
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/plancache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

#include "compat.h"
#include "okr.h"
#include "query.h"
#include "store.h"

/*
 * Whose view of which tenant's row: what its row-level security depends on
 * (the roles, through okr.bound_tenant(), and whether FORCE applies).
 */
typedef struct PolicyKey
{
	Oid			user;
	Oid			session_user;
	bool		noforce_rls;	/* an owner's maintenance: no FORCE'd RLS */
	char		tenant[OKR_TENANT_MAX_BYTES + 1];
} PolicyKey;

/* A tenant_config row as stored: NULL columns take the server-wide default. */
typedef struct PolicyEntry
{
	PolicyKey	key;
	bool		isnull[9];
	double		grade_yellow;
	double		grade_green;
	double		at_risk_gap;
	double		off_track_gap;
	int			max_key_results;
	TimestampTz check_in_max_future;
	double		confidence_min;
	double		confidence_max;
	bool		notify;
	LocalTransactionId lxid;	/* kept for this transaction only, or Invalid */
} PolicyEntry;

/* Entries kept at most: a view grading many tenants' rows starts over. */
#define MAX_POLICIES 1024

static HTAB *policies = NULL;	/* PolicyKey -> PolicyEntry, in its own context */

/* The binding of (current user, session user); the tenant is in binding_cxt. */
static bool binding_known = false;
static Oid	binding_user = InvalidOid;
static Oid	binding_session_user = InvalidOid;
static char *binding_tenant = NULL;
static bool binding_is_owner = false;
static bool binding_own = false;
static LocalTransactionId binding_lxid = InvalidLocalTransactionId;
static MemoryContext binding_cxt = NULL;

/* Bumped by every invalidation: a row loaded across one is not kept. */
static uint64 generation = 0;

/* The two tables, as last looked up (an invalidation names them by oid). */
static Oid	config_relid = InvalidOid;
static Oid	role_relid = InvalidOid;

static SPIPlanPtr policy_plan = NULL;
static SPIPlanPtr binding_plan = NULL;

/*
 * Forget every cached row.  Nothing holds a pointer into the caches across
 * a catalog access (where an invalidation may run): okr_tenant_policy
 * copies the entry, okr_bound_tenant returns a copy of the tenant.
 */
static void
okr_policy_invalidate(void)
{
	generation++;
	if (policies != NULL)
		hash_destroy(policies);
	policies = NULL;
	binding_known = false;
	binding_tenant = NULL;
	if (binding_cxt != NULL)
		MemoryContextReset(binding_cxt);
}

static void
policy_relcache_callback(Datum arg, Oid relid)
{
	if (!OidIsValid(relid) || relid == config_relid || relid == role_relid)
		okr_policy_invalidate();
}

static void
policy_syscache_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	okr_policy_invalidate();
	/* a renamed role may be bound or unbound now: plans depend on it (isolation.c) */
	if (cacheid == AUTHOID)
		ResetPlanCache();
}

/*
 * A transaction that wrote either table and aborted (or was prepared, and so
 * is no longer this backend's): its own invalidations undo what it cached,
 * and this too, for rows cached between its write and the end of that
 * command.
 */
static void
policy_xact_callback(XactEvent event, void *arg)
{
	if (event == XACT_EVENT_ABORT || event == XACT_EVENT_PARALLEL_ABORT ||
		event == XACT_EVENT_PREPARE)
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
	CacheRegisterRelcacheCallback(policy_relcache_callback, (Datum) 0);
	/* role names (the binding), attributes (BYPASSRLS) and memberships (grants) */
	CacheRegisterSyscacheCallback(AUTHOID, policy_syscache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, policy_syscache_callback, (Datum) 0);
}

/*
 * The owner of okr's table, InvalidOid if it does not exist (yet: 0.1.0);
 * *relid is its oid, which the invalidation callback compares.
 */
static Oid
okr_table_owner(const char *name, Oid *relid_out)
{
	Oid			nsp = get_namespace_oid("okr", true);
	Oid			relid = OidIsValid(nsp) ? get_relname_relid(name, nsp) : InvalidOid;

	*relid_out = relid;
	return OidIsValid(relid) ? okr_relation_owner(relid) : InvalidOid;
}

/*
 * Run a saved one-text-argument query, as owner (security-restricted) unless
 * owner is InvalidOid; returns the number of rows (in SPI_tuptable).  The
 * caller is connected to SPI.  With the latest snapshot, as the cache needs;
 * parallel mode has none but the statement's (see kept_for()).
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
		if (IsInParallelMode())
			rc = SPI_execute_plan(*plan, &value, NULL, true, 1);
		else
			rc = SPI_execute_snapshot(*plan, &value, NULL, GetLatestSnapshot(),
									  InvalidSnapshot, true, false, 1);
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

/*
 * How long a row loaded now may be kept: for ever (until an invalidation),
 * InvalidLocalTransactionId; this transaction only when it was read with
 * the statement's snapshot (parallel mode), which may predate a commit whose
 * invalidation this backend has already processed; not at all (false) when
 * the table does not exist yet (its creation would invalidate no oid we
 * know) or an invalidation arrived while loading.
 */
static bool
kept_for(bool exists, uint64 loaded_at, LocalTransactionId *lxid)
{
	if (!exists || loaded_at != generation)
		return false;
	*lxid = IsInParallelMode() ? okr_local_xid() : InvalidLocalTransactionId;
	return true;
}

static bool
still_valid(LocalTransactionId lxid)
{
	return lxid == InvalidLocalTransactionId || lxid == okr_local_xid();
}

/* ---------- okr.tenant_config ---------- */

/* Read e->key's row into e; false when there is no table to read. */
static bool
load_policy(PolicyEntry *e)
{
	TupleDesc	desc;
	HeapTuple	tup;
	Datum		d[9];
	int			i;
	Oid			owner = okr_table_owner("tenant_config", &config_relid);

	for (i = 0; i < 9; i++)
		e->isnull[i] = true;
	if (!OidIsValid(owner))
		return false;
	okr_spi_connect();
	if (lookup(&policy_plan,
			   "SELECT c.grade_yellow, c.grade_green, c.at_risk_gap, c.off_track_gap,"
			   "       c.max_key_results, c.check_in_max_future,"
			   "       c.confidence_min, c.confidence_max, c.notify"
			   "  FROM okr.tenant_config c WHERE c.tenant OPERATOR(pg_catalog.=) $1",
			   e->key.tenant, InvalidOid) == 1)
	{
		desc = SPI_tuptable->tupdesc;
		tup = SPI_tuptable->vals[0];
		for (i = 0; i < 9; i++)
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
		if (!e->isnull[8])
			e->notify = DatumGetBool(d[8]);
	}
	SPI_finish();
	return true;
}

/* The cached row of tenant as the current user sees it, loaded if need be. */
static void
cached_policy(const char *tenant, PolicyEntry *out)
{
	PolicyEntry *e;
	bool		exists;
	uint64		loaded_at = generation;

	memset(out, 0, sizeof(*out));
	out->key.user = GetUserId();
	out->key.session_user = GetSessionUserId();
	out->key.noforce_rls = InNoForceRLSOperation();
	strlcpy(out->key.tenant, tenant, sizeof(out->key.tenant));
	if (policies != NULL)
	{
		e = hash_search(policies, &out->key, HASH_FIND, NULL);
		if (e != NULL && still_valid(e->lxid))
		{
			*out = *e;
			return;
		}
	}
	exists = load_policy(out);
	if (!kept_for(exists, loaded_at, &out->lxid))
		return;
	if (policies == NULL || hash_get_num_entries(policies) >= MAX_POLICIES)
	{
		HASHCTL		ctl;

		if (policies != NULL)
			hash_destroy(policies);
		ctl.keysize = sizeof(PolicyKey);
		ctl.entrysize = sizeof(PolicyEntry);
		ctl.hcxt = TopMemoryContext;
		policies = hash_create("okr tenant policies", 64, &ctl,
							   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	e = hash_search(policies, &out->key, HASH_ENTER, NULL);
	*e = *out;
}

/*
 * The policy of tenant: its okr.tenant_config row, NULL columns (and a
 * tenant without a row, or NULL for tenant) taking the okr.* settings.
 */
void
okr_tenant_policy(const char *tenant, OkrPolicy *p)
{
	PolicyEntry e;

	p->grade_yellow = okr_grade_yellow;
	p->grade_green = okr_grade_green;
	p->at_risk_gap = okr_at_risk_gap;
	p->off_track_gap = okr_off_track_gap;
	p->max_key_results = okr_max_key_results;
	p->check_in_max_future = (TimestampTz) okr_check_in_max_future * USECS_PER_SEC;
	p->confidence_min = 0;
	p->confidence_max = 1;
	p->notify = false;
	/* a longer name cannot have a row (a CHECK refuses it) */
	if (tenant == NULL || strlen(tenant) > OKR_TENANT_MAX_BYTES)
		return;
	cached_policy(tenant, &e);
	if (!e.isnull[0])
		p->grade_yellow = e.grade_yellow;
	if (!e.isnull[1])
		p->grade_green = e.grade_green;
	if (!e.isnull[2])
		p->at_risk_gap = e.at_risk_gap;
	if (!e.isnull[3])
		p->off_track_gap = e.off_track_gap;
	if (!e.isnull[4])
		p->max_key_results = e.max_key_results;
	if (!e.isnull[5])
		p->check_in_max_future = e.check_in_max_future;
	if (!e.isnull[6])
		p->confidence_min = e.confidence_min;
	if (!e.isnull[7])
		p->confidence_max = e.confidence_max;
	if (!e.isnull[8])
		p->notify = e.notify;
}

/* ---------- okr.tenant_role ---------- */

/*
 * The binding of the current (else the session) role, into *tenant (NULL:
 * none), palloc'd in the caller's context, whether the current role is
 * okr's owner, and whether the binding is the current role's own; false
 * when there is no table.
 */
static bool
load_binding(char **tenant, bool *is_owner, bool *own)
{
	const char *users[2];
	MemoryContext caller = CurrentMemoryContext;
	int			i;
	Oid			owner = okr_table_owner("tenant_role", &role_relid);

	*tenant = NULL;
	*is_owner = false;
	*own = false;
	if (!OidIsValid(owner))
		return false;
	*is_owner = GetUserId() == owner;
	users[0] = GetUserNameFromId(GetUserId(), false);
	users[1] = GetUserNameFromId(GetSessionUserId(), false);
	okr_spi_connect();
	/* the current role's binding first; else the session's (SET ROLE cannot escape it) */
	for (i = 0; i < 2 && *tenant == NULL; i++)
		if (lookup(&binding_plan,
				   "SELECT r.tenant FROM okr.tenant_role r"
				   " WHERE r.role OPERATOR(pg_catalog.=) $1::pg_catalog.name",
				   users[i], owner) == 1)
		{
			*tenant = MemoryContextStrdup(caller,
										  SPI_getvalue(SPI_tuptable->vals[0],
													   SPI_tuptable->tupdesc, 1));
			*own = i == 0;
		}
	SPI_finish();
	return true;
}

/*
 * The tenant the current (else the session) role is bound to, or NULL; a
 * copy in the caller's context (an invalidation may drop the cached one).
 * *is_owner: whether the current role is okr's owner; *own: whether the
 * binding is the current role's own (not the session role's).
 */
static const char *
binding(bool *is_owner, bool *own)
{
	Oid			user;
	Oid			session_user;
	uint64		loaded_at = generation;
	char	   *tenant;
	bool		exists;

	*is_owner = false;
	*own = false;
	if (!IsTransactionState())
		return NULL;
	user = GetUserId();
	session_user = GetSessionUserId();
	if (binding_known && binding_user == user && binding_session_user == session_user &&
		still_valid(binding_lxid))
	{
		*is_owner = binding_is_owner;
		*own = binding_own;
		return binding_tenant ? pstrdup(binding_tenant) : NULL;
	}
	exists = load_binding(&tenant, is_owner, own);
	if (kept_for(exists, loaded_at, &binding_lxid))
	{
		if (binding_cxt == NULL)
			binding_cxt = AllocSetContextCreate(TopMemoryContext, "okr tenant binding",
												ALLOCSET_SMALL_SIZES);
		MemoryContextReset(binding_cxt);
		binding_tenant = tenant ? MemoryContextStrdup(binding_cxt, tenant) : NULL;
		binding_is_owner = *is_owner;
		binding_own = *own;
		binding_user = user;
		binding_session_user = session_user;
		binding_known = true;
	}
	return tenant;
}

/* The tenant a session writes as and locks (okr_session_tenant()). */
const char *
okr_bound_tenant(void)
{
	bool		is_owner;
	bool		own;

	return binding(&is_owner, &own);
}

/*
 * okr.bound_tenant() -- the tenant whose rows the caller sees under
 * isolation (the policies of okr.enable_tenant_isolation()), NULL for all.
 * Code running as okr's owner sees every row, whatever the session's role:
 * okr's SECURITY DEFINER structure triggers maintain every tenant's paths
 * (as the session's binding, that of a bound login SET ROLE to a role
 * bound to another tenant hid the rows they write).  The owner may lift row
 * security anyway; the tenant written and locked stays the session's.
 */
const char *
okr_isolated_tenant(bool *own)
{
	bool		is_owner;
	const char *tenant = binding(&is_owner, own);

	return is_owner ? NULL : tenant;
}

PG_FUNCTION_INFO_V1(okr_bound_tenant_sql);
Datum
okr_bound_tenant_sql(PG_FUNCTION_ARGS)
{
	bool		own;
	const char *tenant = okr_isolated_tenant(&own);

	if (tenant == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(tenant));
}

Oid
okr_tenant_role_relid(void)
{
	(void) okr_table_owner("tenant_role", &role_relid);
	return role_relid;
}

/*
 * okr.owner_only() — statement trigger on okr.tenant_config and
 * okr.tenant_role: only their owner (or a member of the owner role, or a
 * superuser) writes them, whatever was granted, since they decide what every
 * tenant's role may see and how it is graded.  BEFORE and AFTER, it also
 * forgets this backend's cached rows.  As an AFTER row trigger (ENABLE
 * ALWAYS) it queues the relcache invalidation of the table that makes every
 * backend forget them once this transaction commits, and this one at its
 * next command and on rollback.
 */
PG_FUNCTION_INFO_V1(okr_owner_only);
Datum
okr_owner_only(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	Relation	rel;

	td = okr_trigger_data(fcinfo, "okr.owner_only()");
	rel = td->tg_relation;
	if (TRIGGER_FIRED_FOR_ROW(td->tg_event))
	{
		CacheInvalidateRelcacheByRelid(RelationGetRelid(rel));
		return PointerGetDatum(NULL);
	}
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

/*
 * okr.maintained_guard() — statement trigger on every table okr maintains
 * (85-guards.sql): only their owner writes them (okr's rollup and structure
 * triggers run as the owner; deleting an objective cascades as the owner; a
 * restore runs as a superuser), whatever was granted: a row there moves a
 * score, a path, a pace or a key result's history.
 */
PG_FUNCTION_INFO_V1(okr_maintained_guard);
Datum
okr_maintained_guard(PG_FUNCTION_ARGS)
{
	Relation	rel;

	rel = okr_trigger_data(fcinfo, "okr.maintained_guard()")->tg_relation;
	if (!has_privs_of_role(GetUserId(), rel->rd_rel->relowner))
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("permission denied to change okr.%s", RelationGetRelationName(rel)),
				 errdetail("okr maintains okr.%s from objectives, key results, alignments, check-ins and outputs: only okr writes it.",
						   RelationGetRelationName(rel)),
				 errhint("Write those instead; okr.rebuild() recomputes everything okr maintains.")));
	return PointerGetDatum(NULL);
}
